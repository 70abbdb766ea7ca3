package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.Challenge;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.TxResult;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceStore;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.Prover;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side of deals: accepts deals to this node for pieces it keeps, or whose data it
 * fetched from the network as the client proposed and found to match the deal's piece; in every
 * proving period, as soon as the period's seed block is mined, proves the challenged leaves from
 * the piece store (one 32 KiB subtree read per challenge) and submits the proof; once a deal's last
 * window has passed it settles it, which returns the collateral. Everything it needs is on chain or
 * in the piece store, so after a restart it carries on where it stood.
 */
final class ProvingLoop implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ProvingLoop.class);

  /** What the loop has done since the node started. */
  record Stats(
      long dealsAccepted,
      long periodsProven,
      long proofsFailed,
      long dealsSettled,
      long dealsRefused,
      long lastProofMillis,
      String lastError) {}

  private final ChainClient client;
  private final PieceStore pieces;
  private final BlockStore blocks;
  private final Duration interval;
  private final DealFetcher fetcher;

  /** Ticks between scans of the whole market for new deals to this node. */
  private static final int RESCAN_TICKS = 10;

  private final Set<BigInteger> mine = new java.util.LinkedHashSet<>();
  private final Set<BigInteger> finished = new HashSet<>();
  private long ticks;
  private final Map<BigInteger, Integer> provenPeriods = new HashMap<>();
  private final Set<BigInteger> refused = new HashSet<>();
  private final Set<BigInteger> settledAt = new HashSet<>();
  private final Set<BigInteger> warnedMissing = new HashSet<>();
  private final Map<BigInteger, CompletableFuture<PieceCid>> fetching = new HashMap<>();
  private final AtomicLong mismatched = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong proven = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private volatile long lastProofMillis = -1;
  private volatile String lastError = "";
  private ScheduledExecutorService timer;
  private volatile boolean closing;

  /**
   * @param fetcher fetches the data of deals whose client sent a proposal; null without a network
   *     (then only deals for pieces already kept are accepted)
   */
  ProvingLoop(
      ChainClient client,
      PieceStore pieces,
      BlockStore blocks,
      Duration interval,
      DealFetcher fetcher) {
    this.client = client;
    this.pieces = pieces;
    this.blocks = blocks;
    this.interval = interval;
    this.fetcher = fetcher;
  }

  synchronized void start() {
    timer =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("proving").factory());
    long ms = Math.max(100, interval.toMillis());
    timer.scheduleWithFixedDelay(this::safeTick, 0, ms, TimeUnit.MILLISECONDS);
  }

  Stats stats() {
    return new Stats(
        accepted.get(),
        proven.get(),
        failed.get(),
        settled.get(),
        mismatched.get(),
        lastProofMillis,
        lastError);
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.warn("proving loop: {}", e.getMessage());
    }
  }

  /** One pass over this node's deals. */
  void tick() {
    String me = client.address();
    if (ticks++ % RESCAN_TICKS == 0) {
      // The whole market costs a call per deal: scanned now and then for new deals to this node.
      for (DealInfo d : client.deals()) {
        if (d.provider().equalsIgnoreCase(me) && !finished.contains(d.id())) {
          mine.add(d.id());
        }
      }
    }
    long block = client.blockNumber();
    for (BigInteger id : List.copyOf(mine)) {
      DealInfo d = client.deal(id);
      if (d.state() == DealState.OPEN) {
        accept(d);
      } else if (d.state() == DealState.ACTIVE) {
        client.challenge(d.id()).ifPresent(c -> prove(d, c));
        long end = d.startBlock() + (long) d.periods() * client.params().periodBlocks();
        if (block > end && d.periodsSettled() < d.periods() && settledAt.add(d.id())) {
          TxResult r = client.settle(d.id());
          settled.incrementAndGet();
          LOG.info("deal {}: settled at its end (tx {})", d.id(), r.hash());
        }
      } else {
        mine.remove(id);
        finished.add(id);
        fetching.remove(id);
      }
    }
  }

  private void accept(DealInfo d) {
    if (refused.contains(d.id())) {
      return;
    }
    PieceCid piece = PieceCid.parse(d.pieceCidV2());
    if (pieces.get(piece).isEmpty() && !fetched(d, piece)) {
      return;
    }
    TxResult r = client.acceptDeal(d.id());
    accepted.incrementAndGet();
    LOG.info(
        "deal {}: accepted piece {} for {} periods (tx {}, gas {})",
        d.id(),
        piece,
        d.periods(),
        r.hash(),
        r.gasUsed());
  }

  /**
   * Whether the deal's data is now kept: fetched from the network as its client proposed and
   * checked against the deal's piece. A fetch (and the pin and piece store entry of a match) runs
   * on a worker thread across ticks; a DAG whose piece differs is refused for good and left
   * unpinned.
   */
  private boolean fetched(DealInfo d, PieceCid piece) {
    Optional<Cid> root = fetcher == null ? Optional.empty() : fetcher.proposedRoot(d.id());
    if (root.isEmpty()) {
      if (warnedMissing.add(d.id())) {
        LOG.warn(
            "deal {} asks this node to store piece {}, which it does not keep, and its client sent"
                + " no proposal naming the data; waiting for one (or add the data with 'cairn dag"
                + " import' and 'cairn piece add ROOT')",
            d.id(),
            piece);
      }
      return false;
    }
    CompletableFuture<PieceCid> f = fetching.get(d.id());
    if (f == null) {
      LOG.info("deal {}: fetching {} from the network for piece {}", d.id(), root.get(), piece);
      fetching.put(d.id(), fetcher.fetchPiece(root.get(), piece));
      return false;
    }
    if (!f.isDone()) {
      return false;
    }
    fetching.remove(d.id());
    PieceCid got;
    try {
      got = f.join();
    } catch (CompletionException | CancellationException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      lastError = "deal " + d.id() + ": fetching " + root.get() + " failed: " + cause.getMessage();
      LOG.warn("{}; trying again", lastError);
      return false;
    }
    if (!got.equals(piece)) {
      refused.add(d.id());
      mismatched.incrementAndGet();
      lastError =
          "deal "
              + d.id()
              + " refused: the proposed root "
              + root.get()
              + " has piece "
              + got
              + ", the deal names piece "
              + piece;
      LOG.warn("{}", lastError);
      return false;
    }
    LOG.info(
        "deal {}: fetched {}, its piece {} matches the deal and is kept",
        d.id(),
        root.get(),
        piece);
    return true;
  }

  private void prove(DealInfo d, Challenge c) {
    Integer done = provenPeriods.get(d.id());
    if (done != null && done >= c.period()) {
      return;
    }
    long started = System.nanoTime();
    try {
      PieceCid piece = PieceCid.parse(d.pieceCidV2());
      Prover.Provable provable = pieces.open(piece, blocks);
      ProofBundle bundle =
          Prover.prove(d.id().longValueExact(), c.seed(), c.count(), List.of(provable));
      long provedMillis = (System.nanoTime() - started) / 1_000_000;
      TxResult r = client.provePossession(bundle.calldata());
      provenPeriods.put(d.id(), c.period());
      proven.incrementAndGet();
      lastProofMillis = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          "deal {} period {}: proved {} challenges in {} ms, mined in block {} ({} blocks after"
              + " the seed block), gas {}",
          d.id(),
          c.period(),
          c.count(),
          provedMillis,
          r.block(),
          r.block() - c.seedBlock(),
          r.gasUsed());
    } catch (RuntimeException e) {
      if (closing) {
        LOG.info(
            "deal {} period {}: stopped while proving; the next start goes on", d.id(), c.period());
        return;
      }
      if (String.valueOf(e.getMessage()).contains("PeriodAlreadyProven")) {
        provenPeriods.put(d.id(), c.period());
        return;
      }
      failed.incrementAndGet();
      lastError = "deal " + d.id() + " period " + c.period() + ": " + e.getMessage();
      LOG.warn("deal {} period {}: proof failed: {}", d.id(), c.period(), e.getMessage());
    }
  }

  @Override
  public synchronized void close() {
    closing = true;
    if (timer != null) {
      timer.shutdownNow();
      try {
        timer.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      timer = null;
    }
  }
}
