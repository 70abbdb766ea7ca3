package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ComputeOfferTerms;
import io.cairn.chain.MarketJob;
import io.cairn.chain.ProviderInfo;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.Host;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Connects the parties of market jobs, so that the one who needs a job's data can fetch it over
 * Bitswap. The chain holds a job's spec CID but says nothing of where its blocks are: they sit on
 * the client's node until a provider fetches them. The registry does say where providers are (each
 * offer carries its node's peer ID and multiaddrs), so:
 *
 * <ul>
 *   <li>a client with posted jobs nobody has claimed dials the active registered providers whose
 *       compute offer could take one of them (engine, cores, memory, price), at most {@link
 *       #MAX_DIALS}, right after it posts and then every {@link #RECHECK} (a provider may offer
 *       compute later);
 *   <li>a verifier drawn for a dispute dials the job's provider (who ran it and holds its data) and
 *       the client, where the client is registered, before it fetches the job's data.
 * </ul>
 *
 * Without this, two nodes meet only through the DHT or a manual {@code swarm connect}, and a job
 * posted on a small network (a dev chain's) was never claimed.
 */
final class MarketPeers {
  private static final Logger LOG = LoggerFactory.getLogger(MarketPeers.class);

  /** Most providers a client dials for its waiting jobs in one round. */
  static final int MAX_DIALS = 16;

  /** How often a client with waiting jobs looks for providers again. */
  static final Duration RECHECK = Duration.ofSeconds(30);

  /** How long one round of dials may take. */
  static final Duration DIAL_WAIT = Duration.ofSeconds(10);

  private final Supplier<Optional<NodeNetwork>> network;
  private final Executor workers;
  private volatile long lastRound;
  private volatile boolean soon = true;
  private CompletableFuture<Void> round = CompletableFuture.completedFuture(null);

  MarketPeers(Supplier<Optional<NodeNetwork>> network, Executor workers) {
    this.network = network;
    this.workers = workers;
  }

  /** The next {@link #forWaitingJobs} dials whatever the time: this node just posted a job. */
  void posted() {
    soon = true;
  }

  /**
   * Called on each pass with this node's posted jobs that nobody has claimed: starts a round of
   * dials on a worker when one is due and none is running.
   */
  synchronized void forWaitingJobs(ChainClient c, List<MarketJob> waiting) {
    long now = System.nanoTime();
    if (waiting.isEmpty()
        || !round.isDone()
        || (!soon && now - lastRound < RECHECK.toNanos())
        || network.get().isEmpty()) {
      return;
    }
    soon = false;
    lastRound = now;
    List<MarketJob> jobs = List.copyOf(waiting);
    round =
        CompletableFuture.runAsync(() -> dialProvidersFor(c, jobs), workers)
            .exceptionally(
                e -> {
                  LOG.info("looking for providers of this node's jobs: {}", e.getMessage());
                  return null;
                });
  }

  private void dialProvidersFor(ChainClient c, List<MarketJob> jobs) {
    List<ProviderInfo> chosen = new ArrayList<>();
    for (ProviderInfo p : c.providers()) {
      if (chosen.size() >= MAX_DIALS) {
        break;
      }
      if (!p.active() || p.address().equalsIgnoreCase(c.address())) {
        continue;
      }
      Optional<ComputeOfferTerms> offer = c.compute().computeOffer(p.address());
      if (offer.isPresent() && jobs.stream().anyMatch(j -> couldTake(offer.get(), j))) {
        chosen.add(p);
      }
    }
    int connected = connect(chosen);
    LOG.debug(
        "{} of {} providers for this node's waiting jobs connected", connected, chosen.size());
  }

  /**
   * Connects to the nodes of the registered providers at these addresses (those not registered, or
   * that the registry cannot be read for, are skipped), waiting at most {@link #DIAL_WAIT}.
   *
   * @return how many are connected
   */
  int connectRegistered(ChainClient c, Collection<String> addresses) {
    List<ProviderInfo> found = new ArrayList<>();
    for (String a : addresses) {
      if (a.equalsIgnoreCase(c.address())) {
        continue;
      }
      try {
        c.provider(a).ifPresent(found::add);
      } catch (RuntimeException e) {
        // Best effort: the fetch that follows may still find the data through the DHT.
        LOG.debug("reading {} from the registry: {}", a, e.getMessage());
      }
    }
    return connect(found);
  }

  /** Whether the offer meets what the job asks that the offer states (the market checks it all). */
  static boolean couldTake(ComputeOfferTerms offer, MarketJob j) {
    return (offer.engines() & j.engine()) != 0
        && j.cpuCores() <= offer.cpuCores()
        && j.memoryBytes() <= offer.memoryBytes()
        && j.price().compareTo(offer.minJobPrice()) >= 0;
  }

  private int connect(List<ProviderInfo> providers) {
    Optional<Host> host = network.get().map(n -> n.p2p().host());
    if (host.isEmpty() || providers.isEmpty()) {
      return 0;
    }
    List<CompletableFuture<?>> dials = new ArrayList<>();
    for (ProviderInfo p : providers) {
      PeerId peer;
      try {
        peer = PeerId.parse(p.offer().peerId());
      } catch (RuntimeException e) {
        LOG.debug("provider {} registered a peer ID that does not parse", p.address());
        continue;
      }
      if (peer.equals(host.get().self()) || host.get().connection(peer).isPresent()) {
        dials.add(CompletableFuture.completedFuture(null));
        continue;
      }
      List<Multiaddr> addresses = p.offer().multiaddrs();
      dials.add(host.get().connect(peer, addresses));
    }
    try {
      CompletableFuture.allOf(
              dials.stream().map(d -> d.exceptionally(e -> null)).toArray(CompletableFuture[]::new))
          .get(DIAL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // counted below: dials still running or failed are not connections
    }
    return (int) dials.stream().filter(d -> d.isDone() && !d.isCompletedExceptionally()).count();
  }
}
