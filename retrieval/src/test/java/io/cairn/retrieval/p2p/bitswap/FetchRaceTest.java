package io.cairn.retrieval.p2p.bitswap;

import static io.cairn.retrieval.p2p.bitswap.Exchanges.carrying;
import static io.cairn.retrieval.p2p.bitswap.Exchanges.presence;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A fetch that looks in the store just before the block it wants arrives for another fetch. The
 * received block is stored before its want is removed, so the late fetch finds it on a second look
 * rather than wanting it again: Helia ignores a want-block for a block it sent in the last five
 * seconds (and then drops the want when it expires), which held a 256 MiB fetch from Helia for 30
 * s, until the fetch timed out, in about half the runs of bench/p2p.
 */
class FetchRaceTest {
  private final TestNet net = new TestNet();

  @Test
  void aFetchThatMissedTheStoreWhileItsBlockArrivedTakesItFromTheStoreNotThePeer() {
    Block block = Block.create(Multicodec.RAW, TestData.bytes(41, 5000));
    RaceStore store = new RaceStore();
    TestNode b = new TestNode(net, BitswapOptions.DEFAULTS, ProviderFinder.NONE, store);
    RawPeer holder = new RawPeer(net);
    net.connect(b.host, holder.host);

    CompletableFuture<Block> first = b.bitswap.fetch(block.cid(), Duration.ofSeconds(60));
    net.runUntilIdle();
    holder.send(b.host, presence(block.cid(), true));
    net.runUntilIdle();
    assertThat(holder.wants())
        .containsExactly(Want.have(block.cid(), 1), Want.block(block.cid(), 1));

    // The second fetch's store lookup misses, and the block arrives (for the first) right after.
    store.afterNextMiss =
        () -> {
          holder.send(b.host, carrying(Payload.of(block.cid(), block.data())));
          net.runUntilIdle();
        };
    CompletableFuture<Block> second = b.bitswap.fetch(block.cid(), Duration.ofSeconds(60));
    net.runUntilIdle();

    assertThat(first).isCompletedWithValue(block);
    assertThat(second).isCompletedWithValue(block);
    assertThat(holder.wants())
        .containsExactly(Want.have(block.cid(), 1), Want.block(block.cid(), 1));
    assertThat(b.bitswap.wantlist()).isEmpty();
  }

  /** A memory store that runs a hook once, after a lookup that found nothing, before answering. */
  private static final class RaceStore extends ForwardingBlockStore {
    Runnable afterNextMiss;

    RaceStore() {
      super(BlockStores.memory());
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      Optional<byte[]> found = super.get(cid);
      Runnable hook = afterNextMiss;
      if (found.isEmpty() && hook != null) {
        afterNextMiss = null;
        hook.run();
      }
      return found;
    }
  }
}
