package io.cairn.node.rpc;

import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code key/rm <name>... [--ipns-base]}: removes keys from the keystore, in order, and emits
 * Kubo's {@code {Keys: [{Name, Id}...]}} of those removed. As in Kubo, the first name that cannot
 * be removed ({@code self}, no such key) stops the command, the keys before it removed.
 */
final class KeyRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "key/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    List<String> names = req.requiredArguments("name");
    var ids = KeyOutputs.idEncoder(req);
    Keystore keystore = node.keystore();
    List<Map<String, Object>> removed = new ArrayList<>();
    for (String name : names) {
      removed.add(KeyOutputs.key(name, keystore.remove(name), ids));
    }
    res.emitOnce(KeyOutputs.keys(removed));
  }
}
