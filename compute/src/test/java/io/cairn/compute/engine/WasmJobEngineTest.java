package io.cairn.compute.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.CudaLaunch;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobEngines;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.compute.Limits;
import io.cairn.compute.wasm.WasmFixtures;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class WasmJobEngineTest {
  @TempDir Path scratch;

  private final BlockStore blocks = BlockStores.memory();

  private JobEngine engine() {
    return JobEngines.wasm(blocks, scratch, ImportOptions.defaults());
  }

  private static byte[] fixture(String name) {
    return WasmFixtures.bytes(name);
  }

  private Cid add(byte[] bytes) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importStream("f", new ByteArrayInputStream(bytes), ImportListener.NONE)
        .cid();
  }

  private String cat(Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  private JobResult run(JobSpec spec) {
    return engine().run(spec, new CancellationToken());
  }

  @Test
  void helloRunsFromAUnixFsFileAndKeepsItsStdout() {
    JobResult r = run(JobSpec.wasm(add(fixture("hello"))));
    assertThat(r.status()).isEqualTo(JobStatus.DONE);
    assertThat(cat(r.stdout())).isEqualTo("hello\n");
    assertThat(cat(r.stderr())).isEmpty();
    assertThat(r.outputRoot()).isNotNull();
  }

  @Test
  void moduleMayBeARawBlock() {
    byte[] bytes = fixture("hello");
    Block raw = Block.create(1, Multicodec.RAW.code(), HashFunction.SHA2_256, bytes);
    blocks.put(raw);
    JobResult r = run(JobSpec.wasm(raw.cid()));
    assertThat(r.status()).isEqualTo(JobStatus.DONE);
    assertThat(cat(r.stdout())).isEqualTo("hello\n");
  }

  @Test
  void inputsAndArgsReachTheModuleAndOutputsAreImported() {
    Cid in = add("0123456789".getBytes(StandardCharsets.UTF_8));
    JobSpec spec =
        JobSpec.wasm(add(fixture("copy"))).withInputs(Map.of("in", in)).withArgs(List.of("4"));
    JobResult r = run(spec);
    assertThat(r.status()).isEqualTo(JobStatus.DONE);
    Cid out = new UnixFsExporter(blocks).resolve(r.outputRoot(), "out");
    assertThat(cat(out)).isEqualTo("456789");
  }

  @Test
  void sameSpecGivesSameOutputRoot() {
    Cid in = add("determinism".getBytes(StandardCharsets.UTF_8));
    JobSpec spec = JobSpec.wasm(add(fixture("copy"))).withInputs(Map.of("in", in));
    assertThat(run(spec).outputRoot()).isEqualTo(run(spec).outputRoot());
  }

  @Test
  void trapEndsWithTrapStatus() {
    JobResult r = run(JobSpec.wasm(add(fixture("trap"))));
    assertThat(r.status()).isInstanceOf(JobStatus.Trap.class);
    assertThat(r.outputRoot()).isNull();
  }

  @Test
  void infiniteLoopEndsWithTimeout() {
    JobSpec spec =
        JobSpec.wasm(add(fixture("loop")))
            .withLimits(Limits.DEFAULTS.withWallTime(Duration.ofMillis(200)));
    assertThat(run(spec).status()).isEqualTo(JobStatus.TIMEOUT);
  }

  @Test
  void memoryLimitIsTheSpecs() {
    JobSpec spec =
        JobSpec.wasm(add(fixture("grow"))).withLimits(Limits.DEFAULTS.withMemoryBytes(128 * 1024));
    assertThat(run(spec).status()).isEqualTo(JobStatus.MEMORY_LIMIT);
  }

  @Test
  void cancellingStopsARunningJob() throws Exception {
    JobSpec spec = JobSpec.wasm(add(fixture("loop")));
    CancellationToken token = new CancellationToken();
    CompletableFuture<JobResult> result =
        CompletableFuture.supplyAsync(() -> engine().run(spec, token));
    Thread.sleep(100); // let the loop start; the run stops whenever the cancel comes
    token.cancel();
    JobResult r = result.get();
    assertThat(r.status()).isEqualTo(new JobStatus.Failed("cancelled"));
  }

  @Test
  void missingModuleFailsNamingIt() {
    Cid absent = Cid.compute(1, Multicodec.RAW.code(), HashFunction.SHA2_256, new byte[] {1, 2});
    JobResult r = run(JobSpec.wasm(absent));
    assertThat(r.status().label())
        .startsWith("failed: the module " + absent + " is not in the block store");
  }

  @Test
  void moduleThatDoesNotParseFails() {
    JobResult r = run(JobSpec.wasm(add("not wasm".getBytes(StandardCharsets.UTF_8))));
    assertThat(r.status().label()).startsWith("failed: invalid module");
  }

  @Test
  void cudaSpecFailsClearly() {
    assertThat(run(cudaSpec()).status().label())
        .isEqualTo("failed: the cuda engine is not available on this node (no GPU engine yet)");
  }

  @Test
  void theNodeEngineSendsCudaSpecsToTheGpuWorker() {
    JobEngine node = JobEngines.node(blocks, scratch, ImportOptions.defaults());
    String label = node.run(cudaSpec(), new CancellationToken()).status().label();
    // Without a GPU the worker says so; with one, the one-byte module does not load.
    assertThat(label)
        .satisfiesAnyOf(
            l -> assertThat(l).startsWith("failed: no NVIDIA GPU on this node"),
            l -> assertThat(l).contains("does not load"));
  }

  private JobSpec cudaSpec() {
    return new JobSpec(
        Engine.CUDA,
        add(new byte[] {1}),
        null,
        new CudaLaunch("k", new CudaLaunch.Dim3(1, 1, 1), new CudaLaunch.Dim3(1, 1, 1), List.of()),
        List.of(),
        Map.of(),
        Map.of(),
        null,
        null);
  }
}
