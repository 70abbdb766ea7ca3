package io.cairn.storage.unixfs;

/**
 * The hash UnixFS HAMT shards use (multicodec {@code murmur3-x64-64}, 0x22): the first 64 bits (h1)
 * of MurmurHash3 x64 128 with seed 0. Kubo takes h1's bytes big-endian (Go's {@code
 * murmur3.New64().Sum}) and reads bucket indexes from the first byte's most significant bit on; the
 * JS importer reverses the bytes and then consumes them from the end, which comes to the same. So
 * {@link #hamtKey} is h1 itself, and a shard's index at each level is read from its most
 * significant bits downwards (UnixFS spec example: "470.txt" is in bucket 00, then 6E).
 */
final class Murmur3 {
  /** Multicodec code UnixFS records in a HAMT shard's hashType. */
  static final long HAMT_HASH_CODE = 0x22;

  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;

  private Murmur3() {}

  /** The HAMT key of a name: h1, whose most significant bits pick the first bucket. */
  static long hamtKey(byte[] data) {
    return h1(data);
  }

  /** The first 64 bits of MurmurHash3 x64 128 of {@code data}. */
  static long h1(byte[] data) {
    int length = data.length;
    int blocks = length / 16;
    long h1 = 0;
    long h2 = 0;
    for (int i = 0; i < blocks; i++) {
      long k1 = littleEndianLong(data, i * 16);
      long k2 = littleEndianLong(data, i * 16 + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    long k1 = 0;
    long k2 = 0;
    int tail = blocks * 16;
    for (int i = length - tail - 1; i >= 8; i--) {
      k2 ^= (long) (data[tail + i] & 0xFF) << (8 * (i - 8));
    }
    for (int i = Math.min(length - tail, 8) - 1; i >= 0; i--) {
      k1 ^= (long) (data[tail + i] & 0xFF) << (8 * i);
    }
    if (length - tail > 8) {
      h2 ^= mixK2(k2);
    }
    if (length - tail > 0) {
      h1 ^= mixK1(k1);
    }
    h1 ^= length;
    h2 ^= length;
    h1 += h2;
    h2 += h1;
    h1 = fmix(h1);
    h2 = fmix(h2);
    h1 += h2;
    return h1;
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  private static long littleEndianLong(byte[] b, int off) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }
}
