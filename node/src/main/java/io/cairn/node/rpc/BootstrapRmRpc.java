package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code bootstrap/rm} ({@code all}, or {@code bootstrap/rm/all}, to empty the list): removes peers
 * from the config's {@code Bootstrap} list, a whole peer for {@code /p2p/ID} or one address for
 * {@code <multiaddr>/p2p/ID}, and emits Kubo's {@code {Peers}} with the entries removed.
 */
final class BootstrapRmRpc extends PathCommand {

  BootstrapRmRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean all = path().endsWith("/all") || req.flag(false, "all");
    List<String> toRemove = req.arguments().stream().map(String::strip).toList();
    List<String> removed = new ArrayList<>();
    ConfigEditor.open(node.paths())
        .updateList(
            "Bootstrap",
            current -> {
              removed.clear();
              if (all) {
                removed.addAll(current);
                return List.of();
              }
              Map.Entry<List<String>, List<String>> split =
                  BootstrapPeers.removed(current, toRemove);
              removed.addAll(split.getValue());
              return split.getKey();
            });
    if (!removed.isEmpty()) {
      node.configChanged();
    }
    res.emitOnce(Map.of("Peers", removed));
  }
}
