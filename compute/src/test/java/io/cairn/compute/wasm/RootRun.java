package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.ImportValues;
import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.cairn.compute.LogStream;
import io.cairn.storage.BlockStores;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The probe's hook for a wasi-testsuite module that needs a directory preopened writable as {@code
 * /} (its spec's {@code root}): Cairn's own WASI host ({@link WasiHost}, its calls unchanged) over
 * {@code /inputs} empty and, as descriptor 4, a job's writable scratch directory holding a copy of
 * the test's directory, preopened under the name {@code /} instead of {@code /outputs}. Only the
 * name differs from a job (paths resolve under a descriptor, never by the preopen's name); the
 * module runs compiled by Chicory with a job's memory but without fuel metering, which does not
 * change what a WASI call answers.
 */
final class RootRun {
  private RootRun() {}

  static WasiTestsuiteProbe.Result run(
      byte[] bytes, List<String> args, Map<String, String> env, Path root, Path work)
      throws IOException {
    Path logs = Files.createTempDirectory(work, "logs-");
    CappedSink stdout = WasiTestsuiteProbe.sink(LogStream.STDOUT, logs);
    CappedSink stderr = WasiTestsuiteProbe.sink(LogStream.STDERR, logs);
    WasiHost wasi =
        new WasiHost(
            args,
            env,
            new SeededRandom("wasi-testsuite".getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            stdout,
            stderr,
            new VNode.InputsRoot(new UnixFsExporter(BlockStores.memory()), Map.of()),
            new VNode.HostDir(root),
            1L << 30);
    renameOutputsToRoot(wasi);
    WasmOutcome.Status status;
    JobMemory memory = new JobMemory(1L << 30);
    try (JobMemory.Lease lease = memory.lease()) {
      WasmModule module = Parser.parse(bytes);
      Instance instance =
          Instance.builder(module)
              .withImportValues(
                  ImportValues.builder().withFunctions(List.copyOf(wasi.hostFunctions())).build())
              .withMemoryFactory(limits -> CappedMemory.create(limits, 16_384, lease))
              .withMachineFactory(PassCompiler.compile(module))
              .withStart(false)
              .build();
      instance.export("_start").apply();
      status = WasmOutcome.Status.of(WasmOutcome.Kind.DONE);
    } catch (Throwable t) {
      status = WasmRunner.statusOf(t);
    } finally {
      wasi.closeAll();
      stdout.close();
      stderr.close();
    }
    int exit =
        switch (status.kind()) {
          case DONE -> 0;
          case EXIT -> Integer.parseInt(status.detail());
          default -> -1;
        };
    WasiTestsuiteProbe.Result r =
        new WasiTestsuiteProbe.Result(
            exit,
            status.toString(),
            Files.readAllBytes(stdout.file()),
            Files.readAllBytes(stderr.file()));
    WasiTestsuiteProbe.deleteTree(logs);
    return r;
  }

  /** Descriptor 4, the job's {@code /outputs}, preopened as {@code /}. */
  private static void renameOutputsToRoot(WasiHost wasi) {
    try {
      Field fdsField = WasiHost.class.getDeclaredField("fds");
      fdsField.setAccessible(true);
      FdTable fds = (FdTable) fdsField.get(wasi);
      Field slotsField = FdTable.class.getDeclaredField("slots");
      slotsField.setAccessible(true);
      @SuppressWarnings("unchecked")
      Map<Integer, FdTable.Slot> slots = (Map<Integer, FdTable.Slot>) slotsField.get(fds);
      FdTable.Slot outputs = slots.get(4);
      OpenFd.Dir dir = (OpenFd.Dir) outputs.fd();
      slots.put(
          4,
          new FdTable.Slot(
              new OpenFd.Dir(dir.node(), "/", true),
              outputs.base(),
              outputs.inheriting(),
              outputs.fdflags()));
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("WasiHost's descriptor table has changed: " + e, e);
    }
  }
}
