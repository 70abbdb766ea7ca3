package io.cairn.node.rpc;

import io.cairn.config.Identity;
import io.cairn.config.KeyFormat;
import io.cairn.config.Keystore;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import java.util.Optional;

/**
 * {@code key/import <name> [--format] [--allow-any-key-type] [--ipns-base]} with the key file as
 * the body's one file: stores the key under a new name and emits Kubo's {@code {Name, Id}}.
 *
 * <p>Kubo lets in RSA, Ed25519 and Secp256k1 keys, and any type (ECDSA) with {@code
 * --allow-any-key-type}; Cairn's keystore holds those three types only (it signs IPNS records with
 * them), so the option is taken and a key of another type is still refused, by its type. Kubo's
 * errors for {@code self}, a name already taken and a malformed file are kept.
 */
final class KeyImportRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "key";

  /** Far above any key file (an RSA-4096 protobuf is about 2.4 KB); a bigger body is not one. */
  private static final int MAX_KEY_FILE = 64 << 10;

  @Override
  public String path() {
    return "key/import";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String name = req.argument(0, "name");
    if (name.equals(Keystore.SELF)) {
      throw new IllegalArgumentException("cannot import key with name 'self'"); // Kubo's
    }
    var ids = KeyOutputs.idEncoder(req);
    KeyFormat format =
        KeyFormat.forName(
            req.option("format", "f").orElse(KeyFormat.LIBP2P_PROTOBUF.optionName()), "import");
    req.flag(false, "allow-any-key-type"); // accepted; no other type fits the keystore
    BodyPart part = req.requiredBody(FILE_ARGUMENT).next();
    byte[] file =
        Bodies.read(
            part,
            MAX_KEY_FILE,
            Bodies.name(part) + " is not a key file: it has more than " + MAX_KEY_FILE + " bytes");
    Identity key = format.decode(file);
    node.keystore().put(name, key); // refuses a name taken, with Kubo's message
    res.emitOnce(KeyOutputs.key(name, key, ids));
  }
}
