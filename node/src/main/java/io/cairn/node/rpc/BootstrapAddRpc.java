package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.List;
import java.util.Map;

/**
 * {@code bootstrap/add}: adds peers ({@code <multiaddr>/p2p/<ID>}) to the front of the config's
 * {@code Bootstrap} list, each once, and emits Kubo's {@code {Peers}} with the peers given. Kubo's
 * {@code default} and {@code auto} (its AutoConf list) are refused: Cairn has no default list. The
 * daemon dials the list when it starts.
 */
final class BootstrapAddRpc implements ApiCommand {
  @Override
  public String path() {
    return "bootstrap/add";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> peers = req.arguments().stream().map(String::strip).distinct().toList();
    if (peers.isEmpty()) {
      throw ApiException.client("no bootstrap peers to add"); // Kubo's message
    }
    for (String p : peers) {
      if (p.equals("default") || p.equals("auto")) {
        throw ApiException.client(
            "cannot add default bootstrap peers: Cairn has no default list (Kubo's comes from its"
                + " AutoConf service); add peers by address, <multiaddr>/p2p/<ID>");
      }
      BootstrapPeers.checkAddable(p);
    }
    ConfigEditor.open(node.paths())
        .updateList("Bootstrap", current -> BootstrapPeers.added(current, peers));
    node.configChanged();
    res.emitOnce(Map.of("Peers", peers));
  }
}
