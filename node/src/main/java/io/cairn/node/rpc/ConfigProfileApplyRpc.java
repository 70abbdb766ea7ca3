package io.cairn.node.rpc;

import io.cairn.config.ConfigEditor;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code config/profile/apply}: applies a profile (unless {@code dry-run}, after a backup of the
 * file); emits Kubo's {@code {OldCfg, NewCfg}}, and where the backup went as {@code Backup}.
 */
final class ConfigProfileApplyRpc implements ApiCommand {
  @Override
  public String path() {
    return "config/profile/apply";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean dryRun = req.flag(false, "dry-run");
    ConfigEditor.ProfileChange change =
        ConfigEditor.open(node.paths()).applyProfile(req.argument(0, "profile"), dryRun);
    if (!dryRun) {
      node.configChanged();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("OldCfg", ConfigRpc.parse(change.before()));
    m.put("NewCfg", ConfigRpc.parse(change.after()));
    change.backup().ifPresent(p -> m.put("Backup", p.toString()));
    res.emitOnce(m);
  }
}
