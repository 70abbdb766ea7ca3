package io.cairn.node.rpc;

import io.cairn.config.Keystore;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code key/ls} and Kubo's deprecated {@code key/list} ({@code [-l] [--ipns-base]}): Kubo's {@code
 * {Keys: [{Name, Id}...]}}, the node identity ({@code self}, from the config) first, then the
 * keystore's keys by name. A key file that cannot be read fails the command, naming the file.
 */
final class KeyListRpc extends PathCommand {

  KeyListRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    var ids = KeyOutputs.idEncoder(req);
    Keystore keystore = node.keystore();
    List<Map<String, Object>> keys = new ArrayList<>();
    keys.add(KeyOutputs.key(Keystore.SELF, node.key(Keystore.SELF), ids));
    for (String name : keystore.list()) {
      keys.add(KeyOutputs.key(name, keystore.get(name), ids));
    }
    res.emitOnce(KeyOutputs.keys(keys));
  }
}
