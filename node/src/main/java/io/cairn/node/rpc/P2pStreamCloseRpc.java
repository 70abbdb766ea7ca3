package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.tunnel.Tunnels;

/**
 * {@code p2p/stream/close[?arg=<id>]}: resets the tunnelled connection with that handler ID, or
 * every one with {@code --all}: the stream is reset and the TCP connection closed. No output; an ID
 * that names none closes nothing, as in Kubo.
 */
final class P2pStreamCloseRpc implements ApiCommand {
  @Override
  public String path() {
    return "p2p/stream/close";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Tunnels tunnels = TunnelRpcs.tunnels(node, req);
    if (req.flag(false, "all", "a")) {
      tunnels.reset(s -> true);
      return;
    }
    if (req.arguments().isEmpty()) {
      throw new ApiException(ApiException.Kind.NORMAL, "no id specified");
    }
    String text = req.arguments().get(0);
    long id;
    try {
      id = Long.parseUnsignedLong(text);
    } catch (NumberFormatException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL, "strconv.ParseUint: parsing \"" + text + "\": invalid syntax");
    }
    tunnels.reset(s -> s.id() == id);
  }
}
