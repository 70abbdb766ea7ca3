package io.cairn.compute.engine;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.compute.Limits;
import io.cairn.compute.LogTap;
import io.cairn.compute.wasm.WasmJob;
import io.cairn.compute.wasm.WasmLimits;
import io.cairn.compute.wasm.WasmOutcome;
import io.cairn.compute.wasm.WasmRunner;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Runs {@code wasm} specs with {@link WasmRunner}: reads the module by CID (a UnixFS file or a raw
 * block), maps the spec's arguments, environment, inputs, limits and seed to a {@link WasmJob}, and
 * the outcome to a {@link JobResult}. Cancelling interrupts the run.
 */
public final class WasmJobEngine implements JobEngine {
  /** A module larger than this is refused before it is read. */
  public static final long MAX_MODULE_BYTES = 256L << 20;

  /** The program name a job sees as {@code argv[0]}. */
  public static final String PROGRAM_NAME = "main";

  private final BlockStore blocks;
  private final WasmRunner runner;
  private final Rapl rapl;

  public WasmJobEngine(BlockStore blocks, Path scratchDir, ImportOptions importOptions) {
    this(blocks, scratchDir, importOptions, Rapl.system());
  }

  WasmJobEngine(BlockStore blocks, Path scratchDir, ImportOptions importOptions, Rapl rapl) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.runner = new WasmRunner(blocks, importOptions, scratchDir);
    this.rapl = Objects.requireNonNull(rapl, "rapl");
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel) {
    return run(spec, cancel, LogTap.NONE);
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel, LogTap logs) {
    if (spec.engine() != Engine.WASM) {
      throw new IllegalArgumentException("not a wasm job: engine " + spec.engine().label());
    }
    long start = System.nanoTime();
    byte[] module;
    try {
      module = readModule(spec.module());
    } catch (BlockNotFoundException e) {
      return JobResult.failed(
          "the module " + spec.module() + " is not in the block store: " + e.getMessage(),
          elapsed(start));
    } catch (IllegalArgumentException e) {
      return JobResult.failed(
          "cannot read the module " + spec.module() + ": " + e.getMessage(), elapsed(start));
    }
    WasmJob job = toWasmJob(spec, module);
    Interrupter interrupter = new Interrupter(Thread.currentThread());
    cancel.onCancel(interrupter::interrupt);
    WasmOutcome outcome;
    var energyBefore = rapl.read();
    try {
      outcome = runner.run(job, logs);
    } catch (RuntimeException e) {
      if (cancel.isCancelled()) {
        return JobResult.failed("cancelled", elapsed(start));
      }
      throw e;
    } finally {
      interrupter.done();
    }
    if (cancel.isCancelled()) {
      return JobResult.failed("cancelled", outcome.wallTime());
    }
    return toResult(outcome, rapl.millijoulesSince(energyBefore));
  }

  /** The WASM job a spec describes, given its module's bytes. */
  public static WasmJob toWasmJob(JobSpec spec, byte[] module) {
    List<String> argv = new ArrayList<>(spec.args().size() + 1);
    argv.add(PROGRAM_NAME);
    argv.addAll(spec.args());
    Limits l = spec.limits();
    WasmLimits limits =
        new WasmLimits(
            l.memoryBytes(),
            l.fuel(),
            l.wallTime(),
            l.outputBytes(),
            l.stdoutBytes(),
            l.stderrBytes());
    return new WasmJob(
        module, spec.entrypoint(), argv, spec.env(), spec.inputs(), limits, spec.seed());
  }

  /**
   * The job result of a WASM outcome, energy not measured. Fuel is reported as 0 for a module that
   * never ran (the runner's {@code -1}: it did not parse or link); peak memory is the instance's
   * peak linear memory; GPU time is not measured.
   */
  public static JobResult toResult(WasmOutcome o) {
    return toResult(o, OptionalLong.empty());
  }

  /** As {@link #toResult(WasmOutcome)}, with the energy the CPU used meanwhile. */
  static JobResult toResult(WasmOutcome o, OptionalLong energyMillijoules) {
    return new JobResult(
        status(o.status()),
        o.outputRoot(),
        o.stdout(),
        o.stderr(),
        Math.max(0, o.fuelUsed()),
        o.wallTime(),
        o.peakMemoryBytes(),
        null,
        energyMillijoules);
  }

  static JobStatus status(WasmOutcome.Status s) {
    String detail = s.detail();
    return switch (s.kind()) {
      case DONE -> JobStatus.DONE;
      case EXIT -> new JobStatus.Exit(Integer.parseInt(detail));
      case FUEL_EXHAUSTED -> JobStatus.FUEL_EXHAUSTED;
      case MEMORY_LIMIT -> JobStatus.MEMORY_LIMIT;
      case TIMEOUT -> JobStatus.TIMEOUT;
      case OUTPUT_LIMIT -> JobStatus.OUTPUT_LIMIT;
      case TRAP -> new JobStatus.Trap(detail.isEmpty() ? "trap" : detail);
      case MISSING_BLOCK -> new JobStatus.Failed("missing block: " + detail);
      case INVALID_MODULE -> new JobStatus.Failed("invalid module: " + detail);
      case INVALID_INPUT -> new JobStatus.Failed("invalid input: " + detail);
      case HOST_ERROR -> new JobStatus.Failed("host error: " + detail);
    };
  }

  private byte[] readModule(Cid cid) {
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    try (InputStream in = exporter.open(cid, 0, -1)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buf = new byte[64 * 1024];
      long total = 0;
      for (int n; (n = in.read(buf)) > 0; ) {
        total += n;
        if (total > MAX_MODULE_BYTES) {
          throw new IllegalArgumentException("it is larger than " + MAX_MODULE_BYTES + " bytes");
        }
        out.write(buf, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the module " + cid + ": " + e, e);
    }
  }

  private static Duration elapsed(long startNanos) {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  /**
   * Interrupts the thread running a job, but only while it runs: a token cancelled after the job
   * ended must not interrupt whatever the worker thread does next.
   */
  private static final class Interrupter {
    private final Thread thread;
    private boolean active = true;

    Interrupter(Thread thread) {
      this.thread = thread;
    }

    synchronized void interrupt() {
      if (active) {
        thread.interrupt();
      }
    }

    synchronized void done() {
      active = false;
      Thread.interrupted(); // the run is over: clear an interrupt that came for it
    }
  }
}
