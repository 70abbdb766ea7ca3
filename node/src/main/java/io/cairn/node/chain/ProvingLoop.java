package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ChainEvent;
import io.cairn.chain.ChainException;
import io.cairn.chain.Challenge;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.SetPiece;
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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side of deals: accepts deals to this node within its limits for pieces it keeps,
 * or whose data it fetched from the network as the client proposed and found to match the deal's
 * piece, and refuses (and counts) the others; in every proving period, as soon as the period's seed
 * block is mined, proves each of its proof sets (one per client) in one transaction per set (the
 * challenges fall on the set's pieces as the contract's views list them; one 32 KiB subtree read
 * per challenge; the market removes the pieces of deals that have ended by itself, when it takes a
 * period's range); settles its deals every few periods and after their end, again on the next tick
 * when a settle fails or leaves periods unsettled (500 at most per call), until each deal ends.
 * Everything it needs is on chain or in the piece store, so after a restart it carries on where it
 * stood.
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
      String lastError,
      long settlesFailed) {}

  /**
   * The deals this node accepts, beyond what the chain's terms already enforce.
   *
   * @param priceFloorPerTiB the lowest price per TiB (2^40 padded bytes) per period
   * @param maxPeriods the longest deal, 0: no limit
   * @param minPieceBytes the smallest padded piece
   * @param maxDeals the most live deals, 0: no limit
   */
  record Limits(BigInteger priceFloorPerTiB, long maxPeriods, long minPieceBytes, int maxDeals) {
    static final Limits NONE = new Limits(BigInteger.ZERO, 0, 0, 0);

    /** Why this node refuses deal {@code d}, or empty if it takes it. */
    Optional<String> refusal(DealInfo d, long paddedBytes, int liveDeals) {
      BigInteger min =
          priceFloorPerTiB
              .multiply(BigInteger.valueOf(paddedBytes))
              .add(BigInteger.ONE.shiftLeft(40).subtract(BigInteger.ONE))
              .shiftRight(40);
      if (d.pricePerPeriod().compareTo(min) < 0) {
        return Optional.of("price " + d.pricePerPeriod() + " per period is below " + min);
      }
      if (maxPeriods != 0 && d.periods() > maxPeriods) {
        return Optional.of(d.periods() + " periods exceed the limit of " + maxPeriods);
      }
      if (paddedBytes < minPieceBytes) {
        return Optional.of("piece of " + paddedBytes + " bytes is under " + minPieceBytes);
      }
      if (maxDeals != 0 && liveDeals >= maxDeals) {
        return Optional.of(liveDeals + " live deals reach the limit of " + maxDeals);
      }
      return Optional.empty();
    }
  }

  /** Finished periods a deal may have unsettled before the loop settles it (it pays the node). */
  static final int SETTLE_EVERY = 5;

  private final ChainClient client;
  private final PieceStore pieces;
  private final BlockStore blocks;
  private final Duration interval;
  private final DealFetcher fetcher;
  private final java.util.function.Supplier<Limits> limitsSource;
  private Limits limits = Limits.NONE;

  /** Ticks between reads of this provider's terms (the deal limits). */
  private static final int RESCAN_TICKS = 10;

  /**
   * How often the whole market is scanned for deals to this node (a call per deal) and every deal
   * of this node read again: a safety net, as the market's events (DealOpened and DealTakenOver
   * naming this node, and any event naming a deal) tell the loop what changed.
   */
  static final Duration FULL_SCAN = Duration.ofMinutes(10);

  private final Set<BigInteger> mine = new java.util.LinkedHashSet<>();

  /** This node's deals as last read; read again when an event names them or this node acts. */
  private final Map<BigInteger, DealInfo> known = new HashMap<>();

  /** Deals an event named since they were last read (the event follower's thread adds). */
  private final Set<BigInteger> news = ConcurrentHashMap.newKeySet();

  /** Deals an event says are this node's (opened to it or taken over by it). */
  private final Set<BigInteger> discovered = ConcurrentHashMap.newKeySet();

  private final AtomicLong dealReads = new AtomicLong();
  private long lastFullScan;
  private AutoCloseable events;
  private final Set<BigInteger> finished = new HashSet<>();
  private long ticks;

  /** The last period proven, by set. */
  private final Map<Long, Long> provenPeriods = new HashMap<>();

  /** The last period whose proof failed, by set. */
  private final Map<Long, Long> failedPeriods = new HashMap<>();

  private final Set<BigInteger> refused = new HashSet<>();
  private final Set<BigInteger> warnedMissing = new HashSet<>();
  private final Map<BigInteger, CompletableFuture<PieceCid>> fetching = new HashMap<>();
  private final AtomicLong mismatched = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong proven = new AtomicLong();
  private final AtomicLong failed = new AtomicLong();
  private final AtomicLong settled = new AtomicLong();
  private final AtomicLong settlesFailed = new AtomicLong();
  private volatile long lastProofMillis = -1;
  private volatile String lastError = "";
  private ScheduledExecutorService timer;
  private volatile boolean closing;

  /**
   * @param fetcher fetches the data of deals whose client sent a proposal; null without a network
   *     (then only deals for pieces already kept are accepted)
   * @param limits the deals this node accepts, read again at each scan of the market
   */
  ProvingLoop(
      ChainClient client,
      PieceStore pieces,
      BlockStore blocks,
      Duration interval,
      DealFetcher fetcher,
      java.util.function.Supplier<Limits> limits) {
    this.limitsSource = limits;
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

  /**
   * A market event: the deal it names is read again at the next tick, and a deal opened to or taken
   * over by this node becomes one of its deals.
   */
  void event(ChainEvent e) {
    if (e.dealId() == null) {
      return;
    }
    news.add(e.dealId());
    if (("DealOpened".equals(e.name()) || "DealTakenOver".equals(e.name()))
        && e.fields().get("provider") instanceof String p
        && p.equalsIgnoreCase(client.address())) {
      discovered.add(e.dealId());
    }
  }

  /** Deals read from the chain since start: bounded by the news, not by the deals held. */
  long dealReads() {
    return dealReads.get();
  }

  private DealInfo read(BigInteger id) {
    DealInfo d = client.deal(id);
    dealReads.incrementAndGet();
    known.put(id, d);
    return d;
  }

  Stats stats() {
    return new Stats(
        accepted.get(),
        proven.get(),
        failed.get(),
        settled.get(),
        mismatched.get(),
        lastProofMillis,
        lastError,
        settlesFailed.get());
  }

  private void safeTick() {
    try {
      tick();
    } catch (RuntimeException e) {
      lastError = e.getMessage();
      LOG.warn("proving loop: {}", e.getMessage());
    }
  }

  /** One pass over this node's deals, then one proof of each of its sets whose window is open. */
  void tick() {
    String me = client.address();
    if (ticks++ % RESCAN_TICKS == 0) {
      limits = limitsSource.get();
    }
    if (events == null && !closing) {
      // After this block, events tell what changed; the scan below reads the state at this block
      // or later, so the block's own events would only make it read their deals again.
      events = client.follow(client.blockNumber() + 1, this::event);
    }
    long now = System.nanoTime();
    boolean full = lastFullScan == 0 || now - lastFullScan >= FULL_SCAN.toNanos();
    if (full) {
      lastFullScan = now;
      // The whole market costs a call per deal: scanned at start and then rarely.
      for (DealInfo d : client.deals()) {
        if (d.provider().equalsIgnoreCase(me) && !finished.contains(d.id())) {
          mine.add(d.id());
          known.put(d.id(), d);
        }
      }
    }
    for (BigInteger id : List.copyOf(discovered)) {
      discovered.remove(id);
      if (!finished.contains(id)) {
        mine.add(id);
      }
    }
    long block = client.blockNumber();
    long genesis = client.marketGenesis();
    long period = client.params().periodOf(genesis, block);
    int live = 0;
    List<DealInfo> open = new java.util.ArrayList<>();
    for (BigInteger id : List.copyOf(mine)) {
      DealInfo d = known.get(id);
      // Read again: what an event named, open deals (their acceptance deadline passes without a
      // transaction) and deals at their end; the rest changes only by a transaction, which this
      // node sent (and marks) or an event reports.
      if (d == null || news.remove(id) || d.state() == DealState.OPEN || period >= d.endPeriod()) {
        d = read(id);
      }
      if (d.state() == DealState.OPEN) {
        open.add(d);
      } else if (d.state() == DealState.ACTIVE && d.provider().equalsIgnoreCase(me)) {
        live++;
        settleIfDue(d, period);
      } else {
        mine.remove(id);
        known.remove(id);
        finished.add(id);
        fetching.remove(id);
      }
    }
    for (DealInfo d : open) {
      if (accept(d, live)) {
        live++;
      }
    }
    for (Challenge c : client.challenges()) {
      prove(c);
    }
  }

  /**
   * Settles a deal once {@link #SETTLE_EVERY} of its periods are over, or once all are: a settle
   * that fails, or that leaves periods (more than 500 overdue), is tried again on the next tick.
   */
  private void settleIfDue(DealInfo d, long period) {
    long over = Math.min(period, d.endPeriod()) - d.firstPeriod() - d.periodsSettled();
    if (over < SETTLE_EVERY && !(period >= d.endPeriod() && over > 0)) {
      return;
    }
    try {
      news.add(d.id());
      TxResult r = client.settle(d.id());
      settled.incrementAndGet();
      LOG.info(
          "deal {}: settled {} finished periods (tx {}, gas {})",
          d.id(),
          Math.min(over, 500),
          r.hash(),
          r.gasUsed());
    } catch (RuntimeException e) {
      if (closing) {
        return;
      }
      settlesFailed.incrementAndGet();
      lastError = "deal " + d.id() + ": settle failed: " + e.getMessage();
      LOG.warn("{}; trying again", lastError);
    }
  }

  /** Accepts an open deal within this node's limits whose data it keeps; true if accepted. */
  private boolean accept(DealInfo d, int live) {
    if (refused.contains(d.id())) {
      return false;
    }
    PieceCid piece = PieceCid.parse(d.pieceCidV2());
    Optional<String> why = limits.refusal(d, piece.paddedSize(), live);
    String token = client.deployment().token();
    if (why.isEmpty() && !d.nativeCurrency() && !d.token().equalsIgnoreCase(token)) {
      // the collateral would go to a token this node knows nothing about
      why =
          Optional.of(
              "it pays in token "
                  + d.token()
                  + ", neither native currency nor the deployment's token "
                  + token);
    }
    if (why.isPresent()) {
      refuse(d, why.get());
      return false;
    }
    if (pieces.get(piece).isEmpty() && !fetched(d, piece)) {
      return false;
    }
    news.add(d.id());
    TxResult r;
    try {
      r = client.acceptDeal(d.id());
    } catch (RuntimeException e) {
      // One deal that cannot be accepted must not keep the others, or the proofs, from the tick.
      if (e instanceof ChainException c && "AcceptanceExpired".equals(c.errorName())) {
        refuse(d, "its acceptance window is over: " + c.reason());
      } else if (!closing) {
        lastError = "deal " + d.id() + ": accept failed: " + e.getMessage();
        LOG.warn("{}; trying again", lastError);
      }
      return false;
    }
    accepted.incrementAndGet();
    LOG.info(
        "deal {}: accepted piece {} for {} periods (tx {}, gas {})",
        d.id(),
        piece,
        d.periods(),
        r.hash(),
        r.gasUsed());
    return true;
  }

  /**
   * Refuses a deal for good: it is counted and not considered, nor read, again (a client may open
   * any number of deals it knows this node refuses; they stay open on chain).
   */
  private void refuse(DealInfo d, String why) {
    refused.add(d.id());
    mine.remove(d.id());
    known.remove(d.id());
    finished.add(d.id());
    mismatched.incrementAndGet();
    lastError = "deal " + d.id() + " refused: " + why;
    LOG.warn("{}", lastError);
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
      refuse(
          d,
          "the proposed root "
              + root.get()
              + " has piece "
              + got
              + ", the deal names piece "
              + piece);
      return false;
    }
    LOG.info(
        "deal {}: fetched {}, its piece {} matches the deal and is kept",
        d.id(),
        root.get(),
        piece);
    return true;
  }

  /**
   * Proves a set's open period: every piece within the challenge range is opened from the piece
   * store. A set that fails does not keep the node's other sets from being proven.
   */
  private void prove(Challenge c) {
    if (provenPeriods.getOrDefault(c.setId(), -1L) >= c.period()) {
      return;
    }
    long started = System.nanoTime();
    List<Prover.Provable> provables = new java.util.ArrayList<>();
    try {
      for (SetPiece p : c.pieces()) {
        provables.add(pieces.open(PieceCid.parse(p.pieceCidV2()), blocks));
      }
      ProofBundle bundle = Prover.prove(c.setId(), c.seed(), c.count(), provables);
      long provedMillis = (System.nanoTime() - started) / 1_000_000;
      TxResult r = client.provePeriod(bundle.calldata(c.header()));
      provenPeriods.put(c.setId(), c.period());
      proven.incrementAndGet();
      lastProofMillis = (System.nanoTime() - started) / 1_000_000;
      LOG.info(
          "set {} period {}: proved {} challenges over {} pieces in {} ms, mined in"
              + " block {} ({} blocks after the seed block), gas {}",
          c.setId(),
          c.period(),
          c.count(),
          c.pieces().size(),
          provedMillis,
          r.block(),
          r.block() - c.seedBlock(),
          r.gasUsed());
    } catch (RuntimeException e) {
      if (closing) {
        LOG.info(
            "set {} period {}: stopped while proving; the next start goes on",
            c.setId(),
            c.period());
        return;
      }
      if (String.valueOf(e.getMessage()).contains("PeriodAlreadyProven")) {
        provenPeriods.put(c.setId(), c.period());
        return;
      }
      lastError = "set " + c.setId() + " period " + c.period() + ": " + e.getMessage();
      // tried again at every tick of the window (the piece may come back): counted and logged once
      Long before = failedPeriods.put(c.setId(), c.period());
      if (before != null && before == c.period()) {
        LOG.debug(
            "set {} period {}: proof failed again: {}", c.setId(), c.period(), e.getMessage());
        return;
      }
      failed.incrementAndGet();
      LOG.warn("set {} period {}: proof failed: {}", c.setId(), c.period(), e.getMessage());
    } finally {
      // each period opens the pieces again: their files must not stay open until a GC
      try {
        Prover.closeAll(provables);
      } catch (RuntimeException e) {
        LOG.debug("set {}: closing its pieces: {}", c.setId(), e.getMessage());
      }
    }
  }

  @Override
  public synchronized void close() {
    closing = true;
    if (events != null) {
      try {
        events.close();
      } catch (Exception e) {
        LOG.debug("closing the proving loop's event follower: {}", e.getMessage());
      }
      events = null;
    }
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
