package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.ChicoryInterruptedException;
import com.dylibso.chicory.runtime.ExportFunction;
import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.ChicoryException;
import com.dylibso.chicory.wasm.InvalidException;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.UninstantiableException;
import com.dylibso.chicory.wasm.UnlinkableException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.Import;
import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs WASI preview 1 modules with Chicory's compiler (module to JVM bytecode), inputs read lazily
 * from a block store, outputs and logs imported back into it as UnixFS.
 *
 * <p>Each job runs on its own thread; past its wall time the thread is interrupted, which Chicory's
 * compiled code checks. A limit, a trap or a missing input block ends the job with that status and
 * its outputs discarded; the runner itself stays usable.
 *
 * <p>Fuel: every module is instrumented before it is compiled ({@link FuelMeter}) so that it counts
 * its own instructions per basic block in a global; the count is exact, the same on every node and
 * in every mode, and a job whose budget runs out ends with {@code fuel-exhausted}. A job without a
 * fuel limit is metered too (from {@link Long#MAX_VALUE}) so that its result carries its fuel.
 */
public final class WasmRunner {
  private static final Logger LOG = LoggerFactory.getLogger(WasmRunner.class);
  private static final Set<String> WASI = WasiHost.provided();

  private final BlockStore blocks;
  private final ImportOptions importOptions;
  private final Path scratchRoot;
  private final boolean meterFuel;
  private final boolean compiled;

  /**
   * The heap for preparing modules, shared by every runner: a quarter of the JVM's ({@link
   * CompileBudget}).
   */
  private static final CompileBudget COMPILING = CompileBudget.ofHeap();

  /** The heap for the linear memories of the jobs running at once: half the JVM's. */
  private static final JobMemory JOB_MEMORY = JobMemory.ofHeap();

  /**
   * Modules prepared for earlier jobs, shared by every runner: as much as preparing them took
   * ({@link CompileBudget#estimate}), at most the compile budget.
   */
  private static final PreparedModules PREPARED = new PreparedModules(COMPILING.capacityBytes());

  /**
   * @param blocks where inputs are read and outputs, stdout and stderr are stored
   * @param importOptions how outputs are imported (the node's default profile)
   * @param scratchRoot under which each job gets a scratch directory, deleted when it ends
   */
  public WasmRunner(BlockStore blocks, ImportOptions importOptions, Path scratchRoot) {
    this(blocks, importOptions, scratchRoot, true);
  }

  /**
   * A runner that may leave modules uninstrumented (fuel used -1, fuel limits ignored): only to
   * compare outputs and speed with and without metering.
   */
  WasmRunner(BlockStore blocks, ImportOptions importOptions, Path scratchRoot, boolean meterFuel) {
    this(blocks, importOptions, scratchRoot, meterFuel, true);
  }

  /**
   * A runner that may also use Chicory's interpreter instead of its compiler ({@code compiled}
   * false): only to compare speed in the benchmark.
   */
  WasmRunner(
      BlockStore blocks,
      ImportOptions importOptions,
      Path scratchRoot,
      boolean meterFuel,
      boolean compiled) {
    this.meterFuel = meterFuel;
    this.compiled = compiled;
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.importOptions = Objects.requireNonNull(importOptions, "importOptions");
    this.scratchRoot = Objects.requireNonNull(scratchRoot, "scratchRoot");
  }

  public WasmOutcome run(WasmJob job) {
    return run(job, LogTap.NONE);
  }

  /** Runs {@code job}, telling {@code logs} about its standard output and error as it writes. */
  public WasmOutcome run(WasmJob job, LogTap logs) {
    Path scratch;
    try {
      Files.createDirectories(scratchRoot);
      scratch = Files.createTempDirectory(scratchRoot, "job-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + scratchRoot, e);
    }
    try {
      return runIn(job, scratch, logs);
    } finally {
      deleteTree(scratch);
    }
  }

  private WasmOutcome runIn(WasmJob job, Path scratch, LogTap logs) {
    Path outputs = scratch.resolve("outputs");
    try {
      Files.createDirectory(outputs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + outputs, e);
    }
    CappedSink stdout =
        new CappedSink(
            LogStream.STDOUT, scratch.resolve("stdout"), job.limits().stdoutBytes(), logs);
    CappedSink stderr =
        new CappedSink(
            LogStream.STDERR, scratch.resolve("stderr"), job.limits().stderrBytes(), logs);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    WasiHost wasi =
        new WasiHost(
            job.args(),
            job.env(),
            new SeededRandom(job.seed()),
            stdout,
            stderr,
            new VNode.InputsRoot(exporter, job.inputs()),
            new VNode.HostDir(outputs),
            job.limits().outputBytes());
    long start = System.nanoTime();
    Ended ended;
    try {
      Optional<WasmOutcome.Status> refused = checkInputs(exporter, job.inputs());
      ended = refused.isPresent() ? new Ended(refused.get(), -1) : execute(job, wasi);
    } finally {
      wasi.closeAll();
      stdout.close();
      stderr.close();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    WasmOutcome.Status status = ended.status();
    Cid outputRoot = null;
    if (status.kind() == WasmOutcome.Kind.DONE) {
      long cap = job.limits().outputBytes();
      outputRoot = OutputTree.importDirectory(outputs, blocks, importOptions, cap).orElse(null);
      if (outputRoot == null) {
        status =
            new WasmOutcome.Status(
                WasmOutcome.Kind.OUTPUT_LIMIT,
                "/outputs over " + cap + " bytes, a hard-linked file counted once per name");
      }
    }
    return new WasmOutcome(
        status,
        outputRoot,
        importFile(stdout.file()),
        importFile(stderr.file()),
        ended.fuelUsed(),
        wall,
        ended.peakMemoryBytes() < 0
            ? OptionalLong.empty()
            : OptionalLong.of(ended.peakMemoryBytes()));
  }

  /**
   * Why the job cannot run over its inputs, before it starts: an input whose root block is missing
   * or is no UnixFS file, directory or symlink, named.
   */
  private static Optional<WasmOutcome.Status> checkInputs(
      UnixFsExporter exporter, Map<String, Cid> inputs) {
    for (Map.Entry<String, Cid> input : new TreeMap<>(inputs).entrySet()) {
      String name = "input '" + input.getKey() + "' (" + input.getValue() + ")";
      UnixFsNode.Kind kind;
      try {
        kind = exporter.stat(input.getValue()).kind();
      } catch (BlockNotFoundException e) {
        return Optional.of(
            new WasmOutcome.Status(WasmOutcome.Kind.MISSING_BLOCK, name + ": " + e.getMessage()));
      } catch (RuntimeException e) {
        return Optional.of(
            new WasmOutcome.Status(
                WasmOutcome.Kind.INVALID_INPUT, name + " cannot be read: " + e.getMessage()));
      }
      if (!kind.isFile() && !kind.isDirectory() && kind != UnixFsNode.Kind.SYMLINK) {
        return Optional.of(
            new WasmOutcome.Status(
                WasmOutcome.Kind.INVALID_INPUT,
                name + " is not a UnixFS file or directory (it is " + kind + ")"));
      }
    }
    return Optional.empty();
  }

  /**
   * How the module's thread ended, the fuel it used (-1 when unmetered) and its linear memory's
   * final size, which is its peak as memory never shrinks (-1 when no instance was made).
   */
  private record Ended(WasmOutcome.Status status, long fuelUsed, long peakMemoryBytes) {
    Ended(WasmOutcome.Status status, long fuelUsed) {
      this(status, fuelUsed, -1);
    }
  }

  /** How long a job's thread is given to stop once interrupted, before its scratch is removed. */
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  /**
   * Runs the module on its own thread under the wall-time limit. Whatever the thread throws ends
   * the job with {@code host-error}; a job timed out or cancelled (this thread interrupted) is
   * interrupted and waited for, up to {@link #STOP_GRACE}, so that nothing it still holds is closed
   * or deleted under it.
   */
  private Ended execute(WasmJob job, WasiHost wasi) {
    AtomicReference<Ended> result = new AtomicReference<>();
    Runnable body =
        () -> {
          try {
            result.set(runModule(job, wasi));
          } catch (Throwable t) {
            result.set(new Ended(hostError(t), -1));
          }
        };
    Thread thread = new Thread(null, body, "wasm-job", 64L * 1024 * 1024);
    thread.setDaemon(true);
    thread.start();
    boolean timedOut = false;
    try {
      thread.join(job.limits().wallTime());
      if (thread.isAlive()) {
        timedOut = true;
        thread.interrupt();
        awaitStop(thread);
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      awaitStop(thread);
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    if (timedOut) {
      // What it used until interrupted, for information: a time-out is never deterministic.
      Ended partial = result.get();
      return new Ended(
          new WasmOutcome.Status(
              WasmOutcome.Kind.TIMEOUT, "over " + job.limits().wallTime().toMillis() + " ms"),
          partial == null ? -1 : partial.fuelUsed(),
          partial == null ? -1 : partial.peakMemoryBytes());
    }
    Ended ended = result.get();
    return ended != null
        ? ended
        : new Ended(
            new WasmOutcome.Status(WasmOutcome.Kind.HOST_ERROR, "the job's thread left no result"),
            -1);
  }

  /**
   * Waits for an interrupted job thread to end, up to {@link #STOP_GRACE}, through interrupts of
   * this thread (a cancel may come on top of a time-out); this thread's interrupt is kept.
   */
  private static void awaitStop(Thread thread) {
    long deadline = System.nanoTime() + STOP_GRACE.toNanos();
    boolean interrupted = false;
    while (thread.isAlive()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        LOG.warn(
            "the job thread did not stop within {} s of its interrupt", STOP_GRACE.toSeconds());
        break;
      }
      try {
        thread.join(Duration.ofNanos(left));
      } catch (InterruptedException e) {
        interrupted = true;
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  /** A failure of the host itself, named by its class and message. */
  private static WasmOutcome.Status hostError(Throwable t) {
    LOG.warn("a WASM job failed in the host", t);
    String what = t.getClass().getSimpleName();
    String message = t.getMessage();
    return new WasmOutcome.Status(
        WasmOutcome.Kind.HOST_ERROR, message == null ? what : what + ": " + message);
  }

  /**
   * Why these bytes are no WebAssembly binary at all, before the parser's own message (a list of
   * what it tried): a binary starts with {@code \0asm} and version 1.
   */
  static Optional<String> notWasm(byte[] bytes) {
    byte[] magic = {0, 'a', 's', 'm', 1, 0, 0, 0};
    if (bytes.length >= magic.length
        && Arrays.equals(bytes, 0, magic.length, magic, 0, magic.length)) {
      return Optional.empty();
    }
    if (bytes.length >= 4 && Arrays.equals(bytes, 0, 4, magic, 0, 4)) {
      if (bytes.length < magic.length) {
        return Optional.of(
            "the module ends after " + bytes.length + " bytes, inside its 8-byte header");
      }
      return Optional.of(
          "the module is WebAssembly binary version "
              + HexFormat.of().formatHex(bytes, 4, 8)
              + " (little-endian); Cairn runs version 1 (01000000)");
    }
    String start =
        new String(bytes, 0, Math.min(bytes.length, 64), StandardCharsets.ISO_8859_1)
            .stripLeading();
    String hint =
        start.startsWith("(module") || start.startsWith(";;")
            ? ": it looks like the text format (.wat); compile it to a binary, e.g. with wat2wasm"
            : "";
    return Optional.of(
        "the module is not a WebAssembly binary: it starts with "
            + (bytes.length == 0
                ? "nothing (it is empty)"
                : HexFormat.of().formatHex(bytes, 0, Math.min(4, bytes.length)))
            + ", not 0061736d ('\\0asm')"
            + hint);
  }

  private Ended runModule(WasmJob job, WasiHost wasi) {
    byte[] bytes = job.module();
    long budget = job.limits().fuel() == 0 ? Long.MAX_VALUE : job.limits().fuel();
    String key = PreparedModules.key(bytes, meterFuel, compiled);
    PreparedModules.Prepared prepared = PREPARED.get(key);
    if (prepared == null) {
      Optional<String> notWasm = notWasm(bytes);
      if (notWasm.isPresent()) {
        return unmetered(new WasmOutcome.Status(WasmOutcome.Kind.INVALID_MODULE, notWasm.get()));
      }
      long heap = CompileBudget.estimate(bytes);
      Optional<String> tooLarge = COMPILING.refusal(bytes, heap);
      if (tooLarge.isPresent()) {
        // the node's limit, not the module's fault: a node with more heap runs it
        return unmetered(new WasmOutcome.Status(WasmOutcome.Kind.HOST_ERROR, tooLarge.get()));
      }
      try {
        COMPILING.reserve(heap);
      } catch (InterruptedException e) {
        return unmetered(WasmOutcome.Status.of(WasmOutcome.Kind.TIMEOUT));
      }
      try {
        prepared = prepare(bytes, heap);
      } catch (Refusal r) {
        return r.ended;
      } finally {
        COMPILING.release(heap);
      }
      PREPARED.put(key, prepared);
    }
    return instantiateAndRun(job, wasi, prepared, budget);
  }

  /** A module that cannot be prepared, and how its job ends. */
  private static final class Refusal extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Ended ended;

    Refusal(Ended ended) {
      super(ended.status().toString(), null, false, false);
      this.ended = ended;
    }
  }

  /**
   * Parses, links against WASI, meters and compiles a module; {@code heap} is what that is
   * estimated to take, the entry's size in {@link #PREPARED}.
   */
  private PreparedModules.Prepared prepare(byte[] bytes, long heap) throws Refusal {
    WasmModule module;
    try {
      module = Parser.parse(bytes);
    } catch (ChicoryException e) {
      throw new Refusal(
          unmetered(new WasmOutcome.Status(WasmOutcome.Kind.INVALID_MODULE, e.getMessage())));
    }
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      if (imp.importType() != ExternalType.FUNCTION
          || !imp.module().equals(WasiHost.MODULE)
          || !WASI.contains(imp.name())) {
        throw new Refusal(
            unmetered(
                new WasmOutcome.Status(
                    WasmOutcome.Kind.INVALID_MODULE,
                    "the module imports "
                        + imp.module()
                        + "."
                        + imp.name()
                        + ", which WASI preview 1 does not provide")));
      }
    }
    int fuelGlobal = -1;
    int startFunction = -1;
    if (meterFuel) {
      // Budget 0 in the module: each instance gets its job's budget before it runs.
      FuelMeter.Metered metered = FuelMeter.instrument(bytes, module, 0);
      module = Parser.parse(metered.bytes());
      fuelGlobal = metered.fuelGlobal();
      startFunction = metered.startFunction();
    }
    try {
      return new PreparedModules.Prepared(
          module, fuelGlobal, startFunction, compiled ? PassCompiler.compile(module) : null, heap);
    } catch (Throwable t) {
      throw new Refusal(new Ended(statusOf(t), -1));
    }
  }

  private Ended instantiateAndRun(
      WasmJob job, WasiHost wasi, PreparedModules.Prepared prepared, long budget) {
    try (JobMemory.Lease memory = JOB_MEMORY.lease()) {
      return instantiateAndRun(job, wasi, prepared, budget, memory);
    }
  }

  private Ended instantiateAndRun(
      WasmJob job,
      WasiHost wasi,
      PreparedModules.Prepared prepared,
      long budget,
      JobMemory.Lease memory) {
    int fuelGlobal = prepared.fuelGlobal();
    Instance instance = null;
    try {
      int cap = job.limits().memoryPages();
      Instance.Builder builder =
          Instance.builder(prepared.module())
              .withImportValues(
                  ImportValues.builder().withFunctions(List.copyOf(wasi.hostFunctions())).build())
              .withMemoryFactory(limits -> CappedMemory.create(limits, cap, memory))
              .withStart(false);
      if (prepared.machines() != null) {
        builder.withMachineFactory(prepared.machines());
      }
      instance = builder.build();
      if (fuelGlobal >= 0) {
        instance.global(fuelGlobal).setValue(budget);
      }
      ExportFunction entry;
      try {
        entry = instance.export(job.entrypoint());
      } catch (ChicoryException e) {
        return unmetered(
            new WasmOutcome.Status(
                WasmOutcome.Kind.INVALID_MODULE,
                "the module exports no function '" + job.entrypoint() + "'"));
      }
      if (prepared.startFunction() >= 0) {
        instance.getMachine().call(prepared.startFunction(), new long[0]);
      }
      entry.apply();
      if (spent(instance, fuelGlobal)) {
        return fuelExhausted(budget, memoryBytes(instance));
      }
      return new Ended(
          WasmOutcome.Status.of(WasmOutcome.Kind.DONE),
          used(instance, fuelGlobal, budget),
          memoryBytes(instance));
    } catch (Throwable t) {
      if (spent(instance, fuelGlobal)) {
        return fuelExhausted(budget, memoryBytes(instance));
      }
      return new Ended(statusOf(t), used(instance, fuelGlobal, budget), memoryBytes(instance));
    }
  }

  /**
   * Whether the budget ran out: the module wrote a negative count back to the fuel global at a
   * check, a call or its exit (see {@link FuelMeter}), before or instead of anything else ending
   * it.
   */
  private static boolean spent(Instance instance, int fuelGlobal) {
    return fuelGlobal >= 0 && instance != null && remaining(instance, fuelGlobal) < 0;
  }

  private static Ended fuelExhausted(long budget, long memoryBytes) {
    return new Ended(
        new WasmOutcome.Status(
            WasmOutcome.Kind.FUEL_EXHAUSTED, "the budget of " + budget + " ran out"),
        budget,
        memoryBytes);
  }

  /** The instance's linear memory in bytes; 0 without one, -1 when there is no instance. */
  private static long memoryBytes(Instance instance) {
    if (instance == null) {
      return -1;
    }
    return instance.memory() == null ? 0 : (long) instance.memory().pages() * 65536;
  }

  private static Ended unmetered(WasmOutcome.Status status) {
    return new Ended(status, -1);
  }

  private static long remaining(Instance instance, int fuelGlobal) {
    return instance.global(fuelGlobal).getValue();
  }

  /** Budget less what remains, the whole budget once spent; 0 if never started, -1 unmetered. */
  private static long used(Instance instance, int fuelGlobal, long budget) {
    if (fuelGlobal < 0) {
      return -1;
    }
    if (instance == null) {
      return 0;
    }
    return budget - Math.max(0, remaining(instance, fuelGlobal));
  }

  /** What ended a run, looking through Chicory's wrapping for the host's own exceptions. */
  static WasmOutcome.Status statusOf(Throwable thrown) {
    for (Throwable t = thrown; t != null; t = t.getCause()) {
      if (t instanceof WasiHost.Exit exit) {
        return WasmOutcome.Status.exit(exit.code);
      }
      if (t instanceof JobAbort abort) {
        return abort.status();
      }
      if (t instanceof BlockNotFoundException missing) {
        return new WasmOutcome.Status(WasmOutcome.Kind.MISSING_BLOCK, missing.getMessage());
      }
      if (t instanceof ChicoryInterruptedException) {
        return WasmOutcome.Status.of(WasmOutcome.Kind.TIMEOUT);
      }
      if (t instanceof StackOverflowError) {
        return new WasmOutcome.Status(WasmOutcome.Kind.TRAP, "call stack exhausted");
      }
    }
    if (thrown instanceof UninstantiableException
        || thrown instanceof UnlinkableException
        || thrown instanceof InvalidException
        || thrown instanceof MalformedException) {
      return new WasmOutcome.Status(WasmOutcome.Kind.INVALID_MODULE, thrown.getMessage());
    }
    if (thrown instanceof ChicoryException) {
      return new WasmOutcome.Status(WasmOutcome.Kind.TRAP, String.valueOf(thrown.getMessage()));
    }
    return hostError(thrown);
  }

  private Cid importFile(Path file) {
    return OutputTree.importFile(file, blocks, importOptions);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(WasmRunner::deleteQuietly);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch directory " + root, e);
    }
  }

  private static void deleteQuietly(Path p) {
    try {
      Files.deleteIfExists(p);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete " + p, e);
    }
  }
}
