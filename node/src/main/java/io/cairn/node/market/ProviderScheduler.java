package io.cairn.node.market;

import io.cairn.chain.ChainClient;
import io.cairn.chain.ComputeMarketClient;
import io.cairn.chain.ComputeMarketParams;
import io.cairn.chain.JobRequirements;
import io.cairn.chain.MarketJob;
import io.cairn.chain.ProviderInfo;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.config.ProviderConfig;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The provider's side ({@code Provider.Compute}): among posted jobs it can run (engine, cores,
 * memory, GPU, energy source) and afford (price at least its floor, free stake and collateral in
 * its balance) it claims, at most {@code Concurrency} at a time, first those whose module and
 * inputs it already stores most bytes of; then fetches the rest over Bitswap (counting the bytes
 * found locally and fetched), runs the job in the node's queue, posts its output CID, fuel and the
 * keccak256 of its signed receipt, and once the challenge window has passed finalizes the job and
 * withdraws the payment.
 */
final class ProviderScheduler {
  private static final Logger LOG = LoggerFactory.getLogger(ProviderScheduler.class);

  /** Native currency kept back for gas when checking the collateral can be paid. */
  private static final BigInteger GAS_RESERVE = BigInteger.TEN.pow(16);

  private final NodeHandle node;
  private final ExecutorService workers;
  private final MarketStats stats;

  /** Specs of posted jobs, fetched by the workers (the spec may have to come from a peer). */
  private final Map<BigInteger, CompletableFuture<JobSpec>> specs = new ConcurrentHashMap<>();

  /** Jobs this node claimed and runs or has run: the run's outcome once it ended. */
  private final Map<BigInteger, CompletableFuture<Outcome>> runs = new ConcurrentHashMap<>();

  /** Posted jobs seen on this pass that this node could claim. */
  private final List<MarketJob> candidates = new ArrayList<>();

  /** Blocks a job whose spec could not be fetched waits before it is tried again. */
  private static final long SPEC_RETRY_BLOCKS = 20;

  /** Posted jobs whose spec could not be fetched, with the block until which they are skipped. */
  private final Map<BigInteger, Long> unfetchable = new ConcurrentHashMap<>();

  /** Jobs paid to this node whose payment is still to withdraw. */
  private final Map<BigInteger, String> toWithdraw = new ConcurrentHashMap<>();

  /** What a run gave: the values to post. */
  record Outcome(byte[] outputCid, long fuelUsed, byte[] receiptHash) {}

  ProviderScheduler(NodeHandle node, ExecutorService workers, MarketStats stats) {
    this.node = node;
    this.workers = workers;
    this.stats = stats;
  }

  private ProviderConfig.Compute config() {
    return node.config().provider().compute();
  }

  /** Whether this node still has work on the job (a payment to withdraw). */
  boolean holds(BigInteger id) {
    return toWithdraw.containsKey(id);
  }

  /** Acts on one job of the market as it stands at {@code block}. */
  void see(ChainClient c, MarketJob j, long block) {
    ComputeMarketClient m = c.compute();
    boolean mine = j.provider().equalsIgnoreCase(c.address());
    switch (j.state()) {
      case POSTED -> {
        if (config().enabled() && !j.client().equalsIgnoreCase(c.address())) {
          candidates.add(j);
        }
      }
      case CLAIMED -> {
        if (mine) {
          CompletableFuture<Outcome> run = runs.computeIfAbsent(j.id(), id -> start(j));
          if (run.isDone() && !run.isCompletedExceptionally() && block <= j.deadlineBlock()) {
            Outcome o = run.join();
            m.submitResult(j.id(), o.outputCid(), o.fuelUsed(), o.receiptHash());
            stats.submitted.incrementAndGet();
            LOG.info("market job {}: result posted", j.id());
          } else if (run.isCompletedExceptionally()) {
            runs.remove(j.id());
          }
        }
      }
      case SUBMITTED -> {
        if (mine && block > j.challengeEnd()) {
          m.finalizeJob(j.id());
        }
      }
      case PAID -> {
        if (mine && runs.remove(j.id()) != null) {
          stats.paid.incrementAndGet();
          toWithdraw.put(j.id(), j.token());
        }
        if (mine && toWithdraw.containsKey(j.id())) {
          String token = j.nativeCurrency() ? null : j.token();
          if (m.withdrawable(c.address(), token).signum() > 0) {
            m.withdraw(token);
          }
          toWithdraw.remove(j.id());
        }
      }
      default -> {
        if (mine) {
          runs.remove(j.id());
        }
      }
    }
  }

  /**
   * Claims among this pass's candidates, most local bytes first, up to the concurrency.
   *
   * @param claimed told the ID of each job claimed
   */
  void claimSome(ChainClient c, long block, Consumer<BigInteger> claimed) {
    List<MarketJob> seen = new ArrayList<>(candidates);
    candidates.clear();
    ProviderConfig.Compute config = config();
    long running = runs.values().stream().filter(f -> !f.isDone()).count();
    if (!config.enabled() || running >= config.concurrency() || seen.isEmpty()) {
      return;
    }
    ComputeMarketParams params = c.compute().params();
    Optional<ProviderInfo> me = c.provider(c.address());
    if (me.isEmpty() || !me.get().active()) {
      return;
    }
    // The registry's free stake: what deals, earlier claims and verifier draws have not locked.
    BigInteger freeStake = me.get().freeStake();
    if (freeStake.compareTo(params.stakePerJob()) < 0) {
      return;
    }
    List<Candidate> fit = new ArrayList<>();
    boolean pending = false;
    for (MarketJob j : seen) {
      if (block >= j.deadlineBlock() || !fits(j, config, me.get()) || !affords(c, j, params)) {
        continue;
      }
      if (unfetchable.getOrDefault(j.id(), -1L) >= block) {
        continue;
      }
      CompletableFuture<JobSpec> spec =
          specs.computeIfAbsent(
              j.id(), id -> CompletableFuture.supplyAsync(() -> spec(j), workers));
      if (!spec.isDone()) {
        pending = true;
        continue;
      }
      if (spec.isCompletedExceptionally()) {
        specs.remove(j.id());
        unfetchable.put(j.id(), block + SPEC_RETRY_BLOCKS);
        continue;
      }
      JobSpec s = spec.join();
      if (!engineMatches(s, j)) {
        continue;
      }
      fit.add(new Candidate(j, s, Locality.localBytes(s, node.storage().blocks())));
    }
    if (pending) {
      // Locality is compared once every candidate's spec is here (or found unfetchable for now).
      return;
    }
    fit.sort(Comparator.comparingLong(Candidate::localBytes).reversed());
    for (Candidate k : fit) {
      if (running >= config.concurrency() || freeStake.compareTo(params.stakePerJob()) < 0) {
        break;
      }
      try {
        c.compute().claim(k.job().id());
        claimed.accept(k.job().id());
      } catch (RuntimeException e) {
        LOG.info("market job {} not claimed: {}", k.job().id(), e.getMessage());
        continue;
      }
      specs.remove(k.job().id());
      stats.claimed.incrementAndGet();
      running++;
      freeStake = freeStake.subtract(params.stakePerJob());
      LOG.info(
          "market job {} claimed ({} bytes of its module and inputs here)",
          k.job().id(),
          k.localBytes());
    }
  }

  private record Candidate(MarketJob job, JobSpec spec, long localBytes) {}

  private static boolean engineMatches(JobSpec s, MarketJob j) {
    int engine =
        s.engine() == io.cairn.compute.Engine.WASM
            ? JobRequirements.ENGINE_WASM
            : JobRequirements.ENGINE_CUDA;
    return engine == j.engine();
  }

  /** Whether this node's offer meets the job's requirements. */
  private static boolean fits(MarketJob j, ProviderConfig.Compute config, ProviderInfo me) {
    if ((config.engineBits() & j.engine()) == 0
        || j.cpuCores() > config.cpuCores()
        || j.memoryBytes() > config.memoryBytes()) {
      return false;
    }
    if (!zero(j.gpuModelHash())
        && (!Arrays.equals(j.gpuModelHash(), JobRequirements.hash(me.offer().gpuModel()))
            || j.gpuMemoryBytes() > me.offer().gpuMemoryBytes())) {
      return false;
    }
    return zero(j.energySourceHash())
        || Arrays.equals(j.energySourceHash(), JobRequirements.hash(config.energySource()));
  }

  /** Price at least the floor, and the collateral (plus gas, in native currency) in the balance. */
  private boolean affords(ChainClient c, MarketJob j, ComputeMarketParams params) {
    if (j.price().compareTo(config().minJobPrice()) < 0) {
      return false;
    }
    BigInteger collateral =
        j.price()
            .multiply(BigInteger.valueOf(params.collateralPercent()))
            .divide(BigInteger.valueOf(100));
    if (j.nativeCurrency()) {
      return c.nativeBalance(c.address()).compareTo(collateral.add(GAS_RESERVE)) >= 0;
    }
    return j.token().equalsIgnoreCase(c.deployment().token())
        && c.tokenBalance(c.address()).compareTo(collateral) >= 0;
  }

  private static boolean zero(byte[] hash) {
    for (byte b : hash) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /** The job's spec, from the store or fetched from a peer. */
  private JobSpec spec(MarketJob j) {
    Cid cid = Cid.decode(j.specCid());
    byte[] bytes =
        networkBlocks()
            .get(cid)
            .orElseThrow(() -> new IllegalStateException("spec " + cid + " is not found"));
    return JobSpec.fromDagCbor(bytes);
  }

  private BlockStore networkBlocks() {
    return node.network().map(n -> n.blocks(false)).orElseGet(() -> node.storage().blocks());
  }

  /** Runs a claimed job on a worker: fetch what is missing, run it, sign its receipt. */
  private CompletableFuture<Outcome> start(MarketJob j) {
    return CompletableFuture.supplyAsync(() -> run(j), workers)
        .whenComplete(
            (o, e) -> {
              if (e != null) {
                stats.failures.incrementAndGet();
                stats.lastError = "market job " + j.id() + ": " + e.getMessage();
                LOG.warn("market job {} did not run: {}", j.id(), e.getMessage());
              }
            });
  }

  private Outcome run(MarketJob j) {
    JobSpec spec = spec(j);
    Locality.Bytes bytes = Locality.fetch(spec, node.storage().blocks(), networkBlocks());
    stats.inputBytesLocal.addAndGet(bytes.local());
    stats.inputBytesFetched.addAndGet(bytes.fetched());
    JobRecord ended = node.jobs().runToEnd(spec);
    stats.run.incrementAndGet();
    JobResult result = ended.result();
    if (result == null) {
      throw new IllegalStateException("the job ended " + ended.state().label() + " with no result");
    }
    Cid receipt =
        node.jobs()
            .receipt(ended.id())
            .orElseThrow(() -> new IllegalStateException("job " + ended.id() + " has no receipt"));
    byte[] receiptBytes = node.storage().blocks().get(receipt).orElseThrow();
    byte[] output = outputBytes(result);
    if (config().lieForTests()) {
      // For tests only, and refused unless the chain is a dev chain.
      node.config().checkComplete(io.cairn.config.NodeConfig.source(node.paths()));
      output =
          Cid.compute(
                  1,
                  Multicodec.RAW.code(),
                  HashFunction.SHA2_256,
                  ("not the output of job " + j.id()).getBytes(StandardCharsets.UTF_8))
              .bytes();
    }
    return new Outcome(output, result.fuelUsed(), org.web3j.crypto.Hash.sha3(receiptBytes));
  }

  /** A result's output root as the market stores it; empty when the job kept no outputs. */
  static byte[] outputBytes(JobResult result) {
    return result.outputRoot() == null ? new byte[0] : result.outputRoot().bytes();
  }
}
