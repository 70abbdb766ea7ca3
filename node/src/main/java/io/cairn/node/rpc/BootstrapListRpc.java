package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.config.ConfigException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bootstrap} and {@code bootstrap/list}: Kubo's {@code {Peers}}, the config's {@code
 * Bootstrap} list as written.
 */
final class BootstrapListRpc extends PathCommand {

  BootstrapListRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    res.emitOnce(Map.of("Peers", list(node)));
  }

  /** The list as the file holds it; none when the key is missing or null. */
  static List<String> list(NodeHandle node) {
    List<String> peers = new ArrayList<>();
    try {
      ConfigRpc.parse(ConfigEditor.open(node.paths()).getJson("Bootstrap"))
          .forEach(v -> peers.add(v.asText()));
    } catch (ConfigException e) {
      // no Bootstrap key: no peers
    }
    return peers;
  }
}
