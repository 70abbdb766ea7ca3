package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsPubsub;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.util.Map;

/** {@code name/pubsub/cancel <name>}: {@code {"Canceled": bool}}. */
final class NamePubsubCancelRpc implements ApiCommand {
  @Override
  public String path() {
    return "name/pubsub/cancel";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    IpnsPubsub names = NamePubsubRpcs.required(node, req);
    if (req.arguments().isEmpty()) {
      throw ApiException.client("argument \"name\" is required");
    }
    String text = req.arguments().get(0);
    text = text.startsWith("/ipns/") ? text.substring("/ipns/".length()) : text;
    PeerId name;
    try {
      name = IpnsRecord.parseName(text);
    } catch (IpnsException e) {
      throw ApiException.client("not a valid IPNS name: " + e.getMessage());
    }
    res.emitOnce(Map.of("Canceled", names.cancel(name)));
  }
}
