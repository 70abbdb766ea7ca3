package io.cairn.storage.rocksdb;

import java.util.Arrays;

/**
 * An exact set of short byte strings (multihashes, CIDs) packed for millions of entries: the bytes
 * sit one after another in 1 MiB pages, and an open-addressing table of longs holds each entry's
 * page offset with 24 bits of its hash, so a probe rarely touches the pages. A sha2-256 multihash
 * costs 35 bytes of page plus 8 to 16 bytes of table (load between 0.35 and 0.7): about 50 bytes,
 * against some 200 for a {@code HashSet} of objects. Not thread-safe.
 */
final class ByteKeySet {
  private static final int PAGE_BITS = 20;
  private static final int PAGE_SIZE = 1 << PAGE_BITS;
  private static final int MAX_KEY = 32 * 1024;
  private static final long OFFSET_MASK = (1L << 40) - 1;
  private static final double MAX_LOAD = 0.7;

  private byte[][] pages = new byte[1][];
  private int pageCount;
  private int pageUsed = PAGE_SIZE;
  private long[] table = new long[1024];
  private int size;

  /** Adds {@code key}; returns false if it was present. */
  boolean add(byte[] key) {
    return add((byte) 0, false, key);
  }

  /** Adds {@code prefix} followed by {@code key} without building the joined array. */
  boolean add(byte prefix, byte[] key) {
    return add(prefix, true, key);
  }

  boolean contains(byte[] key) {
    return find(0, false, key, hash(0, false, key)) >= 0;
  }

  boolean contains(byte prefix, byte[] key) {
    return find(prefix, true, key, hash(prefix, true, key)) >= 0;
  }

  int size() {
    return size;
  }

  /** Bytes held by the pages and the table. */
  long memoryBytes() {
    return (long) pageCount * PAGE_SIZE + table.length * 8L;
  }

  private boolean add(byte prefix, boolean prefixed, byte[] key) {
    int length = key.length + (prefixed ? 1 : 0);
    if (length > MAX_KEY) {
      throw new IllegalArgumentException("key of " + length + " bytes is too long for the set");
    }
    long h = hash(prefix, prefixed, key);
    int slot = find(prefix, prefixed, key, h);
    if (slot >= 0) {
      return false;
    }
    long offset = store(prefix, prefixed, key);
    table[-slot - 1] = (tag(h) << 40) | (offset + 1);
    if (++size > table.length * MAX_LOAD) {
      grow();
    }
    return true;
  }

  /** The slot holding the key, or {@code -(free slot) - 1}. */
  private int find(int prefix, boolean prefixed, byte[] key, long h) {
    int mask = table.length - 1;
    long tag = tag(h);
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      long e = table[i];
      if (e == 0) {
        return -i - 1;
      }
      if ((e >>> 40) == tag && matches((e & OFFSET_MASK) - 1, prefix, prefixed, key)) {
        return i;
      }
    }
  }

  private boolean matches(long offset, int prefix, boolean prefixed, byte[] key) {
    byte[] page = pages[(int) (offset >>> PAGE_BITS)];
    int p = (int) (offset & (PAGE_SIZE - 1));
    int length = (page[p] & 0x7F) | ((page[p] & 0x80) != 0 ? (page[p + 1] & 0xFF) << 7 : 0);
    p += (page[p] & 0x80) != 0 ? 2 : 1;
    if (length != key.length + (prefixed ? 1 : 0)) {
      return false;
    }
    if (prefixed) {
      if (page[p++] != (byte) prefix) {
        return false;
      }
    }
    return Arrays.equals(page, p, p + key.length, key, 0, key.length);
  }

  private long store(byte prefix, boolean prefixed, byte[] key) {
    int length = key.length + (prefixed ? 1 : 0);
    int header = length < 0x80 ? 1 : 2;
    if (pageUsed + header + length > PAGE_SIZE) {
      if (pageCount == pages.length) {
        pages = Arrays.copyOf(pages, pageCount * 2);
      }
      pages[pageCount++] = new byte[PAGE_SIZE];
      pageUsed = 0;
    }
    byte[] page = pages[pageCount - 1];
    long offset = ((long) (pageCount - 1) << PAGE_BITS) | pageUsed;
    if (header == 1) {
      page[pageUsed++] = (byte) length;
    } else {
      page[pageUsed++] = (byte) (0x80 | (length & 0x7F));
      page[pageUsed++] = (byte) (length >>> 7);
    }
    if (prefixed) {
      page[pageUsed++] = prefix;
    }
    System.arraycopy(key, 0, page, pageUsed, key.length);
    pageUsed += key.length;
    return offset;
  }

  private void grow() {
    long[] old = table;
    table = new long[old.length * 2];
    int mask = table.length - 1;
    for (long e : old) {
      if (e == 0) {
        continue;
      }
      long offset = (e & OFFSET_MASK) - 1;
      int i = (int) rehash(offset) & mask;
      while (table[i] != 0) {
        i = (i + 1) & mask;
      }
      table[i] = e;
    }
  }

  /** The hash of a stored entry, recomputed from its bytes. */
  private long rehash(long offset) {
    byte[] page = pages[(int) (offset >>> PAGE_BITS)];
    int p = (int) (offset & (PAGE_SIZE - 1));
    int length = (page[p] & 0x7F) | ((page[p] & 0x80) != 0 ? (page[p + 1] & 0xFF) << 7 : 0);
    p += (page[p] & 0x80) != 0 ? 2 : 1;
    return mix(page, p, length, FNV_OFFSET);
  }

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;

  private static long hash(int prefix, boolean prefixed, byte[] key) {
    long h = FNV_OFFSET;
    if (prefixed) {
      h = (h ^ (prefix & 0xFF)) * FNV_PRIME;
    }
    return mix(key, 0, key.length, h);
  }

  /** FNV-1a over the bytes, then MurmurHash3's 64-bit finaliser to spread the bits. */
  private static long mix(byte[] b, int from, int length, long h) {
    for (int i = from; i < from + length; i++) {
      h = (h ^ (b[i] & 0xFF)) * FNV_PRIME;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h;
  }

  private static long tag(long h) {
    return (h >>> 40) & 0xFFFFFF;
  }
}
