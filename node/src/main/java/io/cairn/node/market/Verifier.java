package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ComputeMarketClient;
import io.cairn.chain.JobVerifier;
import io.cairn.chain.MarketJob;
import io.cairn.chain.MarketJobState;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The verifier's side ({@code Provider.Verify}) and the dispute steps anyone may take. For a
 * disputed job it calls {@code drawVerifiers} once the draw block is mined; when drawn it
 * re-executes the WASM job from its spec CID (spec, module and inputs fetched over the network),
 * commits its output CID and fuel hidden by a random salt kept in the node state, reveals once the
 * commit phase is over (or everyone committed), and calls {@code resolveDispute} when it is due.
 * The job's parties (client, challenger, provider) take the public steps too, so a dispute moves on
 * whoever runs a node.
 */
final class Verifier {
  private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

  private final NodeHandle node;
  private final ExecutorService workers;
  private final MarketStats stats;
  private final SaltStore salts;
  private final MarketPeers peers;
  private final Map<BigInteger, CompletableFuture<JobResult>> reruns = new ConcurrentHashMap<>();

  Verifier(
      NodeHandle node,
      ExecutorService workers,
      MarketStats stats,
      SaltStore salts,
      MarketPeers peers) {
    this.node = node;
    this.workers = workers;
    this.stats = stats;
    this.salts = salts;
    this.peers = peers;
  }

  /**
   * Whether this node may act on the job now: as a party (client, provider, challenger), or as a
   * verifier while it is disputed. Such jobs are read on every pass, since this node's own
   * transactions change them.
   */
  boolean mayAct(MarketJob j, String me) {
    return party(j, me)
        || (enabled()
            && (j.state() == MarketJobState.DISPUTED || j.state() == MarketJobState.DRAWN));
  }

  /** Whether {@code me} is the job's client, challenger or provider. */
  private static boolean party(MarketJob j, String me) {
    return j.client().equalsIgnoreCase(me)
        || j.challenger().equalsIgnoreCase(me)
        || j.provider().equalsIgnoreCase(me);
  }

  private boolean enabled() {
    return node.config().provider().verify().enabled();
  }

  /** Acts on one job of the market as it stands at {@code block}. */
  void see(ChainClient c, MarketJob j, long block) {
    boolean party = party(j, c.address());
    ComputeMarketClient m = c.compute();
    switch (j.state()) {
      case DISPUTED -> {
        if ((enabled() || party) && block > j.drawBlock()) {
          quietly(j, "draw", () -> m.drawVerifiers(j.id()));
        }
      }
      case DRAWN -> drawn(c, j, block, party);
      default -> {
        reruns.remove(j.id());
        forgetIfSettled(j);
      }
    }
  }

  private void drawn(ChainClient c, MarketJob j, long block, boolean party) {
    ComputeMarketClient m = c.compute();
    List<JobVerifier> drawn = m.verifiers(j.id());
    Optional<JobVerifier> self =
        drawn.stream().filter(v -> v.address().equalsIgnoreCase(c.address())).findFirst();
    // a seat whose stake could not be locked at the draw cannot commit
    if (self.isPresent() && self.get().staked() && enabled()) {
      JobVerifier v = self.get();
      if (!v.committed() && block <= j.commitEnd()) {
        CompletableFuture<JobResult> rerun =
            reruns.computeIfAbsent(
                j.id(), id -> CompletableFuture.supplyAsync(() -> rerun(c, j), workers));
        if (rerun.isDone() && !rerun.isCompletedExceptionally()) {
          JobResult r = rerun.join();
          SaltStore.Committed k =
              salts.remember(j.id(), ProviderScheduler.outputBytes(r), r.fuelUsed());
          m.commitResult(j.id(), k.outputCid(), k.fuelUsed(), k.salt());
          stats.verifierCommits.incrementAndGet();
          LOG.info("market job {}: verifier committed", j.id());
          return;
        } else if (rerun.isCompletedExceptionally()) {
          reruns.remove(j.id());
        }
      }
      boolean allCommitted =
          drawn.stream().filter(JobVerifier::staked).allMatch(JobVerifier::committed);
      if (v.committed()
          && !v.revealed()
          && block <= j.revealEnd()
          && (block > j.commitEnd() || allCommitted)) {
        Optional<SaltStore.Committed> k = salts.get(j.id());
        if (k.isPresent()) {
          m.revealResult(j.id(), k.get().outputCid(), k.get().fuelUsed(), k.get().salt());
          stats.verifierReveals.incrementAndGet();
          LOG.info("market job {}: verifier revealed", j.id());
          return;
        }
      }
    }
    boolean allRevealed =
        drawn.stream().anyMatch(JobVerifier::staked)
            && drawn.stream().filter(JobVerifier::staked).allMatch(JobVerifier::revealed);
    if ((party || self.isPresent()) && (block > j.revealEnd() || allRevealed)) {
      quietly(j, "resolve", () -> m.resolveDispute(j.id()));
    }
  }

  /**
   * Re-executes the job from its spec CID, fetching spec, module and inputs from peers: the job's
   * provider (who ran it) and client are dialed first, where the registry knows their nodes.
   */
  private JobResult rerun(ChainClient c, MarketJob j) {
    peers.connectRegistered(c, List.of(j.provider(), j.client()));
    Cid cid = Cid.decode(j.specCid());
    byte[] bytes =
        node.network()
            .map(n -> n.blocks(false))
            .orElseGet(() -> node.storage().blocks())
            .get(cid)
            .orElseThrow(() -> new IllegalStateException("spec " + cid + " is not found"));
    JobSpec spec = JobSpec.fromDagCbor(bytes);
    if (spec.engine() != io.cairn.compute.Engine.WASM) {
      throw new IllegalStateException("market job " + j.id() + " is not a WASM job");
    }
    return node.jobs().rerun(spec);
  }

  private void forgetIfSettled(MarketJob j) {
    if (j.state() == MarketJobState.PAID || j.state() == MarketJobState.REFUNDED) {
      salts.forget(j.id());
    }
  }

  /**
   * A public step another node may have taken first: a revert is logged, not counted as an error.
   */
  private static void quietly(MarketJob j, String step, Runnable tx) {
    try {
      tx.run();
    } catch (RuntimeException e) {
      LOG.debug("market job {}: {} not sent: {}", j.id(), step, e.getMessage());
    }
  }
}
