package io.cairn.node.jobs;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobEngines;
import io.cairn.compute.JobQueue;
import io.cairn.compute.JobQueues;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobState;
import io.cairn.compute.NodeKey;
import io.cairn.compute.Receipt;
import io.cairn.compute.ReceiptException;
import io.cairn.compute.Receipts;
import io.cairn.compute.SignedReceipt;
import io.cairn.compute.receipt.MlDsaKeyStore;
import io.cairn.config.Identity;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Storage;
import io.cairn.storage.unixfs.ImportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's compute jobs: the durable queue run by the WASM and CUDA engines, and a signed receipt
 * for each job that ends with a result. A receipt is signed with the node's Ed25519 identity key
 * and its ML-DSA-65 key ({@code <repo>/keystore/mldsa65.key}, created on first use), stored as a
 * dag-cbor block and pinned with the job's spec and outputs, so that collection keeps them.
 */
public final class NodeJobs implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeJobs.class);

  /** The node-state table mapping a job's id to its receipt's CID. */
  static final String RECEIPTS = "job-receipts";

  private final Storage storage;
  private final NodeKey nodeKey;
  private final String peerId;
  private final KeyPair mlDsa;
  private final JobEngine engine;
  private final KeyValueTable receipts;
  private final JobQueue queue;
  private final List<Listener> listeners = new CopyOnWriteArrayList<>();

  /** Hears each job this node runs end, after its receipt is signed. */
  @FunctionalInterface
  public interface Listener {
    /**
     * Called once for each job that ends while the listener is added, on the thread that ended it.
     *
     * @param job the terminal record: {@code done}, {@code failed} or {@code cancelled}
     */
    void jobEnded(JobRecord job);
  }

  private NodeJobs(
      Storage storage, Identity identity, KeyPair mlDsa, JobEngine engine, int concurrency) {
    this.storage = storage;
    this.nodeKey = nodeKey(identity);
    this.peerId = identity.peerId().toString();
    this.mlDsa = mlDsa;
    this.engine = engine;
    this.receipts = storage.table(RECEIPTS);
    this.queue = JobQueues.open(storage, engine, concurrency);
    for (JobRecord job : queue.list()) {
      watch(job.id());
    }
  }

  /**
   * Opens the job queue on the repo's storage, running {@code Compute.Concurrency} jobs at once;
   * jobs left running run again.
   */
  public static NodeJobs open(
      RepoPaths paths, NodeConfig config, Storage storage, ImportOptions importOptions) {
    return open(paths, config, storage, importOptions, storage.blocks());
  }

  /**
   * As above, with the blocks jobs read their modules and inputs from: the daemon's reach peers
   * once the network runs, so {@code /inputs} streams from them when not local.
   */
  public static NodeJobs open(
      RepoPaths paths,
      NodeConfig config,
      Storage storage,
      ImportOptions importOptions,
      BlockStore jobBlocks) {
    Path keyFile = paths.keystore().resolve("mldsa65.key");
    try {
      Files.createDirectories(keyFile.getParent());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the keystore " + keyFile.getParent(), e);
    }
    KeyPair mlDsa = MlDsaKeyStore.loadOrCreate(keyFile);
    JobEngine engine =
        JobEngines.node(jobBlocks, paths.root().resolve("scratch").resolve("jobs"), importOptions);
    return new NodeJobs(
        storage, config.identity().key(), mlDsa, engine, config.compute().concurrency());
  }

  public JobQueue queue() {
    return queue;
  }

  /** How many jobs are in each state now; every state is a key. */
  public Map<JobState, Long> counts() {
    Map<JobState, Long> counts = new EnumMap<>(JobState.class);
    for (JobState s : JobState.values()) {
      counts.put(s, 0L);
    }
    for (JobRecord job : queue.list()) {
      counts.merge(job.state(), 1L, Long::sum);
    }
    return counts;
  }

  /** Adds a listener that hears every job that ends from now on. */
  public void addListener(Listener listener) {
    listeners.add(Objects.requireNonNull(listener, "listener"));
  }

  /** Stores the spec (so that its CID resolves here) and queues the job. */
  public JobRecord submit(JobSpec spec) {
    storage.blocks().put(new Block(spec.cid(), spec.toDagCbor()));
    JobRecord job = queue.submit(spec);
    watch(job.id());
    return job;
  }

  /**
   * Queues the job and waits for it to end, its receipt signed (on the caller's thread: not an
   * event loop's).
   *
   * @return the ended job
   */
  public JobRecord runToEnd(JobSpec spec) {
    CompletableFuture<JobRecord> ended = new CompletableFuture<>();
    Listener l =
        job -> {
          if (job.spec().cid().equals(spec.cid())) {
            ended.complete(job);
          }
        };
    addListener(l);
    try {
      JobRecord job = submit(spec);
      JobRecord now = queue.get(job.id()).orElse(job);
      if (now.state().terminal() && (now.result() == null || receipt(now.id()).isPresent())) {
        ended.complete(now);
      }
      return ended.join();
    } finally {
      listeners.remove(l);
    }
  }

  /**
   * Runs a WASM job again outside the queue (a verifier's re-execution): nothing is queued, signed
   * or pinned; its module and inputs are read as the queue's jobs read them.
   */
  public JobResult rerun(JobSpec spec) {
    return engine.run(spec, new CancellationToken());
  }

  /**
   * The job numbered {@code id}.
   *
   * @throws NoSuchElementException naming the job
   */
  public JobRecord job(long id) {
    return queue.get(id).orElseThrow(() -> new NoSuchElementException("no job " + id + " here"));
  }

  /** The CID of the job's signed receipt, once it has ended with a result. */
  public Optional<Cid> receipt(long id) {
    return receipts.get(key(id)).map(Cid::decode);
  }

  /**
   * Checks a receipt held here: both signatures and, for a WASM job whose spec is here, runs the
   * job again and compares status, output CID and fuel.
   */
  public Verification verify(Cid receiptCid) {
    byte[] bytes =
        storage
            .blocks()
            .get(receiptCid)
            .orElseThrow(
                () ->
                    new NoSuchElementException(
                        "receipt " + receiptCid + " is not in the block store"));
    SignedReceipt signed = SignedReceipt.fromDagCbor(bytes);
    Receipt r = signed.receipt();
    try {
      Receipts.verify(signed);
    } catch (ReceiptException e) {
      return new Verification(signed, false, e.getMessage(), null, null);
    }
    Optional<byte[]> specBytes = storage.blocks().get(r.spec());
    if (specBytes.isEmpty()) {
      return new Verification(
          signed, true, null, "spec " + r.spec() + " is not here: not re-executed", null);
    }
    JobSpec spec = JobSpec.fromDagCbor(specBytes.get());
    if (spec.engine() != Engine.WASM) {
      return new Verification(signed, true, null, "only wasm jobs are re-executed", null);
    }
    JobResult again = engine.run(spec, new CancellationToken());
    JobResult claimed = r.result();
    String mismatch = null;
    if (!again.status().equals(claimed.status())) {
      mismatch =
          "status: receipt says "
              + claimed.status().label()
              + ", re-run gives "
              + again.status().label();
    } else if (!Objects.equals(again.outputRoot(), claimed.outputRoot())) {
      mismatch =
          "output: receipt says " + claimed.outputRoot() + ", re-run gives " + again.outputRoot();
    } else if (again.fuelUsed() != claimed.fuelUsed()) {
      mismatch = "fuel: receipt says " + claimed.fuelUsed() + ", re-run gives " + again.fuelUsed();
    }
    return new Verification(signed, true, mismatch, null, again);
  }

  /**
   * What {@link #verify} found.
   *
   * @param signaturesValid whether both signatures verify
   * @param problem what did not verify or match, or null when everything checked did
   * @param note why the job was not run again, or null when it was
   * @param rerun the re-execution's result; null when the job was not run again
   */
  public record Verification(
      SignedReceipt receipt,
      boolean signaturesValid,
      String problem,
      String note,
      JobResult rerun) {
    public boolean valid() {
      return signaturesValid && problem == null;
    }
  }

  private void watch(long id) {
    queue
        .completion(id)
        .thenAccept(this::ended)
        .exceptionally(
            e -> {
              LOG.warn("cannot follow job {}: {}", id, e.getMessage());
              return null;
            });
  }

  private void ended(JobRecord job) {
    try {
      sign(job);
    } catch (RuntimeException e) {
      LOG.warn("cannot sign the receipt of job {}: {}", job.id(), e.getMessage());
    }
    for (Listener l : listeners) {
      try {
        l.jobEnded(job);
      } catch (RuntimeException e) {
        LOG.warn("a listener failed on the end of job {}", job.id(), e);
      }
    }
  }

  /**
   * Waits at most {@code max} for the job to end, then returns its record as it is: ended, with its
   * receipt signed and stored, or still queued or running.
   *
   * @throws NoSuchElementException if there is no such job
   */
  public JobRecord awaitEnd(long id, Duration max) throws InterruptedException {
    JobRecord now = job(id);
    if (now.state().terminal()) {
      return now;
    }
    try {
      JobRecord ended = queue.completion(id).get(max.toMillis(), TimeUnit.MILLISECONDS);
      sign(ended); // the watcher may not have signed it yet; signing twice does nothing
    } catch (TimeoutException stillRunning) {
      // answered with the job as it is
    } catch (ExecutionException e) {
      LOG.debug("waiting for job {}: {}", id, e.getMessage());
    } catch (RuntimeException e) {
      LOG.warn("cannot sign the receipt of job {}: {}", id, e.getMessage());
    }
    return job(id);
  }

  /** Signs, stores and pins the receipt of an ended job that has a result and no receipt yet. */
  private synchronized void sign(JobRecord job) {
    JobResult result = job.result();
    if (result == null || receipts.get(key(job.id())).isPresent()) {
      return;
    }
    Receipt receipt = new Receipt(job.spec().cid(), result, peerId, Instant.now());
    SignedReceipt signed = Receipts.sign(receipt, nodeKey, mlDsa);
    Cid cid = signed.cid();
    BlockStore blocks = storage.blocks();
    blocks.put(new Block(cid, signed.toDagCbor()));
    String name = "job " + job.id();
    for (Cid c : new Cid[] {result.outputRoot(), result.stdout(), result.stderr()}) {
      if (c != null) {
        storage.pins().add(c, true, name);
      }
    }
    storage.pins().add(job.spec().cid(), false, name);
    storage.pins().add(cid, false, name + " receipt");
    receipts.put(key(job.id()), cid.bytes());
  }

  private static byte[] key(long id) {
    return ByteBuffer.allocate(Long.BYTES).putLong(id).array();
  }

  private static NodeKey nodeKey(Identity identity) {
    return new NodeKey() {
      @Override
      public byte[] ed25519PublicKey() {
        return identity.publicKey();
      }

      @Override
      public byte[] sign(byte[] message) {
        return identity.sign(message);
      }
    };
  }

  /** Stops the workers; a running job stays {@code running} and runs again on the next open. */
  @Override
  public void close() {
    queue.close();
  }
}
