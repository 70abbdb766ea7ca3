package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.TestData;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FetchingBlockStoreTest {
  private final TestNet net = new TestNet();
  private final ExecutorService reader = Executors.newSingleThreadExecutor();
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

  @AfterEach
  void stop() {
    reader.shutdownNow();
    timer.shutdownNow();
  }

  private static Block block(long seed) {
    return Block.create(Multicodec.RAW, TestData.bytes(seed, 3000));
  }

  @Test
  void localBlocksAreServedWithoutTheNetworkEvenOffline() {
    TestNode node = new TestNode(net);
    Block b = block(1);
    node.store.put(b);
    FetchingBlockStore offline =
        new FetchingBlockStore(node.store, node.bitswap, Duration.ofSeconds(1), true);

    assertThat(offline.get(b.cid())).hasValueSatisfying(d -> assertThat(d).isEqualTo(b.data()));
    assertThat(offline.size(b.cid())).hasValue(3000);
    assertThat(node.bitswap.wantlist()).isEmpty();
  }

  @Test
  void offlineRefusesMissingBlockNamingIt() {
    TestNode node = new TestNode(net);
    Block b = block(2);
    FetchingBlockStore offline =
        new FetchingBlockStore(node.store, node.bitswap, Duration.ofSeconds(1), true);

    assertThatThrownBy(() -> offline.get(b.cid()))
        .isInstanceOf(BlockFetchException.class)
        .hasMessage("block " + b.cid() + " is not in the repo, and the node is offline");
    assertThat(node.bitswap.wantlist()).isEmpty();
  }

  @Test
  void missingBlockFailsAfterTheTimeOutNamingCidAndTimeOut() {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap =
        new Bitswap(
            net.newHost(),
            local,
            BitswapOptions.DEFAULTS,
            ProviderFinder.NONE,
            Runnable::run,
            timer);
    bitswap.start();
    FetchingBlockStore store =
        new FetchingBlockStore(local, bitswap, Duration.ofMillis(200), false);
    Block b = block(3);

    assertThatThrownBy(() -> store.get(b.cid()))
        .isInstanceOf(BlockFetchException.class)
        .hasMessageContaining(b.cid().toString())
        .hasMessageContaining("within 200 ms");
    assertThat(bitswap.wantlist()).isEmpty();
  }

  @Test
  void missingBlockIsFetchedFromAPeerAndStored() throws Exception {
    TestNode a = new TestNode(net);
    Block b = block(4);
    a.store.put(b);
    // Channels are touched only by the test thread: the fetch finds its peer through a provider
    // look-up that the test thread completes, so the reader thread only registers the want.
    CompletableFuture<Collection<PeerId>> providers = new CompletableFuture<>();
    AtomicReference<CompletableFuture<Collection<PeerId>>> asked = new AtomicReference<>();
    ProviderFinder finder =
        mh -> {
          CompletableFuture<Collection<PeerId>> f = providers.thenApply(p -> p);
          asked.set(f);
          return f;
        };
    BlockStore local = BlockStores.memory();
    Bitswap bitswap =
        new Bitswap(net.newHost(), local, BitswapOptions.DEFAULTS, finder, net.workers(), timer);
    bitswap.start();
    FetchingBlockStore store =
        new FetchingBlockStore(local, bitswap, Duration.ofSeconds(60), false);

    Future<Optional<byte[]>> got = reader.submit(() -> store.get(b.cid()));
    while (asked.get() == null || asked.get().getNumberOfDependents() == 0) {
      Thread.onSpinWait();
    }
    providers.complete(List.of(a.id()));
    while (!got.isDone()) {
      net.runUntilIdle();
      Thread.onSpinWait();
    }

    assertThat(got.get()).hasValueSatisfying(d -> assertThat(d).isEqualTo(b.data()));
    assertThat(local.has(b.cid())).isTrue();
  }
}
