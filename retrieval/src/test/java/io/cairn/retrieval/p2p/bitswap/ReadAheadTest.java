package io.cairn.retrieval.p2p.bitswap;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two real hosts on 127.0.0.1, Bitswap on each: reading a file's node through a {@link
 * FetchingBlockStore} wants its chunks at once, and fetched blocks are written in bulk; a reader
 * and the read-ahead asking for the same block share one want.
 */
class ReadAheadTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final ExecutorService workers = Executors.newFixedThreadPool(2);
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
  private final List<Bitswap> started = new ArrayList<>();
  private final AtomicReference<Bitswap> bitswapOf = new AtomicReference<>();

  @AfterEach
  void stop() {
    started.forEach(Bitswap::stop);
    workers.shutdownNow();
    timer.shutdownNow();
  }

  private Bitswap bitswap(TestHosts hosts, int i, BlockStore store) {
    Bitswap b =
        new Bitswap(
            hosts.get(i).host(),
            store,
            BitswapOptions.DEFAULTS.withFetchTimeout(TIMEOUT),
            ProviderFinder.NONE,
            workers,
            timer);
    b.start();
    started.add(b);
    return b;
  }

  @Test
  void readingAFileNodeWantsAllItsChunksButNotNamedEntries() throws Exception {
    BlockStore sender = BlockStores.memory();
    List<Cid> chunks = new ArrayList<>();
    List<PbLink> links = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      Block chunk = Block.create(Multicodec.RAW, TestData.bytes(i, 2000));
      sender.put(chunk);
      chunks.add(chunk.cid());
      links.add(PbLink.of("", chunk.cid(), 2000));
    }
    // A named link is a directory entry, not a chunk: it is not read ahead.
    Block entry = Block.create(Multicodec.RAW, TestData.bytes(99, 2000));
    sender.put(entry);
    links.add(PbLink.of("entry.txt", entry.cid(), 2000));
    Block root = Block.create(Multicodec.DAG_PB, DagPb.encode(PbNode.of(new byte[0], links)));
    sender.put(root);

    try (TestHosts hosts = TestHosts.start(2, h -> {})) {
      bitswap(hosts, 0, sender);
      BlockStore local = BlockStores.memory();
      Bitswap receiver = bitswap(hosts, 1, local);
      hosts.connect(1, 0);
      FetchingBlockStore store = new FetchingBlockStore(local, receiver, TIMEOUT, false);

      assertThat(store.get(root.cid())).isPresent();

      // No chunk has been read, yet each is wanted already, or even here.
      Set<Cid> wanted = new HashSet<>(receiver.wantlist());
      assertThat(chunks).allSatisfy(c -> assertThat(wanted.contains(c) || local.has(c)).isTrue());
      assertThat(wanted).doesNotContain(entry.cid());
      assertThat(local.has(entry.cid())).isFalse();
      for (Cid c : chunks) {
        assertThat(receiver.fetch(c).get(30, TimeUnit.SECONDS).cid()).isEqualTo(c);
      }
    }
  }

  @Test
  void fetchedBlocksAreWrittenInBulkNotSyncedOneByOne() throws Exception {
    BlockStore sender = BlockStores.memory();
    List<Block> blocks = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Block b = Block.create(Multicodec.RAW, TestData.bytes(100 + i, 3000));
      sender.put(b);
      blocks.add(b);
    }
    CountingStore local = new CountingStore(BlockStores.memory());
    try (TestHosts hosts = TestHosts.start(2, h -> {})) {
      bitswap(hosts, 0, sender);
      Bitswap receiver = bitswap(hosts, 1, local);
      hosts.connect(1, 0);

      for (Block b : blocks) {
        assertThat(receiver.fetch(b.cid()).get(30, TimeUnit.SECONDS).data()).isEqualTo(b.data());
      }
    }
    assertThat(blocks).allSatisfy(b -> assertThat(local.has(b.cid())).isTrue());
    // put() is a synced write of one block; putAll() a bulk write durable at the next sync.
    assertThat(local.puts.get()).isZero();
    assertThat(local.bulkBlocks.get()).isEqualTo(blocks.size());
  }

  @Test
  void aFetchArrivingWhileTheBlockIsBeingStoredJoinsTheWantInsteadOfAskingAgain() {
    TestNet net = new TestNet();
    TestNode a = new TestNode(net);
    Block b = Block.create(Multicodec.RAW, TestData.bytes(7, 3000));
    a.store.put(b);
    // The reader of a file asks for the block just as it arrives from the read-ahead's want.
    List<CompletableFuture<Block>> late = new ArrayList<>();
    BlockStore hooked =
        new CountingStore(BlockStores.memory()) {
          @Override
          public void putAll(Collection<Block> blocks) {
            late.add(bitswapOf.get().fetch(b.cid()));
            super.putAll(blocks);
          }
        };
    TestNode node = new TestNode(net, BitswapOptions.DEFAULTS, ProviderFinder.NONE, hooked);
    bitswapOf.set(node.bitswap);
    net.connect(node.host, a.host);
    var first = node.bitswap.fetch(b.cid());
    net.runUntilIdle();

    assertThat(first).isCompletedWithValueMatching(x -> x.cid().equals(b.cid()));
    assertThat(late).singleElement().satisfies(f -> assertThat(f).isCompleted());
    // The block crossed the network once: the late fetch joined the want it arrived for.
    assertThat(a.bitswap.stat().blocksSent()).isEqualTo(1);
    assertThat(node.bitswap.wantlist()).isEmpty();
  }

  /** A store that counts single (synced) and bulk writes. */
  private static class CountingStore extends ForwardingBlockStore {
    final AtomicInteger puts = new AtomicInteger();
    final AtomicInteger bulkBlocks = new AtomicInteger();

    CountingStore(BlockStore inner) {
      super(inner);
    }

    @Override
    public void put(Block block) {
      puts.incrementAndGet();
      super.put(block);
    }

    @Override
    public void putAll(Collection<Block> blocks) {
      bulkBlocks.addAndGet(blocks.size());
      super.putAll(blocks);
    }
  }
}
