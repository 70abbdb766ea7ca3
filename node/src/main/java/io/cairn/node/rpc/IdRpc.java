package io.cairn.node.rpc;

import io.cairn.config.NodeConfig;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.PeerId;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code id}: the node's peer ID, public key, addresses, agent and protocols. */
final class IdRpc implements ApiCommand {
  @Override
  public String path() {
    return "id";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeConfig config = node.config();
    PeerId id = config.peerId();
    if (!req.arguments().isEmpty() && !PeerId.parse(req.arguments().get(0)).equals(id)) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "looking up other peers needs the p2p network, which this node does not run yet");
    }
    String base = req.optionOr("peerid-base", "b58mh");
    String idText =
        switch (base) {
          case "b58mh", "base58btc" -> id.toString();
          case "base36", "k" -> id.toBase36();
          case "base32", "b" -> id.toCid().toString();
          default ->
              throw ApiException.client(
                  "unknown peer ID encoding '" + base + "'; use b58mh, base36 or base32");
        };
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("ID", idText);
    m.put(
        "PublicKey",
        Base64.getEncoder().encodeToString(config.identity().key().publicKeyProtobuf()));
    m.put("Addresses", null);
    m.put("AgentVersion", "cairn/" + VersionRpc.version() + "/");
    m.put("Protocols", null);
    res.emitOnce(m);
  }
}
