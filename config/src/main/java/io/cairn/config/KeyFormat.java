package io.cairn.config;

import io.cairn.storage.codec.KeyProtobuf;
import java.util.Arrays;

/**
 * The formats of a key file that Kubo's {@code key export} writes and {@code key import} reads,
 * under Kubo's names: the libp2p {@code PrivateKey} protobuf (what the keystore holds, and what
 * js-libp2p's {@code privateKeyFromProtobuf} reads) and PKCS#8 in PEM (RFC 8410 for Ed25519, what
 * OpenSSL and Node's {@code crypto} read and write). Both carry the key in clear: anyone holding
 * the file can sign as the key.
 *
 * <p>The keystore holds the key types Kubo generates and imports without {@code
 * --allow-any-key-type}: Ed25519, RSA (2048 to 8192 bits) and Secp256k1. A file of another type
 * (ECDSA, Ed448...) is refused by its type, in Kubo's words, rather than as malformed.
 */
public enum KeyFormat {
  /** The libp2p {@code PrivateKey} protobuf, Kubo's default; files end in {@code .key}. */
  LIBP2P_PROTOBUF("libp2p-protobuf-cleartext", "key"),
  /** An unencrypted PKCS#8 {@code PRIVATE KEY} in PEM; files end in {@code .pem}. */
  PEM_PKCS8("pem-pkcs8-cleartext", "pem");

  private final String optionName;
  private final String extension;

  KeyFormat(String optionName, String extension) {
    this.optionName = optionName;
    this.extension = extension;
  }

  /**
   * The format Kubo's {@code --format} names.
   *
   * @param use {@code import} or {@code export}, for the message
   * @throws IllegalArgumentException with Kubo's words for any other name
   */
  public static KeyFormat forName(String name, String use) {
    return Arrays.stream(values())
        .filter(f -> f.optionName.equals(name))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unrecognized "
                        + use
                        + " format: "
                        + name
                        + " (use "
                        + LIBP2P_PROTOBUF.optionName
                        + " or "
                        + PEM_PKCS8.optionName
                        + ")"));
  }

  /** The name {@code --format} gives this format. */
  public String optionName() {
    return optionName;
  }

  /** The extension of Kubo's default export file name, without the dot. */
  public String extension() {
    return extension;
  }

  /** The key file's bytes in this format. */
  public byte[] encode(Identity key) {
    return switch (this) {
      case LIBP2P_PROTOBUF -> key.privateKeyProtobuf();
      case PEM_PKCS8 -> Pkcs8Pem.encode(key);
    };
  }

  /**
   * The key a file in this format holds.
   *
   * @throws IllegalArgumentException naming what is wrong: a malformed file, the other format, an
   *     inconsistent key pair, an RSA key of under 2048 bits, or a key type other than Ed25519, RSA
   *     and Secp256k1
   */
  public Identity decode(byte[] file) {
    return switch (this) {
      case LIBP2P_PROTOBUF -> decodeProtobuf(file);
      case PEM_PKCS8 -> Pkcs8Pem.decode(file);
    };
  }

  /** Refuses a key of another type than Ed25519, RSA and Secp256k1, whatever the format. */
  static IllegalArgumentException unsupportedType(String type) {
    return new IllegalArgumentException( // Kubo's words, less its --allow-any-key-type hint
        "key type " + type + " is not allowed to be imported, only RSA, Ed25519, or Secp256k1");
  }

  private Identity decodeProtobuf(byte[] file) {
    KeyProtobuf.Key key;
    try {
      key = KeyProtobuf.decode(file, "private key");
    } catch (IllegalArgumentException e) {
      if (Pkcs8Pem.looksLikePem(file)) {
        throw new IllegalArgumentException( // Kubo's words
            "unexpected PEM block for format="
                + optionName
                + ": try again with format="
                + PEM_PKCS8.optionName,
            e);
      }
      throw malformed(e);
    }
    if (key.type() == KeyProtobuf.ECDSA) {
      throw unsupportedType(key.typeName());
    }
    try {
      return Identity.fromPrivateKey(file);
    } catch (IllegalArgumentException e) {
      throw malformed(e);
    }
  }

  /** Kubo's message (its spelling too, for scripts that look for it). */
  private IllegalArgumentException malformed(IllegalArgumentException e) {
    return new IllegalArgumentException(
        "unable to unmarshall format=" + optionName + ": " + e.getMessage(), e);
  }
}
