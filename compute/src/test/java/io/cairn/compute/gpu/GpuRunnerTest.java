package io.cairn.compute.gpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.CudaLaunch;
import io.cairn.compute.CudaLaunch.Dim3;
import io.cairn.compute.Engine;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.compute.KernelArg;
import io.cairn.compute.KernelArg.ScalarType;
import io.cairn.compute.Limits;
import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The parent side and the worker process, on any machine: no GPU needed. */
class GpuRunnerTest {
  private static final Duration WALL = Duration.ofSeconds(60);

  @TempDir Path scratch;
  private final BlockStore blocks = BlockStores.memory();
  private final Cid ptx = GpuJobs.add(blocks, ".version 7.0\n".getBytes(StandardCharsets.US_ASCII));

  private GpuRunner runner(String mainClass, String... jvmOptions) {
    return new GpuRunner(
        blocks,
        ImportOptions.defaults(),
        scratch.resolve("jobs"),
        new WorkerLauncher(mainClass, List.of(jvmOptions)));
  }

  private JobSpec saxpy(int n, Limits limits) {
    byte[] zeros = new byte[4 * n];
    Cid x = GpuJobs.add(blocks, zeros);
    return GpuJobs.saxpy(ptx, x, x, n, 2f, limits);
  }

  @Test
  void workerWithoutGpuSaysSoAndDoesNotCrash() {
    GpuAvailability found = GpuRunner.probe(WorkerLauncher.gpuWorker());
    assumeFalse(found.usable(), () -> "this machine has a GPU: " + found.detail());
    assertThat(found.detail()).startsWith("no NVIDIA GPU on this node (").endsWith(")");

    JobResult result =
        runner(GpuWorker.class.getName()).run(saxpy(1000, GpuJobs.limits(WALL, 1 << 20)), token());

    assertThat(result.status().label()).isEqualTo("failed: " + found.detail());
    assertThat(result.outputRoot()).isNull();
    assertThat(result.gpuTimeNanos()).isEmpty();
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  @Test
  void hangingWorkerAndWhatItStartedAreKilledAtTheTimeout() throws Exception {
    Path pidFile = scratch.resolve("child.pid");
    GpuRunner runner = runner(HangingWorker.class.getName(), "-Dcairn.test.pidfile=" + pidFile);

    JobResult result =
        runner.run(saxpy(16, GpuJobs.limits(Duration.ofSeconds(5), 1 << 20)), token());

    assertThat(result.status()).isEqualTo(JobStatus.TIMEOUT);
    assertThat(result.outputRoot()).isNull();
    assertThat(pidFile).exists();
    long child = Long.parseLong(Files.readString(pidFile));
    ProcessHandle.of(child).ifPresent(h -> h.onExit().orTimeout(60, TimeUnit.SECONDS).join());
    assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  @Test
  void crashedWorkerIsAFailedJob() {
    JobResult result =
        runner(CrashingWorker.class.getName())
            .run(saxpy(16, GpuJobs.limits(WALL, 1 << 20)), token());

    assertThat(result.status().label())
        .isEqualTo("failed: worker crashed (exit 3): segmentation fault in the driver");
    assertThat(result.outputRoot()).isNull();
    assertThat(cat(result.stderr())).isEqualTo("segmentation fault in the driver\n");
    assertThat(cat(result.stdout())).isEmpty();
  }

  @Test
  void theWorkersOutputAndErrorAreTheJobsLogsWithoutItsResultLine() {
    JobResult result =
        runner(PrintingWorker.class.getName())
            .run(saxpy(16, GpuJobs.limits(WALL, 1 << 20)), token());

    assertThat(result.status()).isEqualTo(JobStatus.DONE);
    assertThat(cat(result.stdout())).isEqualTo(PrintingWorker.STDOUT);
    assertThat(cat(result.stderr())).isEqualTo(PrintingWorker.STDERR);
    assertThat(result.gpuTimeNanos()).hasValue(1234);
    assertThat(result.energyMillijoules()).hasValue(42);
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  /**
   * A running worker's complete lines reach the job's log tap while it runs (so {@code job logs
   * --follow} shows them); the final sizes are those of the stored logs, without the result line.
   */
  @Test
  void theWorkersLinesAreReportedWhileItRuns() throws Exception {
    Path go = scratch.resolve("go");
    GpuRunner runner = runner(SlowPrintingWorker.class.getName(), "-Dcairn.test.go=" + go);
    Map<LogStream, Long> sizes = new ConcurrentHashMap<>();
    Set<LogStream> closed = ConcurrentHashMap.newKeySet();
    LogTap tap =
        new LogTap() {
          @Override
          public void opened(LogStream stream, Path file) {
            sizes.put(stream, 0L);
          }

          @Override
          public void wrote(LogStream stream, long size) {
            assertThat(size).isGreaterThan(sizes.get(stream));
            sizes.put(stream, size);
          }

          @Override
          public void closed(LogStream stream) {
            closed.add(stream);
          }
        };
    CompletableFuture<JobResult> job =
        CompletableFuture.supplyAsync(
            () -> runner.run(saxpy(16, GpuJobs.limits(WALL, 1 << 20)), token(), tap));

    long first = SlowPrintingWorker.FIRST.length();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (sizes.getOrDefault(LogStream.STDOUT, 0L) < first && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    assertThat(sizes.get(LogStream.STDOUT)).isEqualTo(first);
    assertThat(job).isNotDone();

    Files.createFile(go);
    JobResult result = job.get(60, TimeUnit.SECONDS);
    String stdout = SlowPrintingWorker.FIRST + SlowPrintingWorker.REST + "\n";
    assertThat(cat(result.stdout())).isEqualTo(stdout);
    assertThat(sizes.get(LogStream.STDOUT)).isEqualTo(stdout.length());
    assertThat(closed).containsExactlyInAnyOrder(LogStream.values());
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  @Test
  void theWorkersLogsAreCutAtTheJobsCaps() {
    Limits d = Limits.DEFAULTS;
    Limits limits = new Limits(d.memoryBytes(), d.fuel(), WALL, d.outputBytes(), 8, 3, 1 << 20);

    JobResult result = runner(PrintingWorker.class.getName()).run(saxpy(16, limits), token());

    assertThat(cat(result.stdout())).isEqualTo(PrintingWorker.STDOUT.substring(0, 8));
    assertThat(cat(result.stderr())).isEqualTo(PrintingWorker.STDERR.substring(0, 3));
  }

  /**
   * Inputs and output files named outside ASCII are staged under ASCII names on the host (the JVM
   * names files in the host locale's encoding, so under {@code LANG=C} a name such as {@code café}
   * cannot be a file name at all) and keep their names in the output tree.
   */
  @Test
  void inputsAndOutputsNamedOutsideAsciiKeepTheirNamesWhateverTheHostLocale() {
    byte[] data = "données\n".getBytes(StandardCharsets.UTF_8);
    Cid in = GpuJobs.add(blocks, data);
    JobSpec spec =
        copyJob(
            Map.of("entrée ✓", in),
            new KernelArg.InputBuffer("entrée ✓"),
            new KernelArg.OutputBuffer("résultat 100%.bin", data.length),
            new KernelArg.OutputBuffer("plain", 2));

    JobResult result = runner(CopyingWorker.class.getName()).run(spec, token());

    assertThat(result.status()).isEqualTo(JobStatus.DONE);
    assertThat(cat(result.stderr()).lines().toList())
        .hasSize(3)
        .allSatisfy(file -> assertThat(file.chars()).allMatch(c -> c >= 0x20 && c < 0x7F));
    var exporter = new UnixFsExporter(blocks);
    try (Stream<DirEntry> entries = exporter.list(result.outputRoot(), false)) {
      assertThat(entries.map(DirEntry::name).toList())
          .containsExactly("plain", "résultat 100%.bin");
    }
    assertThat(cat(exporter.resolve(result.outputRoot(), "résultat 100%.bin")))
        .isEqualTo("données\n");
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  /** A name whose ASCII form on the host would be over 255 bytes is refused, named. */
  @Test
  void anOutputNameTooLongOnTheHostIsRefusedBeforeAnyWorkerStarts() {
    String name = "é".repeat(86);
    Cid in = GpuJobs.add(blocks, new byte[4]);
    JobSpec longName =
        copyJob(
            Map.of("x", in), new KernelArg.InputBuffer("x"), new KernelArg.OutputBuffer(name, 4));

    JobResult result = runner(CrashingWorker.class.getName()).run(longName, token());

    assertThat(result.status().label())
        .isEqualTo(
            "failed: output file '"
                + name
                + "' is named in 516 bytes on the host (%XX for each byte outside printable"
                + " ASCII); at most 255");
    assertThat(scratch.resolve("jobs")).isEmptyDirectory();
  }

  /** A one-thread job of kernel {@code copy} over these arguments. */
  private JobSpec copyJob(Map<String, Cid> inputs, KernelArg... args) {
    CudaLaunch launch = new CudaLaunch("copy", new Dim3(1, 1, 1), new Dim3(1, 1, 1), List.of(args));
    return new JobSpec(
        Engine.CUDA,
        ptx,
        null,
        launch,
        List.of(),
        Map.of(),
        inputs,
        GpuJobs.limits(WALL, 1 << 20),
        null);
  }

  @Test
  void onlyAFinalResultLineIsTakenOutOfTheLog() throws Exception {
    String reply = WorkerReply.done(1, "").line() + "\n";
    Path plain = Files.writeString(scratch.resolve("a"), "hello\n" + reply);
    assertThat(GpuRunner.jobStdout(plain, 1 << 20)).isEqualTo(6);
    Path noReply = Files.writeString(scratch.resolve("b"), "hello\nworld");
    assertThat(GpuRunner.jobStdout(noReply, 1 << 20)).isEqualTo(11);
    Path midLine = Files.writeString(scratch.resolve("c"), "say " + reply);
    assertThat(GpuRunner.jobStdout(midLine, 1 << 20)).isEqualTo(4 + reply.length());
    Path onlyReply = Files.writeString(scratch.resolve("d"), reply);
    assertThat(GpuRunner.jobStdout(onlyReply, 1 << 20)).isZero();
    assertThat(GpuRunner.jobStdout(plain, 2)).isEqualTo(2);
  }

  private String cat(Cid cid) {
    assertThat(cid).isNotNull();
    var out = new java.io.ByteArrayOutputStream();
    new io.cairn.storage.unixfs.UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void cancelKillsTheWorker() {
    CancellationToken cancel = token();
    Thread canceller =
        Thread.ofVirtual()
            .start(
                () -> {
                  try {
                    Thread.sleep(2000);
                  } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                  }
                  cancel.cancel();
                });
    Path pidFile = scratch.resolve("child.pid");
    JobResult result =
        runner(HangingWorker.class.getName(), "-Dcairn.test.pidfile=" + pidFile)
            .run(saxpy(16, GpuJobs.limits(Duration.ofHours(1), 1 << 20)), cancel);
    canceller.interrupt();
    assertThat(result.status().label()).isEqualTo("failed: cancelled");
  }

  @Test
  void buffersOverTheGpuMemoryCapAreRefusedBeforeAnyWorkerStarts() {
    // x and y: 4000 bytes each (the same input, counted per binding), out: 4000 bytes
    JobSpec spec = saxpy(1000, GpuJobs.limits(WALL, 11_999));

    // CrashingWorker would make the job "worker crashed": this status shows it never started
    JobResult result = runner(CrashingWorker.class.getName()).run(spec, token());

    assertThat(result.status().label())
        .isEqualTo(
            "failed: gpu-memory-limit: the kernel's buffers need 12000 bytes of GPU memory;"
                + " the job's cap is 11999");
  }

  @Test
  void workerChecksTheCapBeforeTouchingTheDriver() throws Exception {
    Path in = Files.write(scratch.resolve("in"), new byte[100]);
    WorkerRequest request =
        new WorkerRequest(
            scratch.resolve("m.ptx"),
            "k",
            new Dim3(1, 1, 1),
            new Dim3(1, 1, 1),
            List.of(
                new WorkerRequest.Scalar(ScalarType.I32, 1L),
                new WorkerRequest.Buffer(in, 100, false),
                new WorkerRequest.Buffer(scratch.resolve("out"), 50, true)),
            149);

    assertThat(GpuWorker.execute(request))
        .isEqualTo(WorkerReply.failed(GpuWorker.memoryLimit(150, 149)));
    assertThat(scratch.resolve("out")).doesNotExist();
  }

  @Test
  void outputsOverTheOutputLimitAreRefused() {
    Limits d = Limits.DEFAULTS;
    Limits limits =
        new Limits(
            d.memoryBytes(), d.fuel(), WALL, 3999, d.stdoutBytes(), d.stderrBytes(), 1 << 20);

    JobResult result = runner(CrashingWorker.class.getName()).run(saxpy(1000, limits), token());

    assertThat(result.status()).isEqualTo(JobStatus.OUTPUT_LIMIT);
  }

  @Test
  void missingInputBlockIsAFailedJob() {
    JobSpec spec = saxpy(16, GpuJobs.limits(WALL, 1 << 20));
    Cid absent = GpuJobs.add(BlockStores.memory(), new byte[] {1, 2, 3});
    JobSpec broken = GpuJobs.saxpy(ptx, absent, spec.inputs().get("y"), 16, 2f, spec.limits());

    JobResult result = runner(CrashingWorker.class.getName()).run(broken, token());

    assertThat(result.status().label())
        .startsWith("failed: missing block")
        .contains(absent.toString());
  }

  @Test
  void wasmSpecIsNotForThisEngine() {
    JobResult result = runner(CrashingWorker.class.getName()).run(JobSpec.wasm(ptx), token());

    assertThat(result.status().label())
        .isEqualTo("failed: the GPU engine runs cuda jobs, not wasm");
  }

  private static CancellationToken token() {
    return new CancellationToken();
  }
}
