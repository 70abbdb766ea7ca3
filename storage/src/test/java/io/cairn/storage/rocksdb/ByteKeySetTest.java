package io.cairn.storage.rocksdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.HashFunction;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ByteKeySetTest {
  @Test
  void agreesWithAHashSetOnRandomKeysOfManyLengths() {
    SplittableRandom random = new SplittableRandom(1);
    ByteKeySet set = new ByteKeySet();
    Set<ByteBuffer> reference = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      byte[] key = new byte[random.nextInt(300)];
      random.nextBytes(key);
      if (random.nextInt(4) == 0 && !reference.isEmpty()) {
        key = reference.iterator().next().array();
      }
      assertThat(set.add(key)).isEqualTo(reference.add(ByteBuffer.wrap(key)));
    }
    assertThat(set.size()).isEqualTo(reference.size());
    for (ByteBuffer b : reference) {
      assertThat(set.contains(b.array())).isTrue();
    }
    for (int i = 0; i < 50_000; i++) {
      byte[] key = new byte[1 + random.nextInt(300)];
      random.nextBytes(key);
      assertThat(set.contains(key)).isEqualTo(reference.contains(ByteBuffer.wrap(key)));
    }
  }

  @Test
  void keepsPrefixedKeysApartFromEachOther() {
    ByteKeySet set = new ByteKeySet();
    byte[] key = {1, 2, 3};
    assertThat(set.add((byte) 0, key)).isTrue();
    assertThat(set.contains((byte) 1, key)).isFalse();
    assertThat(set.contains(key)).isFalse();
    assertThat(set.add((byte) 1, key)).isTrue();
    assertThat(set.add((byte) 0, key)).isFalse();
    assertThat(set.contains(new byte[] {0, 1, 2, 3})).isTrue();
    assertThat(set.size()).isEqualTo(2);
  }

  @Test
  void holdsAMillionMultihashesInAboutFiftyBytesEach() {
    ByteKeySet set = new ByteKeySet();
    byte[] seed = new byte[8];
    for (int i = 0; i < 1_000_000; i++) {
      ByteBuffer.wrap(seed).putLong(0, i);
      assertThat(set.add(HashFunction.SHA2_256.multihash(seed).bytes())).isTrue();
    }
    double perKey = (double) set.memoryBytes() / set.size();
    assertThat(perKey).isBetween(35.0, 60.0);
    ByteBuffer.wrap(seed).putLong(0, 123_456);
    assertThat(set.contains(HashFunction.SHA2_256.multihash(seed).bytes())).isTrue();
    ByteBuffer.wrap(seed).putLong(0, 1_000_001);
    assertThat(set.contains(HashFunction.SHA2_256.multihash(seed).bytes())).isFalse();
  }

  @Test
  void refusesKeysLongerThanItCanFrame() {
    assertThatThrownBy(() -> new ByteKeySet().add(new byte[40_000]))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
