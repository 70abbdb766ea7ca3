package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * A position in the Kademlia keyspace: the SHA-256 of a key's bytes (a peer ID's binary form, or a
 * multihash for provider records). Distance is the XOR of two positions read as a 256-bit unsigned
 * number.
 */
final class KadKey implements Comparable<KadKey> {
  static final int BYTES = 32;
  static final int BITS = BYTES * 8;

  private final byte[] position;

  private KadKey(byte[] position) {
    this.position = position;
  }

  /** The position of {@code key}, as a DHT server places it: sha256(key). */
  static KadKey of(byte[] key) {
    return new KadKey(sha256(key));
  }

  static KadKey of(PeerId peer) {
    return of(peer.bytes());
  }

  static KadKey of(Multihash multihash) {
    return of(multihash.bytes());
  }

  /** A position given directly (32 bytes), such as a region's first position. */
  static KadKey ofPosition(byte[] position) {
    if (position.length != BYTES) {
      throw new IllegalArgumentException(
          "a keyspace position has " + BYTES + " bytes, not " + position.length);
    }
    return new KadKey(position.clone());
  }

  byte[] bytes() {
    return position.clone();
  }

  /** The bit at {@code index}, 0 being the most significant bit of the first byte. */
  int bit(int index) {
    return (position[index >>> 3] >>> (7 - (index & 7))) & 1;
  }

  /** The number of leading bits this position shares with {@code other} (256 if equal). */
  int commonPrefixLength(KadKey other) {
    for (int i = 0; i < BYTES; i++) {
      int x = (position[i] ^ other.position[i]) & 0xFF;
      if (x != 0) {
        return i * 8 + Integer.numberOfLeadingZeros(x) - 24;
      }
    }
    return BITS;
  }

  /** Whether {@code a} is closer to this position than {@code b}: negative, zero or positive. */
  int compareDistance(KadKey a, KadKey b) {
    for (int i = 0; i < BYTES; i++) {
      int da = (a.position[i] ^ position[i]) & 0xFF;
      int db = (b.position[i] ^ position[i]) & 0xFF;
      if (da != db) {
        return Integer.compare(da, db);
      }
    }
    return 0;
  }

  /** Whether the first {@code bits} bits of this position equal those of {@code prefix}. */
  boolean hasPrefix(KadKey prefix, int bits) {
    return commonPrefixLength(prefix) >= bits;
  }

  static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  @Override
  public int compareTo(KadKey o) {
    return Arrays.compareUnsigned(position, o.position);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof KadKey other && Arrays.equals(position, other.position);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(position);
  }

  @Override
  public String toString() {
    return HexFormat.of().formatHex(position);
  }
}
