package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.testing.TestDags;
import io.cairn.storage.testing.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract every {@link BlockStore} meets. Extend it with a way to open an empty store; other
 * modules reach it through the storage test-jar.
 */
public abstract class AbstractBlockStoreTest {
  protected BlockStore store;

  /** A new, empty store. */
  protected abstract BlockStore openStore() throws Exception;

  /** Closes what {@link #openStore} opened; may be called twice. */
  protected void closeStore(BlockStore s) throws Exception {
    s.close();
  }

  @BeforeEach
  void openEmptyStore() throws Exception {
    store = openStore();
  }

  @AfterEach
  void closeTheStore() throws Exception {
    closeStore(store);
  }

  @Test
  void returnsWhatWasPut() {
    Block b = TestDags.raw(1, 1000);
    store.put(b);
    assertThat(store.has(b.cid())).isTrue();
    assertThat(store.get(b.cid())).hasValueSatisfying(d -> assertThat(d).isEqualTo(b.data()));
    assertThat(store.require(b.cid())).isEqualTo(b.data());
    assertThat(store.size(b.cid())).hasValue(1000);
  }

  @Test
  void reportsAbsentBlocks() {
    Cid absent = TestDags.raw(2, 10).cid();
    assertThat(store.has(absent)).isFalse();
    assertThat(store.get(absent)).isEmpty();
    assertThat(store.size(absent)).isEmpty();
    assertThatThrownBy(() -> store.require(absent))
        .isInstanceOf(BlockNotFoundException.class)
        .hasMessageContaining(absent.toString());
  }

  @Test
  void keysByMultihashSoCidVersionsAndCodecsShareABlock() {
    Block node = TestDags.node(List.of(TestDags.raw(3, 10).cid()), new byte[] {1, 2});
    Cid v0 = TestDags.v0(node);
    store.put(new Block(v0, node.data()));
    assertThat(store.has(node.cid())).isTrue();
    Cid rawView = Cid.v1(Multicodec.RAW, node.cid().multihash());
    assertThat(store.get(rawView)).hasValueSatisfying(d -> assertThat(d).isEqualTo(node.data()));
    try (Stream<Multihash> keys = store.keys()) {
      assertThat(keys).containsExactly(node.cid().multihash());
    }
  }

  @Test
  void neverStoresIdentityBlocksButAlwaysHasThem() {
    byte[] inline = "inline".getBytes();
    Cid identity = Cid.compute(1, Multicodec.RAW.code(), HashFunction.IDENTITY, inline);
    store.put(new Block(identity, inline));
    assertThat(store.has(identity)).isTrue();
    assertThat(store.get(identity)).hasValueSatisfying(d -> assertThat(d).isEqualTo(inline));
    assertThat(store.size(identity)).hasValue(inline.length);
    try (Stream<Multihash> keys = store.keys()) {
      assertThat(keys).isEmpty();
    }
  }

  @Test
  void rejectsBlocksOverTheSizeLimit() {
    Block big = TestDags.raw(4, BlockStore.MAX_BLOCK_SIZE + 1);
    assertThatThrownBy(() -> store.put(big))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(String.valueOf(BlockStore.MAX_BLOCK_SIZE));
    assertThat(store.has(big.cid())).isFalse();
    Block limit = TestDags.raw(5, BlockStore.MAX_BLOCK_SIZE);
    store.put(limit);
    assertThat(store.size(limit.cid())).hasValue(BlockStore.MAX_BLOCK_SIZE);
  }

  @Test
  void rejectsABatchWithABadBlockWithoutStoringAnyOfIt() {
    Block good = TestDags.raw(6, 100);
    Block big = TestDags.raw(7, BlockStore.MAX_BLOCK_SIZE + 1);
    assertThatThrownBy(() -> store.putAll(List.of(good, big)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.has(good.cid())).isFalse();
  }

  @Test
  void rejectsBlocksHashedWithAFunctionTheNodeCannotCompute() {
    byte[] data = "opaque".getBytes();
    // 0x1012 is sha2-256-trunc254-padded (piece commitments): parsed, but not computable here.
    Cid cid = Cid.v1(Multicodec.RAW, Multihash.of(0x1012, new byte[32]));
    assertThatThrownBy(() -> store.put(new Block(cid, data)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("0x1012")
        .hasMessageContaining("cannot compute");
    assertThat(store.has(cid)).isFalse();
  }

  @Test
  void putAllStoresEveryBlockOnceEvenWhenRepeated() {
    TestDags.Dag dag = TestDags.tree(8, 20, 300, 4);
    List<Block> twice = new ArrayList<>(dag.blocks());
    twice.addAll(dag.blocks());
    store.putAll(twice);
    store.putAll(dag.blocks());
    for (Block b : dag.blocks()) {
      assertThat(store.get(b.cid())).hasValueSatisfying(d -> assertThat(d).isEqualTo(b.data()));
    }
    try (Stream<Multihash> keys = store.keys()) {
      assertThat(keys.toList())
          .containsExactlyInAnyOrderElementsOf(
              dag.blocks().stream().map(b -> b.cid().multihash()).toList());
    }
  }

  @Test
  void deleteRemovesABlockAndSaysWhetherItWasHeld() {
    Block a = TestDags.raw(9, 50);
    Block b = TestDags.raw(10, 50);
    store.putAll(List.of(a, b));
    assertThat(store.delete(a.cid())).isTrue();
    assertThat(store.delete(a.cid())).isFalse();
    assertThat(store.has(a.cid())).isFalse();
    assertThat(store.has(b.cid())).isTrue();
    store.put(a);
    assertThat(store.has(a.cid())).isTrue();
  }

  @Test
  void keepsItsOwnCopiesOfTheBytes() {
    byte[] data = TestData.bytes(11, 64);
    Block b = Block.create(Multicodec.RAW, data.clone());
    store.put(new Block(b.cid(), data));
    data[0] ^= 1;
    byte[] read = store.require(b.cid());
    read[1] ^= 1;
    assertThat(store.require(b.cid())).isEqualTo(b.data());
  }

  @Test
  void keysListsEveryStoredMultihash() {
    Set<Multihash> expected =
        Stream.of(12, 13, 14)
            .map(i -> TestDags.raw(i, 10 * i))
            .peek(store::put)
            .map(b -> b.cid().multihash())
            .collect(Collectors.toSet());
    try (Stream<Multihash> keys = store.keys()) {
      assertThat(keys).containsExactlyInAnyOrderElementsOf(expected);
    }
  }

  @Test
  void syncKeepsBlocksReadable() {
    Block b = TestDags.raw(15, 10);
    store.putAll(List.of(b));
    store.sync();
    assertThat(store.has(b.cid())).isTrue();
  }

  @Test
  void refusesUseAfterClose() throws Exception {
    Block b = TestDags.raw(16, 10);
    closeStore(store);
    assertThatThrownBy(() -> store.has(b.cid())).isInstanceOf(StorageException.class);
    assertThatThrownBy(() -> store.put(b)).isInstanceOf(StorageException.class);
  }
}
