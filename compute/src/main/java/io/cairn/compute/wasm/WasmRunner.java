package io.cairn.compute.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
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
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * Runs WASI preview 1 modules with Chicory's compiler (module to JVM bytecode), inputs read lazily
 * from a block store, outputs and logs imported back into it as UnixFS.
 *
 * <p>Each job runs on its own thread; past its wall time the thread is interrupted, which Chicory's
 * compiled code checks. A limit, a trap or a missing input block ends the job with that status and
 * its outputs discarded; the runner itself stays usable.
 *
 * <p>Fuel: not metered yet ({@link WasmOutcome#fuelUsed} is -1). The plan is to instrument the
 * module before compiling it: a mutable i64 global, and at the head of every function, every loop
 * body and after every branch target a "subtract the block's static instruction count, trap with
 * fuel-exhausted when below zero" sequence, by re-encoding the code section.
 */
public final class WasmRunner {
  private static final Set<String> WASI = WasiHost.provided();

  private final BlockStore blocks;
  private final ImportOptions importOptions;
  private final Path scratchRoot;

  /**
   * @param blocks where inputs are read and outputs, stdout and stderr are stored
   * @param importOptions how outputs are imported (the node's default profile)
   * @param scratchRoot under which each job gets a scratch directory, deleted when it ends
   */
  public WasmRunner(BlockStore blocks, ImportOptions importOptions, Path scratchRoot) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.importOptions = Objects.requireNonNull(importOptions, "importOptions");
    this.scratchRoot = Objects.requireNonNull(scratchRoot, "scratchRoot");
  }

  public WasmOutcome run(WasmJob job) {
    Path scratch;
    try {
      Files.createDirectories(scratchRoot);
      scratch = Files.createTempDirectory(scratchRoot, "job-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + scratchRoot, e);
    }
    try {
      return runIn(job, scratch);
    } finally {
      deleteTree(scratch);
    }
  }

  private WasmOutcome runIn(WasmJob job, Path scratch) {
    Path outputs = scratch.resolve("outputs");
    try {
      Files.createDirectory(outputs);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + outputs, e);
    }
    CappedSink stdout =
        new CappedSink("stdout", scratch.resolve("stdout"), job.limits().stdoutBytes());
    CappedSink stderr =
        new CappedSink("stderr", scratch.resolve("stderr"), job.limits().stderrBytes());
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
    WasmOutcome.Status status;
    try {
      status = execute(job, wasi);
    } finally {
      wasi.closeAll();
      stdout.close();
      stderr.close();
    }
    Duration wall = Duration.ofNanos(System.nanoTime() - start);
    Cid outputRoot = status.kind() == WasmOutcome.Kind.DONE ? importOutputs(outputs) : null;
    return new WasmOutcome(
        status, outputRoot, importFile(stdout.file()), importFile(stderr.file()), -1, wall);
  }

  /** Runs the module on its own thread under the wall-time limit. */
  private WasmOutcome.Status execute(WasmJob job, WasiHost wasi) {
    AtomicReference<WasmOutcome.Status> result = new AtomicReference<>();
    Thread thread =
        new Thread(null, () -> result.set(runModule(job, wasi)), "wasm-job", 64L * 1024 * 1024);
    thread.setDaemon(true);
    thread.start();
    boolean timedOut = false;
    try {
      thread.join(job.limits().wallTime());
      if (thread.isAlive()) {
        timedOut = true;
        thread.interrupt();
        thread.join();
      }
    } catch (InterruptedException e) {
      thread.interrupt();
      Thread.currentThread().interrupt();
      timedOut = true;
    }
    if (timedOut) {
      return new WasmOutcome.Status(
          WasmOutcome.Kind.TIMEOUT, "over " + job.limits().wallTime().toMillis() + " ms");
    }
    return result.get();
  }

  private WasmOutcome.Status runModule(WasmJob job, WasiHost wasi) {
    WasmModule module;
    try {
      module = Parser.parse(job.module());
    } catch (ChicoryException e) {
      return new WasmOutcome.Status(WasmOutcome.Kind.INVALID_MODULE, e.getMessage());
    }
    for (int i = 0; i < module.importSection().importCount(); i++) {
      Import imp = module.importSection().getImport(i);
      if (imp.importType() != ExternalType.FUNCTION
          || !imp.module().equals(WasiHost.MODULE)
          || !WASI.contains(imp.name())) {
        return new WasmOutcome.Status(
            WasmOutcome.Kind.INVALID_MODULE,
            "the module imports "
                + imp.module()
                + "."
                + imp.name()
                + ", which WASI preview 1 does not provide");
      }
    }
    try {
      int cap = job.limits().memoryPages();
      Instance instance =
          Instance.builder(module)
              .withImportValues(
                  ImportValues.builder().withFunctions(List.copyOf(wasi.hostFunctions())).build())
              .withMemoryFactory(limits -> CappedMemory.create(limits, cap))
              .withMachineFactory(MachineFactoryCompiler.compile(module))
              .withStart(false)
              .build();
      ExportFunction entry;
      try {
        entry = instance.export(job.entrypoint());
      } catch (ChicoryException e) {
        return new WasmOutcome.Status(
            WasmOutcome.Kind.INVALID_MODULE,
            "the module exports no function '" + job.entrypoint() + "'");
      }
      entry.apply();
      return WasmOutcome.Status.of(WasmOutcome.Kind.DONE);
    } catch (Throwable t) {
      return statusOf(t);
    }
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
    if (thrown instanceof RuntimeException || thrown instanceof Error) {
      if (thrown instanceof RuntimeException re) {
        throw re;
      }
      throw (Error) thrown;
    }
    throw new IllegalStateException(thrown);
  }

  private Cid importFile(Path file) {
    return OutputTree.importFile(file, blocks, importOptions);
  }

  private Cid importOutputs(Path outputs) {
    return OutputTree.importDirectory(outputs, blocks, importOptions);
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
