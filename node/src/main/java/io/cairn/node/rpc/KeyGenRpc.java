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
 * and emits Kubo's {@code {Name, Id}}. Cairn's keys are Ed25519, Kubo's default; Kubo's {@code rsa}
 * and {@code secp256k1} are refused by name, and a size other than Ed25519's 256 bits with Kubo's
 * message.
 */
final class KeyGenRpc implements ApiCommand {
  private static final String ED25519 = "ed25519";
  private static final int ED25519_BITS = 256;

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
    String type = req.option("type", "t").orElse(ED25519);
    if (!type.equals(ED25519)) {
      throw ApiException.client(
          "key type " + type + " is not supported: Cairn's keys are " + ED25519);
    }
    long size = req.number("size", "s").orElse((long) ED25519_BITS);
    if (size != ED25519_BITS) {
      throw ApiException.client(
          "invalid key size " + size + ": ed25519 keys are always " + ED25519_BITS + " bits");
    }
    Identity key = node.keystore().generate(name);
    res.emitOnce(KeyOutputs.key(name, key, ids));
  }
}
