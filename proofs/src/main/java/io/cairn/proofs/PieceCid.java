package io.cairn.proofs;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.Varint;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A piece commitment with its size: the root of the piece's sha254 binary tree over Fr32 leaves,
 * the tree height and the zero padding appended to the payload. It prints as the v2 piece CID of
 * FRC-0069 ({@code raw} codec, {@code fr32-sha256-trunc254-padbintree} multihash whose digest is
 * {@code uvarint padding | uint8 height | root}, {@code bafkzcib...}) and also gives the v1 piece
 * CID ({@code fil-commitment-unsealed} + {@code sha2-256-trunc254-padded}, {@code baga6ea4sea...})
 * that Filecoin deals use together with the padded size.
 *
 * <p>A payload of {@code n} bytes fills {@code q = nextPow2(ceil(n / 127))} quads (at least one):
 * height {@code log2(q) + 2}, padding {@code 127q - n}. Payloads under 127 bytes, empty included,
 * are padded up to one quad as FRC-0069 specifies.
 */
public record PieceCid(long padding, int height, byte[] root) {
  /** multicodec {@code fr32-sha256-trunc254-padbintree}: the v2 piece multihash. */
  public static final long PIECE_MULTIHASH_V2 = 0x1011;

  /** multicodec {@code sha2-256-trunc254-padded}: the v1 piece multihash. */
  public static final long PIECE_MULTIHASH_V1 = 0x1012;

  /** The smallest height a payload gives: one quad, four leaves. */
  public static final int MIN_HEIGHT = 2;

  /** The largest height parsed: a padded size of 2^62 bytes still fits a long. */
  public static final int MAX_HEIGHT = 57;

  /** The largest piece this node builds: 64 GiB padded, the largest Filecoin sector. */
  public static final long MAX_PADDED_SIZE = 64L << 30;

  /** The payload of the largest piece: 64 GiB × 127/128. */
  public static final long MAX_PAYLOAD = MAX_PADDED_SIZE / 128 * 127;

  public PieceCid {
    if (height < MIN_HEIGHT || height > MAX_HEIGHT) {
      throw new IllegalArgumentException(
          "piece height " + height + " is not in [" + MIN_HEIGHT + ", " + MAX_HEIGHT + "]");
    }
    long capacity = capacity(height);
    long limit = height == MIN_HEIGHT ? capacity : capacity / 2 - 1;
    if (padding < 0 || padding > limit) {
      throw new IllegalArgumentException(
          "piece padding of "
              + padding
              + " bytes is not valid for a tree of height "
              + height
              + (padding < 0 ? "" : ": the payload would fit a smaller tree")
              + " (at most "
              + limit
              + ")");
    }
    if (root == null || root.length != 32) {
      throw new IllegalArgumentException(
          "piece root must be 32 bytes, not " + (root == null ? "null" : root.length));
    }
    if ((root[31] & 0xC0) != 0) {
      throw new IllegalArgumentException(
          "piece root "
              + HexFormat.of().formatHex(root)
              + " has a top bit of its last byte set, so it is not a sha254 node");
    }
    root = root.clone();
  }

  /** The piece of a payload of {@code payloadSize} bytes whose tree has this root. */
  public static PieceCid forPayload(long payloadSize, byte[] root) {
    return new PieceCid(paddingFor(payloadSize), heightFor(payloadSize), root);
  }

  /** The height of the tree of a payload of {@code payloadSize} bytes. */
  public static int heightFor(long payloadSize) {
    checkPayload(payloadSize);
    long quads = Math.max(1, (payloadSize + 126) / 127);
    return 64 - Long.numberOfLeadingZeros(quads - 1) + MIN_HEIGHT;
  }

  /** The zero bytes appended to a payload of {@code payloadSize} bytes to fill its tree. */
  public static long paddingFor(long payloadSize) {
    return capacity(heightFor(payloadSize)) - payloadSize;
  }

  /** The payload bytes a tree of {@code height} holds: {@code 127 · 2^(height-2)}. */
  public static long capacity(int height) {
    return 127L << (height - MIN_HEIGHT);
  }

  static void checkPayload(long payloadSize) {
    if (payloadSize < 0) {
      throw new IllegalArgumentException("payload size " + payloadSize + " is negative");
    }
    if (payloadSize > MAX_PAYLOAD) {
      throw new IllegalArgumentException(
          "payload of "
              + payloadSize
              + " bytes is larger than the largest piece (64 GiB padded, "
              + MAX_PAYLOAD
              + " bytes of payload)");
    }
  }

  /**
   * Parses a v2 piece CID in any multibase.
   *
   * @throws InvalidCidException for text that is no CID, a CID of another kind, a v1 piece CID
   *     (which lacks the size) or a malformed digest
   */
  public static PieceCid parse(String text) {
    return fromCid(Cid.parse(text), text);
  }

  /** The piece a v2 piece CID names. */
  public static PieceCid fromCid(Cid cid) {
    return fromCid(cid, cid.toString());
  }

  private static PieceCid fromCid(Cid cid, String text) {
    Multihash mh = cid.multihash();
    if (cid.version() == 1
        && cid.isCodec(Multicodec.FIL_COMMITMENT_UNSEALED)
        && mh.code() == PIECE_MULTIHASH_V1) {
      throw new InvalidCidException(
          "'"
              + text
              + "' is a v1 piece CID, which does not carry the piece size: give the v2 piece CID"
              + " (bafkzcib...), or the v1 CID with its padded size");
    }
    if (cid.version() != 1 || !cid.isCodec(Multicodec.RAW) || mh.code() != PIECE_MULTIHASH_V2) {
      throw new InvalidCidException(
          "'"
              + text
              + "' is not a v2 piece CID: it needs the raw codec and the"
              + " fr32-sha256-trunc254-padbintree multihash (0x1011), not "
              + Multicodec.nameOf(cid.codec())
              + " and "
              + mh.functionName());
    }
    ByteBuffer digest = ByteBuffer.wrap(mh.digest());
    try {
      long padding = Varint.read(digest);
      if (digest.remaining() != 33) {
        throw new IllegalArgumentException(
            "the digest needs a height byte and a 32-byte root after the padding, found "
                + digest.remaining()
                + " bytes");
      }
      int height = digest.get() & 0xFF;
      byte[] root = new byte[32];
      digest.get(root);
      return new PieceCid(padding, height, root);
    } catch (IllegalArgumentException e) {
      throw new InvalidCidException(
          "'" + text + "' is not a valid v2 piece CID: " + e.getMessage(), e);
    }
  }

  /**
   * The piece a v1 piece CID names, given the padded size that travels with it; v1 carries no
   * padding, so the piece is taken as full (padding 0).
   */
  public static PieceCid fromV1(Cid v1, long paddedSize) {
    if (v1.version() != 1
        || !v1.isCodec(Multicodec.FIL_COMMITMENT_UNSEALED)
        || v1.multihash().code() != PIECE_MULTIHASH_V1) {
      throw new InvalidCidException(
          "'" + v1 + "' is not a v1 piece CID (fil-commitment-unsealed, sha2-256-trunc254-padded)");
    }
    if (paddedSize < 128 || Long.bitCount(paddedSize) != 1) {
      throw new IllegalArgumentException(
          "padded piece size " + paddedSize + " is not a power of two of at least 128");
    }
    int height = Long.numberOfTrailingZeros(paddedSize) - 5;
    return new PieceCid(0, height, v1.multihash().digest());
  }

  @Override
  public byte[] root() {
    return root.clone();
  }

  /** The v2 piece CID of FRC-0069. */
  public Cid v2() {
    byte[] digest = new byte[Varint.size(padding) + 33];
    int o = Varint.write(padding, digest, 0);
    digest[o++] = (byte) height;
    System.arraycopy(root, 0, digest, o, 32);
    return Cid.v1(Multicodec.RAW, Multihash.of(PIECE_MULTIHASH_V2, digest));
  }

  /** The v1 piece CID; it names the root only, so it goes with {@link #paddedSize()}. */
  public Cid v1() {
    return Cid.v1(Multicodec.FIL_COMMITMENT_UNSEALED, Multihash.of(PIECE_MULTIHASH_V1, root));
  }

  /** Leaves in the tree: {@code 2^height}. */
  public long leaves() {
    return 1L << height;
  }

  /** Bytes of Fr32 data under the tree: {@code 32 · 2^height}. */
  public long paddedSize() {
    return 32L << height;
  }

  /** Payload bytes: the tree's capacity less the padding. */
  public long payloadSize() {
    return capacity(height) - padding;
  }

  /**
   * Leaves that hold any payload, as PDP counts them ({@code Cids.leafCount}): all leaves less
   * those made only of padding, {@code floor(floor(128 · padding / 127) / 32)}. Challenges fall
   * only on these.
   */
  public long dataLeaves() {
    long expanded = padding / 127 * 128 + padding % 127 * 128 / 127;
    return leaves() - (expanded >>> 5);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PieceCid p
        && p.padding == padding
        && p.height == height
        && Arrays.equals(p.root, root);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(root) * 31 + height;
  }

  /** The v2 piece CID in base32. */
  @Override
  public String toString() {
    return v2().toString();
  }
}
