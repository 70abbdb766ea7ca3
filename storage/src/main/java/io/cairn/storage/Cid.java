package io.cairn.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A content identifier, version 0 or 1. Version 0 is always dag-pb with a sha2-256 multihash and
 * prints as bare base58btc ({@code Qm...}); version 1 prints as base32 ({@code bafy...}) unless
 * another base is asked for. Instances are immutable and compare by their binary form.
 */
public final class Cid implements Comparable<Cid> {
  private final int version;
  private final long codec;
  private final Multihash multihash;
  private final byte[] bytes;
  private final int hash;

  private Cid(int version, long codec, Multihash multihash) {
    this.version = version;
    this.codec = codec;
    this.multihash = multihash;
    if (version == 0) {
      this.bytes = multihash.bytes();
    } else {
      byte[] b = new byte[1 + Varint.size(codec) + multihash.encodedLength()];
      int o = Varint.write(1, b, 0);
      o += Varint.write(codec, b, o);
      multihash.copyTo(b, o);
      this.bytes = b;
    }
    this.hash = Arrays.hashCode(bytes);
  }

  /** A CIDv1. */
  public static Cid v1(long codec, Multihash multihash) {
    return new Cid(1, codec, multihash);
  }

  public static Cid v1(Multicodec codec, Multihash multihash) {
    return v1(codec.code(), multihash);
  }

  /** A CIDv0; only dag-pb blocks with a 32-byte sha2-256 digest have one. */
  public static Cid v0(Multihash multihash) {
    if (multihash.code() != HashFunction.SHA2_256.code() || multihash.digestLength() != 32) {
      throw new IllegalArgumentException(
          "CIDv0 needs a sha2-256 multihash of 32 bytes, not " + multihash.functionName());
    }
    return new Cid(0, Multicodec.DAG_PB.code(), multihash);
  }

  /** A CID of the given version; version 0 requires dag-pb and sha2-256. */
  public static Cid of(int version, long codec, Multihash multihash) {
    return switch (version) {
      case 0 -> {
        if (codec != Multicodec.DAG_PB.code()) {
          throw new IllegalArgumentException(
              "CIDv0 can only name dag-pb blocks, not " + Multicodec.nameOf(codec));
        }
        yield v0(multihash);
      }
      case 1 -> v1(codec, multihash);
      default -> throw new IllegalArgumentException("unsupported CID version " + version);
    };
  }

  /** Hashes {@code data} and names it with a CID of the given version, codec and function. */
  public static Cid compute(int version, long codec, HashFunction function, byte[] data) {
    return of(version, codec, function.multihash(data));
  }

  /**
   * Parses a CID from text: a CIDv0 ({@code Qm...}, 46 base58btc characters) or a multibase CIDv1.
   *
   * @throws InvalidCidException naming what is wrong
   */
  public static Cid parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new InvalidCidException("CID is empty");
    }
    String t = text.strip();
    if (t.startsWith("Qm") && t.length() != 46) {
      throw new InvalidCidException(
          "CID '"
              + shown(t)
              + "' is not valid: a CIDv0 is 46 base58btc characters, not "
              + t.length());
    }
    if (t.length() == 46 && t.startsWith("Qm")) {
      try {
        byte[] raw = Multibase.BASE58_BTC.decodeBare(t);
        return v0(Multihash.decode(raw));
      } catch (IllegalArgumentException e) {
        throw new InvalidCidException("CID '" + shown(t) + "' is not valid: " + e.getMessage(), e);
      }
    }
    byte[] raw;
    try {
      raw = Multibase.decode(t);
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException("CID '" + shown(t) + "' is not valid: " + e.getMessage(), e);
    }
    try {
      return decode(raw);
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException("CID '" + shown(t) + "' is not valid: " + e.getMessage(), e);
    }
  }

  /** CID text as an error message shows it: the first 100 characters of a longer one. */
  private static String shown(String text) {
    return text.length() <= 120
        ? text
        : text.substring(0, 100) + "…(" + text.length() + " characters)";
  }

  /** Decodes a whole byte array as one binary CID, rejecting trailing bytes. */
  public static Cid decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    Cid cid = read(buf);
    if (buf.hasRemaining()) {
      throw new InvalidCidException("binary CID has " + buf.remaining() + " trailing bytes");
    }
    return cid;
  }

  /** Reads one binary CID from {@code buf}, advancing it. */
  public static Cid read(ByteBuffer buf) {
    try {
      // A CIDv0 in binary is a bare sha2-256 multihash: 0x12 0x20 followed by the digest.
      if (buf.remaining() >= 2
          && buf.get(buf.position()) == 0x12
          && buf.get(buf.position() + 1) == 0x20) {
        return v0(Multihash.read(buf));
      }
      long version = Varint.read(buf);
      if (version != 1) {
        throw new InvalidCidException("unsupported CID version " + version);
      }
      long codec = Varint.read(buf);
      return v1(codec, Multihash.read(buf));
    } catch (InvalidCidException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException("binary CID is not valid: " + e.getMessage(), e);
    }
  }

  public int version() {
    return version;
  }

  /** The multicodec code of the content. */
  public long codec() {
    return codec;
  }

  public boolean isCodec(Multicodec c) {
    return codec == c.code();
  }

  public Multihash multihash() {
    return multihash;
  }

  /** Whether the block is inlined in the CID itself (an identity multihash). */
  public boolean isIdentity() {
    return multihash.code() == HashFunction.IDENTITY.code();
  }

  /** The binary form. */
  public byte[] bytes() {
    return bytes.clone();
  }

  public int encodedLength() {
    return bytes.length;
  }

  public void copyTo(byte[] dst, int offset) {
    System.arraycopy(bytes, 0, dst, offset, bytes.length);
  }

  public Cid toV1() {
    return version == 1 ? this : v1(codec, multihash);
  }

  /**
   * The CIDv0 of the same block.
   *
   * @throws IllegalArgumentException if the block is not dag-pb with a sha2-256 digest
   */
  public Cid toV0() {
    return version == 0 ? this : of(0, codec, multihash);
  }

  /**
   * Text in the given base; a CIDv0 only has base58btc and is converted to v1 for any other base.
   */
  public String toString(Multibase base) {
    if (version == 0) {
      return base == Multibase.BASE58_BTC ? toString() : toV1().toString(base);
    }
    return base.encode(bytes);
  }

  /** CIDv0 as base58btc, CIDv1 as base32. */
  @Override
  public String toString() {
    return version == 0 ? Multibase.BASE58_BTC.encodeBare(bytes) : Multibase.BASE32.encode(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Cid other && hash == other.hash && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return hash;
  }

  @Override
  public int compareTo(Cid o) {
    return Arrays.compareUnsigned(bytes, o.bytes);
  }
}
