package io.cairn.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * A self-describing digest: hash function code, digest length and digest. Codes the node cannot
 * compute (piece commitments, say) are still parsed and carried; {@link #function()} is then empty.
 */
public final class Multihash implements Comparable<Multihash> {
  /** Digests longer than this are refused, as no hash function the node meets produces them. */
  public static final int MAX_DIGEST_LENGTH = 1 << 16;

  private final long code;
  private final byte[] digest;
  private final byte[] bytes;
  private final int hash;

  private Multihash(long code, byte[] digest) {
    this.code = code;
    this.digest = digest;
    int prefix = Varint.size(code) + Varint.size(digest.length);
    this.bytes = new byte[prefix + digest.length];
    int o = Varint.write(code, bytes, 0);
    o += Varint.write(digest.length, bytes, o);
    System.arraycopy(digest, 0, bytes, o, digest.length);
    this.hash = Arrays.hashCode(bytes);
  }

  /** A multihash of the given code and digest; checks the length of known functions. */
  public static Multihash of(long code, byte[] digest) {
    if (digest.length > MAX_DIGEST_LENGTH) {
      throw new IllegalArgumentException(
          "multihash digest of " + digest.length + " bytes is too long");
    }
    Optional<HashFunction> f = HashFunction.forCode(code);
    if (f.isPresent() && f.get().digestLength() >= 0 && f.get().digestLength() != digest.length) {
      throw new IllegalArgumentException(
          f.get().hashName()
              + " digest must be "
              + f.get().digestLength()
              + " bytes, not "
              + digest.length);
    }
    return new Multihash(code, digest.clone());
  }

  /** Decodes a whole byte array as one multihash, rejecting trailing bytes. */
  public static Multihash decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    Multihash mh = read(buf);
    if (buf.hasRemaining()) {
      throw new IllegalArgumentException(
          "multihash has " + buf.remaining() + " trailing bytes after its digest");
    }
    return mh;
  }

  /** Reads one multihash from {@code buf}, advancing it. */
  public static Multihash read(ByteBuffer buf) {
    long code;
    long length;
    try {
      code = Varint.read(buf);
      length = Varint.read(buf);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("multihash header is malformed: " + e.getMessage(), e);
    }
    if (length > MAX_DIGEST_LENGTH) {
      throw new IllegalArgumentException("multihash digest length " + length + " is too long");
    }
    if (buf.remaining() < length) {
      throw new IllegalArgumentException(
          "multihash is truncated: digest needs "
              + length
              + " bytes, "
              + buf.remaining()
              + " left");
    }
    byte[] digest = new byte[(int) length];
    buf.get(digest);
    return of(code, digest);
  }

  public long code() {
    return code;
  }

  /** The function that made this digest, when the node knows it. */
  public Optional<HashFunction> function() {
    return HashFunction.forCode(code);
  }

  /** The multicodec name of the function, or its hex code when unknown. */
  public String functionName() {
    return function().map(HashFunction::hashName).orElse("0x" + Long.toHexString(code));
  }

  public byte[] digest() {
    return digest.clone();
  }

  public int digestLength() {
    return digest.length;
  }

  /** The encoded multihash (code, length, digest). */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Length of {@link #bytes()} without copying. */
  public int encodedLength() {
    return bytes.length;
  }

  /** Copies the encoded multihash into {@code dst} at {@code offset}. */
  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, bytes.length);
  }

  /**
   * Whether {@code data} hashes to this multihash.
   *
   * @throws IllegalArgumentException if the node cannot compute this hash function
   */
  public boolean matches(byte[] data) {
    return matches(data, 0, data.length);
  }

  public boolean matches(byte[] data, int offset, int length) {
    HashFunction f =
        function()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "cannot verify data hashed with unsupported function " + functionName()));
    if (f == HashFunction.IDENTITY) {
      return Arrays.equals(digest, 0, digest.length, data, offset, offset + length);
    }
    return MessageDigest.isEqual(digest, f.digest(data, offset, length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multihash other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Multihash o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }

  /** Base58btc, as multihashes are usually shown. */
  @Override
  public String toString() {
    return Multibase.BASE58_BTC.encodeBare(bytes);
  }

  /** Hex of the encoded form, for logs and debugging. */
  public String toHex() {
    return HexFormat.of().formatHex(bytes);
  }
}
