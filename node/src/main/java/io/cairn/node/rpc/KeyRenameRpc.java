package io.cairn.node.rpc;

import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code key/rename <name> <newName> [--force] [--ipns-base]}: renames a key in the keystore,
 * replacing one of the new name only with {@code force}, and emits Kubo's {@code {Was, Now, Id,
 * Overwrite}}.
 */
final class KeyRenameRpc implements ApiCommand {
  @Override
  public String path() {
    return "key/rename";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String was = req.argument(0, "name");
    String now = req.argument(1, "newName");
    boolean force = req.flag(false, "force", "f");
    var ids = KeyOutputs.idEncoder(req);
    Keystore.Renamed renamed = node.keystore().rename(was, now, force);
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Was", was);
    out.put("Now", now);
    out.put("Id", ids.apply(renamed.key().peerId()));
    out.put("Overwrite", renamed.overwritten());
    res.emitOnce(out);
  }
}
