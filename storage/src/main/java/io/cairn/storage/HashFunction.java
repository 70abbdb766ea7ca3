package io.cairn.storage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The multihash functions a node can compute, with their multicodec codes and names. SHA-2 and
 * SHA-3 use the JDK (SHA-256 runs on CPU intrinsics); BLAKE2b, BLAKE3 and Keccak use Bouncy Castle.
 */
public enum HashFunction {
  IDENTITY("identity", 0x00, -1),
  SHA2_256("sha2-256", 0x12, 32),
  SHA2_512("sha2-512", 0x13, 64),
  SHA3_256("sha3-256", 0x16, 32),
  SHA3_512("sha3-512", 0x14, 64),
  KECCAK_256("keccak-256", 0x1b, 32),
  BLAKE2B_256("blake2b-256", 0xb220, 32),
  BLAKE3("blake3", 0x1e, 32);

  private final String hashName;
  private final long code;
  private final int digestLength;
  private final ThreadLocal<Hasher> hashers;

  HashFunction(String hashName, long code, int digestLength) {
    this.hashName = hashName;
    this.code = code;
    this.digestLength = digestLength;
    this.hashers = ThreadLocal.withInitial(hasherFactory(hashName));
  }

  /** The multicodec table's name, such as {@code sha2-256}. */
  public String hashName() {
    return hashName;
  }

  public long code() {
    return code;
  }

  /** Digest length in bytes; -1 for identity, whose digest is the input. */
  public int digestLength() {
    return digestLength;
  }

  /** Hashes {@code data[offset, offset+length)}. */
  public byte[] digest(byte[] data, int offset, int length) {
    if (this == IDENTITY) {
      return Arrays.copyOfRange(data, offset, offset + length);
    }
    return hashers.get().digest(data, offset, length);
  }

  public byte[] digest(byte[] data) {
    return digest(data, 0, data.length);
  }

  /** Hashes {@code data} into a multihash. */
  public Multihash multihash(byte[] data) {
    return Multihash.of(code, digest(data));
  }

  public Multihash multihash(byte[] data, int offset, int length) {
    return Multihash.of(code, digest(data, offset, length));
  }

  public static Optional<HashFunction> forCode(long code) {
    for (HashFunction f : values()) {
      if (f.code == code) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Looks a function up by its multicodec name; throws naming the known ones. */
  public static HashFunction forName(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    for (HashFunction f : values()) {
      if (f.hashName.equals(n)) {
        return f;
      }
    }
    throw new IllegalArgumentException(
        "unknown hash function '"
            + name
            + "'; known: "
            + String.join(", ", Arrays.stream(values()).map(HashFunction::hashName).toList()));
  }

  interface Hasher {
    byte[] digest(byte[] data, int offset, int length);
  }

  private static Supplier<Hasher> hasherFactory(String name) {
    return switch (name) {
      case "identity" -> () -> (d, o, l) -> Arrays.copyOfRange(d, o, o + l);
      case "sha2-256" -> () -> jdk("SHA-256");
      case "sha2-512" -> () -> jdk("SHA-512");
      case "sha3-256" -> () -> jdk("SHA3-256");
      case "sha3-512" -> () -> jdk("SHA3-512");
      case "keccak-256" -> () -> BouncyCastleHashers.keccak256();
      case "blake2b-256" -> () -> BouncyCastleHashers.blake2b256();
      case "blake3" -> () -> BouncyCastleHashers.blake3();
      default -> throw new IllegalStateException(name);
    };
  }

  private static Hasher jdk(String algorithm) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is missing from this JDK", e);
    }
    return (d, o, l) -> {
      md.update(d, o, l);
      return md.digest();
    };
  }
}
