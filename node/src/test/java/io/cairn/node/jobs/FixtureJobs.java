package io.cairn.node.jobs;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Multicodec;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs the WASM modules under {@code src/test/resources/wasm/} as jobs of a node and waits until
 * every listener added before this one has heard each job end (receipts signed, metrics counted).
 */
public final class FixtureJobs {
  /** How long a fixture job may take before the test gives up on it (not a timed assertion). */
  private static final long GIVE_UP_SECONDS = 120;

  private final NodeJobs jobs;
  private final BlockStore blocks;
  private final Map<Long, CompletableFuture<JobRecord>> ended = new ConcurrentHashMap<>();

  /**
   * @param blocks the node's block store, where the modules are put
   */
  public FixtureJobs(NodeJobs jobs, BlockStore blocks) {
    this.jobs = jobs;
    this.blocks = blocks;
    jobs.addListener(job -> future(job.id()).complete(job));
  }

  /** Runs {@code name}.wasm with the default limits and returns its terminal record. */
  public JobRecord run(String name) {
    return run(name, Limits.DEFAULTS);
  }

  /** Runs {@code name}.wasm within {@code limits} and returns its terminal record. */
  public JobRecord run(String name, Limits limits) {
    Block module = Block.create(Multicodec.RAW, module(name));
    blocks.put(module);
    JobRecord job = jobs.submit(JobSpec.wasm(module.cid()).withLimits(limits));
    try {
      return future(job.id()).get(GIVE_UP_SECONDS, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("job " + job.id() + " (" + name + ".wasm) did not end", e);
    }
  }

  private CompletableFuture<JobRecord> future(long id) {
    return ended.computeIfAbsent(id, k -> new CompletableFuture<>());
  }

  private static byte[] module(String name) {
    try (InputStream in = FixtureJobs.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalArgumentException("no test module /wasm/" + name + ".wasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
