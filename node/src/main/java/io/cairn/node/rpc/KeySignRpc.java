package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Multibase;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code key/sign [--key NAME] [--ipns-base]} with the data as the body's one file: signs the data
 * (after libp2p's prefix) with the node identity or a keystore key and emits Kubo's {@code {Key:
 * {Name, Id}, Signature}}, the signature in multibase base64url.
 */
final class KeySignRpc implements ApiCommand {
  @Override
  public String path() {
    return "key/sign";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(KeySigning.FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    var ids = KeyOutputs.idEncoder(req);
    String name = req.option("key", "k").filter(s -> !s.isEmpty()).orElse(Keystore.SELF);
    Identity key = node.key(name);
    byte[] signature = key.sign(KeySigning.message(req));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Key", KeyOutputs.key(name, key, ids));
    out.put("Signature", Multibase.BASE64_URL.encode(signature));
    res.emitOnce(out);
  }
}
