package io.cairn.storage.car;

import io.cairn.storage.Multihash;
import io.cairn.storage.Varint;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;

/**
 * A CARv2 index: digests mapped to the offsets of their sections in the CARv1 payload. Two formats
 * are read and written, in the byte layout go-car uses (which the CARv2 spec describes loosely):
 *
 * <ul>
 *   <li>{@code IndexSorted} (0x0400): varint codec, int32 bucket count, then per bucket a uint32
 *       width (digest length + 8), a uint64 byte length and entries of digest + uint64 offset,
 *       sorted by digest. Entries carry no hash function code.
 *   <li>{@code MultihashIndexSorted} (0x0401): varint codec, int32 count, then per hash function a
 *       uint64 multihash code followed by an IndexSorted body (without the codec varint).
 * </ul>
 *
 * All integers are little-endian. Buckets are ordered by code, then width; entries by digest.
 */
public final class CarIndex {
  public static final long INDEX_SORTED = 0x0400;
  public static final long MULTIHASH_INDEX_SORTED = 0x0401;

  /** The most entries one bucket may claim, a guard against absurd lengths. */
  private static final long MAX_BUCKET_BYTES = 1L << 40;

  /**
   * One index entry.
   *
   * @param multihashCode the hash function code, or -1 in an {@code IndexSorted} index
   * @param digest the hash digest (without multihash prefix)
   * @param offset the section's offset from the start of the CARv1 payload
   */
  public record Entry(long multihashCode, byte[] digest, long offset) {
    public Entry {
      digest = digest.clone();
    }

    public static Entry of(Multihash mh, long offset) {
      return new Entry(mh.code(), mh.digest(), offset);
    }

    @Override
    public byte[] digest() {
      return digest.clone();
    }

    boolean digestEquals(byte[] other) {
      return Arrays.equals(digest, other);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Entry e
          && multihashCode == e.multihashCode
          && offset == e.offset
          && Arrays.equals(digest, e.digest);
    }

    @Override
    public int hashCode() {
      return Arrays.hashCode(digest) * 31 + Long.hashCode(offset);
    }

    @Override
    public String toString() {
      return HexFormat.of().formatHex(digest) + "@" + offset;
    }
  }

  private static final Comparator<Entry> LAYOUT_ORDER =
      Comparator.comparingLong(Entry::multihashCode)
          .thenComparingInt(e -> e.digest.length)
          .thenComparing((a, b) -> Arrays.compareUnsigned(a.digest, b.digest))
          .thenComparingLong(Entry::offset);

  private final long codec;
  private final List<Entry> entries;

  private CarIndex(long codec, List<Entry> entries) {
    this.codec = codec;
    this.entries = List.copyOf(entries);
  }

  /** An index of the given format over the entries, which are sorted into layout order. */
  public static CarIndex of(long codec, Collection<Entry> entries) {
    List<Entry> sorted = new ArrayList<>(entries.size());
    for (Entry e : entries) {
      if (codec == INDEX_SORTED && e.multihashCode != -1) {
        e = new Entry(-1, e.digest, e.offset);
      } else if (codec == MULTIHASH_INDEX_SORTED && e.multihashCode < 0) {
        throw new IllegalArgumentException("MultihashIndexSorted entries need a multihash code");
      }
      sorted.add(e);
    }
    requireKnown(codec);
    sorted.sort(LAYOUT_ORDER);
    return new CarIndex(codec, sorted);
  }

  public long codec() {
    return codec;
  }

  /** The entries in layout order. */
  public List<Entry> entries() {
    return entries;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CarIndex i && codec == i.codec && entries.equals(i.entries);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(codec) * 31 + entries.hashCode();
  }

  @Override
  public String toString() {
    return "CarIndex[0x" + Long.toHexString(codec) + ", " + entries.size() + " entries]";
  }

  /** Writes the index, codec varint first. */
  public void writeTo(OutputStream out) throws IOException {
    Varint.write(codec, out);
    if (codec == INDEX_SORTED) {
      writeWidths(out, entries);
      return;
    }
    List<List<Entry>> byCode = groups(entries, Entry::multihashCode);
    out.write(le32(byCode.size()));
    for (List<Entry> group : byCode) {
      out.write(le64(group.get(0).multihashCode));
      writeWidths(out, group);
    }
  }

  public byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static void writeWidths(OutputStream out, List<Entry> entries) throws IOException {
    List<List<Entry>> byWidth = groups(entries, e -> e.digest.length);
    out.write(le32(byWidth.size()));
    for (List<Entry> bucket : byWidth) {
      int width = bucket.get(0).digest.length + 8;
      out.write(le32(width));
      out.write(le64((long) width * bucket.size()));
      for (Entry e : bucket) {
        out.write(e.digest);
        out.write(le64(e.offset));
      }
    }
  }

  private static List<List<Entry>> groups(
      List<Entry> sorted, java.util.function.ToLongFunction<Entry> key) {
    List<List<Entry>> out = new ArrayList<>();
    for (Entry e : sorted) {
      if (out.isEmpty() || key.applyAsLong(out.getLast().get(0)) != key.applyAsLong(e)) {
        out.add(new ArrayList<>());
      }
      out.getLast().add(e);
    }
    return out;
  }

  /**
   * Reads an index from its codec varint to the end of {@code in}.
   *
   * @param at the file offset of the index, for messages
   * @throws InvalidCarException naming what is malformed
   */
  public static CarIndex read(InputStream in, long at) {
    try {
      long codec;
      try {
        codec = Varint.read(in);
      } catch (IOException e) {
        throw new InvalidCarException(
            "CARv2 index at byte " + at + " has a malformed codec: " + e.getMessage(), e);
      }
      if (codec < 0) {
        throw new InvalidCarException("CARv2 index at byte " + at + " is empty");
      }
      if (codec != INDEX_SORTED && codec != MULTIHASH_INDEX_SORTED) {
        throw new InvalidCarException(
            "CARv2 index at byte "
                + at
                + " has unsupported format 0x"
                + Long.toHexString(codec)
                + " (known: 0x0400 IndexSorted, 0x0401 MultihashIndexSorted)");
      }
      List<Entry> entries = new ArrayList<>();
      if (codec == INDEX_SORTED) {
        readWidths(in, -1, entries, at);
      } else {
        int codes = count(in, "hash function count", at);
        for (int i = 0; i < codes; i++) {
          long code = ByteBuffer.wrap(exactly(in, 8, at)).order(ByteOrder.LITTLE_ENDIAN).getLong();
          if (code < 0) {
            throw new InvalidCarException(
                "CARv2 index at byte " + at + " has a multihash code over 2^63");
          }
          readWidths(in, code, entries, at);
        }
      }
      if (in.read() >= 0) {
        throw new InvalidCarException("CARv2 index at byte " + at + " has trailing bytes");
      }
      return new CarIndex(codec, entries);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void readWidths(InputStream in, long code, List<Entry> out, long at)
      throws IOException {
    int buckets = count(in, "bucket count", at);
    for (int b = 0; b < buckets; b++) {
      ByteBuffer head = ByteBuffer.wrap(exactly(in, 12, at)).order(ByteOrder.LITTLE_ENDIAN);
      long width = Integer.toUnsignedLong(head.getInt());
      long length = head.getLong();
      if (width < 8 || width > (1 << 16) + 8) {
        throw new InvalidCarException(
            "CARv2 index at byte " + at + " has a bucket of impossible width " + width);
      }
      if (length < 0 || length > MAX_BUCKET_BYTES || length % width != 0) {
        throw new InvalidCarException(
            "CARv2 index at byte "
                + at
                + " has a bucket of "
                + Long.toUnsignedString(length)
                + " bytes, not a whole number of "
                + width
                + "-byte entries");
      }
      byte[] prev = null;
      for (long i = 0; i < length / width; i++) {
        byte[] digest = exactly(in, (int) width - 8, at);
        long offset = ByteBuffer.wrap(exactly(in, 8, at)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        if (prev != null && Arrays.compareUnsigned(prev, digest) > 0) {
          throw new InvalidCarException(
              "CARv2 index at byte "
                  + at
                  + ": the bucket of "
                  + (width - 8)
                  + "-byte digests is not sorted at entry "
                  + i);
        }
        prev = digest;
        out.add(new Entry(code, digest, offset));
      }
    }
  }

  private static int count(InputStream in, String what, long at) throws IOException {
    int n = ByteBuffer.wrap(exactly(in, 4, at)).order(ByteOrder.LITTLE_ENDIAN).getInt();
    if (n < 0) {
      throw new InvalidCarException("CARv2 index at byte " + at + " has a negative " + what);
    }
    return n;
  }

  private static byte[] exactly(InputStream in, int n, long at) throws IOException {
    byte[] b = in.readNBytes(n);
    if (b.length != n) {
      throw new InvalidCarException(
          "CARv2 index at byte " + at + " is truncated", new EOFException());
    }
    return b;
  }

  private static void requireKnown(long codec) {
    if (codec != INDEX_SORTED && codec != MULTIHASH_INDEX_SORTED) {
      throw new IllegalArgumentException("unknown CARv2 index format 0x" + Long.toHexString(codec));
    }
  }

  private static byte[] le32(int v) {
    return ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(v).array();
  }

  private static byte[] le64(long v) {
    return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(v).array();
  }
}
