package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.testing.TestDags;
import org.junit.jupiter.api.Test;

class VerifiedBlockCacheTest {
  /** Offers a block twice, as two verified reads: the second one keeps it. */
  private static void readTwice(VerifiedBlockCache cache, Block b) {
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
  }

  @Test
  void keepsABlockOnItsSecondReadNotItsFirst() {
    VerifiedBlockCache cache = new VerifiedBlockCache(1 << 20);
    Block b = TestDags.raw(1, 1_000);
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    assertThat(cache.contains(b.cid().multihash())).isFalse();
    assertThat(cache.bytes()).isZero();
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    assertThat(cache.get(b.cid().multihash())).isEqualTo(b.data());
  }

  @Test
  void aFileStreamedOnceFillsNothing() {
    VerifiedBlockCache cache = new VerifiedBlockCache(1 << 20);
    for (int i = 0; i < 100; i++) {
      Block b = TestDags.raw(100 + i, 4_000);
      cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    }
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void aRemovalForgetsThatABlockWasReadOnce() {
    VerifiedBlockCache cache = new VerifiedBlockCache(1 << 20);
    Block b = TestDags.raw(1, 1_000);
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    cache.invalidate(b.cid().multihash());
    cache.offer(b.cid().multihash(), b.data(), cache.epoch());
    assertThat(cache.contains(b.cid().multihash())).isFalse();
  }

  @Test
  void holdsNoMoreBytesThanItsBoundDroppingTheLeastRecentlyUsed() {
    VerifiedBlockCache cache = new VerifiedBlockCache(10_000);
    Block a = TestDags.raw(1, 2_000);
    Block b = TestDags.raw(2, 2_000);
    readTwice(cache, a);
    readTwice(cache, b);
    cache.get(a.cid().multihash()); // a is now the most recently used
    for (int i = 0; i < 10; i++) {
      Block c = TestDags.raw(10 + i, 2_000);
      readTwice(cache, c);
      assertThat(cache.bytes()).isLessThanOrEqualTo(10_000);
      if (i == 3) { // six blocks of 2,000 bytes: the least recently used one went
        assertThat(cache.contains(b.cid().multihash())).isFalse();
        assertThat(cache.contains(a.cid().multihash())).isTrue();
      }
    }
    assertThat(cache.bytes()).isEqualTo(10_000);
  }

  @Test
  void keepsNoBlockOverAQuarterOfItsBound() {
    VerifiedBlockCache cache = new VerifiedBlockCache(10_000);
    Block big = TestDags.raw(1, 2_501);
    readTwice(cache, big);
    assertThat(cache.get(big.cid().multihash())).isNull();
    assertThat(cache.bytes()).isZero();
  }

  @Test
  void refusesABlockReadBeforeARemoval() {
    VerifiedBlockCache cache = new VerifiedBlockCache(1 << 20);
    Block b = TestDags.raw(1, 1_000);
    cache.offer(b.cid().multihash(), b.data(), cache.epoch()); // a first read
    long beforeRead = cache.epoch();
    cache.invalidate(b.cid().multihash()); // removed while the second read was under way
    cache.offer(b.cid().multihash(), b.data(), beforeRead);
    assertThat(cache.get(b.cid().multihash())).isNull();
  }

  @Test
  void givesCopiesSoCallersCannotChangeWhatItHolds() {
    VerifiedBlockCache cache = new VerifiedBlockCache(1 << 20);
    Block b = TestDags.raw(1, 1_000);
    byte[] offered = b.data().clone();
    cache.offer(b.cid().multihash(), offered, cache.epoch());
    cache.offer(b.cid().multihash(), offered, cache.epoch());
    offered[0] ^= 1;
    cache.get(b.cid().multihash())[1] ^= 1;
    assertThat(cache.get(b.cid().multihash())).isEqualTo(b.data());
  }

  @Test
  void isOffWithAZeroBound() {
    VerifiedBlockCache cache = new VerifiedBlockCache(0);
    Block b = TestDags.raw(1, 10);
    readTwice(cache, b);
    assertThat(cache.get(b.cid().multihash())).isNull();
  }
}
