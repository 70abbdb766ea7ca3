package io.cairn.storage.codec;

import java.util.Arrays;

/**
 * The libp2p {@code PublicKey} and {@code PrivateKey} protobuf messages (libp2p peer-ids spec):
 * {@code Type} (field 1, KeyType enum) then {@code Data} (field 2, bytes). Encoding is the spec's
 * deterministic form; decoding accepts only that form, so a key has exactly one encoding and a peer
 * ID derived from it is stable.
 */
public final class KeyProtobuf {
  /** KeyType values from the spec's {@code crypto.proto}. */
  public static final int RSA = 0;

  public static final int ED25519 = 1;
  public static final int SECP256K1 = 2;
  public static final int ECDSA = 3;

  /** A decoded key message. */
  public record Key(int type, byte[] data) {
    public String typeName() {
      return KeyProtobuf.typeName(type);
    }
  }

  private KeyProtobuf() {}

  public static byte[] encode(int type, byte[] data) {
    return new Protobuf.Writer(data.length + 4).varint(1, type).bytes(2, data).toByteArray();
  }

  /**
   * Decodes a key message.
   *
   * @param what names the message in errors ("public key", "private key")
   * @throws IllegalArgumentException if the bytes are not a deterministically encoded key message
   */
  public static Key decode(byte[] bytes, String what) {
    Protobuf.Reader reader = new Protobuf.Reader(bytes, "libp2p " + what);
    if (!reader.next() || reader.field() != 1) {
      throw reader.malformed("it must start with the key type (field 1)");
    }
    long type = reader.expect(Protobuf.VARINT, "Type").varint();
    if (!reader.next() || reader.field() != 2) {
      throw reader.malformed("the key type must be followed by the key data (field 2)");
    }
    byte[] data = reader.expect(Protobuf.LENGTH_DELIMITED, "Data").bytes();
    if (reader.next()) {
      throw reader.malformed("it has a field " + reader.field() + " after the key data");
    }
    if (type < 0 || type > ECDSA) {
      throw reader.malformed("unknown key type " + type);
    }
    if (!Arrays.equals(encode((int) type, data), bytes)) {
      throw reader.malformed("it is not in the deterministic encoding libp2p requires");
    }
    return new Key((int) type, data);
  }

  /** The key type's name as libp2p writes it ({@code RSA}, {@code Ed25519}, {@code Secp256k1}). */
  public static String typeName(int type) {
    return switch (type) {
      case RSA -> "RSA";
      case ED25519 -> "Ed25519";
      case SECP256K1 -> "Secp256k1";
      case ECDSA -> "ECDSA";
      default -> "key type " + type;
    };
  }
}
