package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;

/**
 * {@code key/gen <name> [--type] [--size] [--ipns-base]}: makes a new key in the repo's keystore
 * and emits Kubo's {@code {Name, Id}}. Types as Kubo's: {@code ed25519} (the default), {@code rsa}
 * (2048 bits unless {@code --size} says more, up to 8192) and {@code secp256k1}; Kubo's messages
 * for a size that does not fit and an unknown type, with its status (500).
 */
final class KeyGenRpc implements ApiCommand {
  @Override
  public String path() {
    return "key/gen";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String name = req.argument(0, "name");
    var ids = KeyOutputs.idEncoder(req);
    if (name.equals(Keystore.SELF)) {
      throw new IllegalArgumentException("cannot create key with name 'self'"); // Kubo's
    }
    String type = req.option("type", "t").orElse(Keystore.ED25519);
    Long size = req.number("size", "s").orElse(null);
    if (size != null && (size < Integer.MIN_VALUE || size > Integer.MAX_VALUE)) {
      throw ApiException.client("invalid key size " + size);
    }
    // Kubo's errors for the size and the type are plain errors (500), as the keystore's are.
    Identity key = node.keystore().generate(name, type, size == null ? null : size.intValue());
    res.emitOnce(KeyOutputs.key(name, key, ids));
  }
}
