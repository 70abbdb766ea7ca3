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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Reads through Bitswap: local and offline reads, fetches from a peer, and fetches that stop when
 * nothing will come of them (cancelled by their request, or with no peer to ask).
 */
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

  private static final Duration LONG = Duration.ofSeconds(60);

  /** A provider search that never ends, so the node never counts as having no one to ask. */
  private static final ProviderFinder SEARCHING = mh -> new CompletableFuture<>();

  private Bitswap bitswap(TestNet.MemoryHost host, BlockStore local, ProviderFinder finder) {
    Bitswap b = new Bitswap(host, local, BitswapOptions.DEFAULTS, finder, Runnable::run, timer);
    b.start();
    return b;
  }

  private static void awaitWant(Bitswap bitswap, Block b) throws InterruptedException {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!bitswap.wantlist().contains(b.cid())) {
      assertThat(System.nanoTime()).as("the want appears").isLessThan(end);
      Thread.sleep(5);
    }
  }

  @Test
  void cancelledReadFailsAtOnceAndWithdrawsItsWant() throws Exception {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap = bitswap(net.newHost(), local, SEARCHING);
    CompletableFuture<Throwable> signal = new CompletableFuture<>();
    FetchingBlockStore store =
        new FetchingBlockStore(local, bitswap, LONG, false).cancelledBy(signal);
    Block b = block(1);

    Future<Optional<byte[]>> read = reader.submit(() -> store.get(b.cid()));
    awaitWant(bitswap, b);
    long start = System.nanoTime();
    signal.complete(new IllegalStateException("the client went away"));

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
        .isInstanceOf(ExecutionException.class)
        .cause()
        .isInstanceOf(BlockFetchException.class)
        .hasMessage("block " + b.cid() + " fetch was cancelled: the client went away")
        .satisfies(e -> assertReason(e, BlockFetchException.Reason.CANCELLED));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(bitswap.wantlist()).isEmpty();
    // A read after the signal fails at once, without a want.
    assertThatThrownBy(() -> store.get(block(2).cid()))
        .isInstanceOf(BlockFetchException.class)
        .hasMessageContaining("fetch was cancelled");
    assertThat(bitswap.wantlist()).isEmpty();
  }

  @Test
  void cancellingOneRequestLeavesAnotherWaitingForTheSameBlock() throws Exception {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap = bitswap(net.newHost(), local, SEARCHING);
    CompletableFuture<Throwable> signal = new CompletableFuture<>();
    FetchingBlockStore base = new FetchingBlockStore(local, bitswap, LONG, false);
    FetchingBlockStore cancelled = base.cancelledBy(signal);
    Block b = block(3);
    CompletableFuture<Block> other = bitswap.fetch(b.cid(), LONG);

    Future<Optional<byte[]>> read = reader.submit(() -> cancelled.get(b.cid()));
    // Whether or not the reader joined the want yet, the cancel must leave the other fetch's.
    Thread.sleep(200);
    signal.complete(new IllegalStateException("gone"));

    assertThatThrownBy(() -> read.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BlockFetchException.class);
    assertThat(other).isNotDone();
    assertThat(bitswap.wantlist()).containsExactly(b.cid());
    other.cancel(false);
    assertThat(bitswap.wantlist()).isEmpty();
  }

  @Test
  void fetchWithNoPeerToAskFailsOnceTheProviderSearchEnds() {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap = bitswap(net.newHost(), local, ProviderFinder.NONE);
    FetchingBlockStore store = new FetchingBlockStore(local, bitswap, LONG, false);
    Block b = block(4);

    long start = System.nanoTime();
    assertThatThrownBy(() -> store.get(b.cid()))
        .isInstanceOf(BlockFetchException.class)
        .hasMessage(
            "block "
                + b.cid()
                + " could not be fetched: no peer is connected to ask for it, and the provider"
                + " search found none")
        .satisfies(e -> assertReason(e, BlockFetchException.Reason.NO_PEERS));
    assertThat(System.nanoTime() - start).isLessThan(TimeUnit.SECONDS.toNanos(5));
    assertThat(bitswap.wantlist()).isEmpty();
  }

  @Test
  void aReadThatWaitsForPeersKeepsItsWantWhenTheFailFastOneSharingItGivesUp() throws Exception {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap = bitswap(net.newHost(), local, ProviderFinder.NONE);
    FetchingBlockStore failFast = new FetchingBlockStore(local, bitswap, LONG, false);
    FetchingBlockStore waiting = failFast.newSession().waitingForPeers(true);
    Block b = block(7);

    Future<Optional<byte[]>> waited = reader.submit(() -> waiting.get(b.cid()));
    awaitWant(bitswap, b);
    assertThatThrownBy(() -> failFast.get(b.cid()))
        .isInstanceOf(BlockFetchException.class)
        .satisfies(e -> assertReason(e, BlockFetchException.Reason.NO_PEERS));
    Thread.sleep(IdleWants.ISOLATION_CHECK.toMillis() * 5 / 2);

    assertThat(waited).isNotDone();
    assertThat(bitswap.wantlist()).containsExactly(b.cid());
    waited.cancel(true);
  }

  @Test
  void aReadThatWaitsForPeersEndsAtItsTimeOut() {
    BlockStore local = BlockStores.memory();
    Bitswap bitswap = bitswap(net.newHost(), local, ProviderFinder.NONE);
    FetchingBlockStore waiting =
        new FetchingBlockStore(local, bitswap, Duration.ofMillis(2500), false)
            .waitingForPeers(true);
    Block b = block(8);

    long start = System.nanoTime();
    assertThatThrownBy(() -> waiting.get(b.cid()))
        .isInstanceOf(BlockFetchException.class)
        .hasMessageContaining("was not found on the network within 2500 ms")
        .satisfies(e -> assertReason(e, BlockFetchException.Reason.TIMED_OUT));
    assertThat(System.nanoTime() - start)
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(2500));
    assertThat(bitswap.wantlist()).isEmpty();
  }

  @Test
  void fetchWaitsWhileTheProviderSearchRuns() throws Exception {
    BlockStore local = BlockStores.memory();
    CompletableFuture<Collection<PeerId>> search = new CompletableFuture<>();
    Bitswap bitswap = bitswap(net.newHost(), local, mh -> search);
    CompletableFuture<Block> fetch = bitswap.fetch(block(5).cid(), LONG);

    Thread.sleep(IdleWants.ISOLATION_CHECK.toMillis() * 5 / 2);
    assertThat(fetch).isNotDone();
    search.complete(List.of());
    assertThatThrownBy(() -> fetch.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BlockFetchException.class);
  }

  @Test
  void fetchWaitsWhileAConnectionIsBeingSetUp() throws Exception {
    BlockStore local = BlockStores.memory();
    TestNet.MemoryHost host = net.newHost();
    host.connecting = true;
    Bitswap bitswap = bitswap(host, local, ProviderFinder.NONE);
    CompletableFuture<Block> fetch = bitswap.fetch(block(6).cid(), LONG);

    Thread.sleep(IdleWants.ISOLATION_CHECK.toMillis() * 5 / 2);
    assertThat(fetch).isNotDone();
    assertThat(bitswap.wantlist()).containsExactly(block(6).cid());
    host.connecting = false;
    assertThatThrownBy(() -> fetch.get(5, TimeUnit.SECONDS))
        .hasCauseInstanceOf(BlockFetchException.class);
  }

  private static void assertReason(Throwable e, BlockFetchException.Reason reason) {
    assertThat(((BlockFetchException) e).reason()).isEqualTo(reason);
  }
}
