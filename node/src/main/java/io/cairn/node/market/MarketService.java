package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ComputeMarketClient;
import io.cairn.chain.MarketJob;
import io.cairn.chain.MarketJobState;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.chain.ChainService;
import io.cairn.storage.Service;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon's part in the compute market: one loop thread reads the market's jobs and sends every
 * transaction; a worker pool fetches specs and inputs and runs jobs. Every job not yet settled is
 * read once (from job 1 on start, new ones by ID as {@code JobPosted} numbers them) and kept; it is
 * read again only when a market event names it (the chain's event follower), and every {@link
 * #FULL_READ} as a safety net, so a pass costs two calls plus one read per job with news, however
 * many jobs the market holds. Deadlines and windows need no read: they are block numbers the kept
 * job carries. The {@link ProviderScheduler} claims, runs, submits and finalizes ({@code
 * Provider.Compute}); the {@link Verifier} draws, re-executes, commits, reveals and resolves
 * disputes ({@code Provider.Verify}); as a client the node expires jobs whose provider missed the
 * deadline and pushes its disputes along. Settings are read from the config on every pass, so
 * {@code provider compute on|off} takes effect at once.
 */
public final class MarketService implements Service {
  private static final Logger LOG = LoggerFactory.getLogger(MarketService.class);
  private static final Set<MarketJobState> SETTLED =
      Set.of(
          MarketJobState.PAID,
          MarketJobState.REFUNDED,
          MarketJobState.CANCELLED,
          MarketJobState.EXPIRED);

  private final NodeHandle node;
  private final Duration interval;
  private final MarketStats stats = new MarketStats();
  private final Set<BigInteger> open = ConcurrentHashMap.newKeySet();

  /** How often every open job is read again, events or not. */
  static final Duration FULL_READ = Duration.ofSeconds(60);

  /** Open jobs as last read. */
  private final Map<BigInteger, MarketJob> known = new ConcurrentHashMap<>();

  /** Jobs a market event named since they were last read. */
  private final Set<BigInteger> news = ConcurrentHashMap.newKeySet();

  private volatile long lastFullRead;
  private final AtomicLong reads = new AtomicLong();
  private AutoCloseable events;
  private ChainClient following;
  private final Map<MarketJobState, Long> marketCounts = new ConcurrentHashMap<>();

  /** Settled jobs no longer read on each pass, by state. */
  private final Map<MarketJobState, Long> settledCounts = new ConcurrentHashMap<>();

  private volatile long scanned;
  private ScheduledExecutorService loop;
  private ExecutorService workers;
  private ProviderScheduler provider;
  private Verifier verifier;
  private volatile MarketPeers peers;

  public MarketService(NodeHandle node) {
    this(node, Duration.ofMillis(500));
  }

  MarketService(NodeHandle node, Duration interval) {
    this.node = node;
    this.interval = interval;
  }

  @Override
  public String name() {
    return "market";
  }

  @Override
  public synchronized void start() {
    if (loop != null) {
      return;
    }
    workers =
        Executors.newFixedThreadPool(
            4, Thread.ofPlatform().daemon().name("market-work-", 0).factory());
    SaltStore salts = new SaltStore(node.storage().table(SaltStore.TABLE));
    provider = new ProviderScheduler(node, workers, stats);
    peers = new MarketPeers(node::network, workers);
    verifier = new Verifier(node, workers, stats, salts, peers);
    loop =
        Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("market-loop").factory());
    loop.scheduleWithFixedDelay(this::pass, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** One pass over the market; errors are counted and logged, and the next pass tries again. */
  private void pass() {
    Optional<ChainClient> chain = node.chain().flatMap(ChainService::client);
    if (chain.isEmpty()) {
      return;
    }
    try {
      pass(chain.get());
    } catch (RuntimeException e) {
      fail("market pass", e);
    }
  }

  private void pass(ChainClient c) {
    ComputeMarketClient m = c.compute();
    follow(c);
    long now = System.nanoTime();
    boolean full = now - lastFullRead >= FULL_READ.toNanos();
    if (full) {
      lastFullRead = now;
    }
    long count = m.jobCount();
    for (long id = scanned + 1; id <= count; id++) {
      open.add(BigInteger.valueOf(id));
    }
    scanned = Math.max(scanned, count);
    long block = c.blockNumber();
    Map<MarketJobState, Long> counts = new EnumMap<>(MarketJobState.class);
    for (MarketJobState s : MarketJobState.values()) {
      counts.put(s, 0L);
    }
    List<MarketJob> waiting = new ArrayList<>();
    for (BigInteger id : open.stream().sorted().toList()) {
      MarketJob j = known.get(id);
      if (j == null || full || news.remove(id)) {
        try {
          j = m.job(id);
          reads.incrementAndGet();
        } catch (RuntimeException e) {
          news.add(id);
          fail("reading market job " + id, e);
          continue;
        }
        known.put(id, j);
      }
      if (j.state() == MarketJobState.POSTED && j.client().equalsIgnoreCase(c.address())) {
        waiting.add(j);
      }
      try {
        provider.see(c, j, block);
        verifier.see(c, j, block);
        asClient(c, j, block);
        if (verifier.mayAct(j, c.address())) {
          news.add(id); // this node's own transactions may have changed it
        }
      } catch (RuntimeException e) {
        fail("market job " + id, e);
      }
      if (SETTLED.contains(j.state()) && !provider.holds(id)) {
        open.remove(id);
        known.remove(id);
        settledCounts.merge(j.state(), 1L, Long::sum);
      } else {
        counts.merge(j.state(), 1L, Long::sum);
      }
    }
    settledCounts.forEach((s, n) -> counts.merge(s, n, Long::sum));
    marketCounts.putAll(counts);
    provider.claimSome(c, block, news::add);
    peers.forWaitingJobs(c, waiting);
  }

  /**
   * Follows the market's events from the head on, once per chain client: each event that names a
   * job marks it to be read again. Jobs posted before are read by ID at the first pass.
   */
  private void follow(ChainClient c) {
    if (following == c) {
      return;
    }
    closeEvents();
    // After the current block: the full read this pass makes sees that block's effects already.
    events =
        c.follow(
            c.blockNumber() + 1,
            e -> {
              if (e.fields().get("jobId") instanceof BigInteger id) {
                news.add(id);
              }
            });
    following = c;
    lastFullRead = 0; // read everything once: events before now were not followed
  }

  private void closeEvents() {
    if (events != null) {
      try {
        events.close();
      } catch (Exception e) {
        LOG.debug("closing the market's event follower: {}", e.getMessage());
      }
      events = null;
      following = null;
    }
  }

  /** Jobs read from the chain since start: bounded by the news, not by the market's size. */
  long jobReads() {
    return reads.get();
  }

  /** The client's duties: expire a job whose provider missed its deadline. */
  private void asClient(ChainClient c, MarketJob j, long block) {
    if (!j.client().equalsIgnoreCase(c.address())) {
      return;
    }
    if (j.state() == MarketJobState.CLAIMED && block > j.deadlineBlock()) {
      c.compute().expire(j.id());
    }
  }

  private void fail(String what, RuntimeException e) {
    stats.failures.incrementAndGet();
    stats.lastError = what + ": " + io.cairn.node.api.Errors.message(e);
    LOG.warn("{}: {}", what, e.getMessage());
  }

  /** This node's figures on the market since it started. */
  public MarketStats stats() {
    return stats;
  }

  /** The posted job's count for the stats: called by {@code job submit --market}. */
  public void posted() {
    stats.posted.incrementAndGet();
    MarketPeers p = peers;
    if (p != null) {
      p.posted();
    }
  }

  /**
   * Dials the nodes of the job's provider and client, where the registry knows them: {@code job get
   * --market} fetches the outputs from the provider's.
   */
  public void reachParties(ChainClient c, MarketJob j) {
    MarketPeers p = peers;
    if (p != null) {
      p.connectRegistered(c, List.of(j.provider(), j.client()));
    }
  }

  /** Called by {@code job dispute}. */
  public void disputed() {
    stats.disputed.incrementAndGet();
  }

  /** The market's jobs by state, as of the last pass (every state a key once a pass ran). */
  public Map<MarketJobState, Long> marketCounts() {
    return Map.copyOf(marketCounts);
  }

  @Override
  public synchronized void stop() {
    if (loop != null) {
      loop.shutdownNow();
      loop = null;
    }
    closeEvents();
    if (workers != null) {
      workers.shutdownNow();
      workers = null;
    }
  }
}
