package io.cairn.compute.gpu;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.Engine;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobStatus;
import io.cairn.compute.KernelArg;
import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.compute.wasm.ScratchNames;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.StorageException;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs CUDA jobs: fetches the PTX module and the input files by CID into a scratch directory,
 * starts a {@link GpuWorker} process for the kernel, kills it (and whatever it started) past the
 * job's wall time, and imports the output files as a UnixFS directory.
 *
 * <p>The node never loads the CUDA driver itself: a kernel that hangs or a driver that crashes
 * takes down the worker only, and the job ends {@code timeout} or {@code failed: worker crashed}.
 */
public final class GpuRunner implements JobEngine {
  /** The largest PTX module accepted. */
  public static final long MAX_PTX_BYTES = 64L * 1024 * 1024;

  /** How long the availability probe may take (starting a JVM and the driver). */
  static final Duration PROBE_TIME = Duration.ofSeconds(60);

  private static volatile GpuAvailability cachedAvailability;

  private final BlockStore blocks;
  private final ImportOptions importOptions;
  private final Path scratchRoot;
  private final WorkerLauncher launcher;

  /**
   * @param blocks where the module and inputs are read and the outputs stored
   * @param importOptions how outputs are imported (the node's default profile)
   * @param scratchRoot under which each job gets a scratch directory, deleted when it ends
   */
  public GpuRunner(BlockStore blocks, ImportOptions importOptions, Path scratchRoot) {
    this(blocks, importOptions, scratchRoot, WorkerLauncher.gpuWorker());
  }

  GpuRunner(
      BlockStore blocks, ImportOptions importOptions, Path scratchRoot, WorkerLauncher launcher) {
    this.blocks = Objects.requireNonNull(blocks, "blocks");
    this.importOptions = Objects.requireNonNull(importOptions, "importOptions");
    this.scratchRoot = Objects.requireNonNull(scratchRoot, "scratchRoot");
    this.launcher = Objects.requireNonNull(launcher, "launcher");
  }

  /**
   * Whether a GPU is usable here, found once by starting a worker that initialises the CUDA driver
   * and names device 0.
   */
  public static GpuAvailability available() {
    GpuAvailability known = cachedAvailability;
    if (known == null) {
      known = probe(WorkerLauncher.gpuWorker());
      cachedAvailability = known;
    }
    return known;
  }

  static GpuAvailability probe(WorkerLauncher launcher) {
    Path dir = null;
    try {
      dir = Files.createTempDirectory("cairn-gpu-probe-");
      Path out = dir.resolve("stdout");
      Path err = dir.resolve("stderr");
      Process process = launcher.start(List.of(GpuWorker.PROBE), out, err);
      process.getOutputStream().close();
      if (!process.waitFor(PROBE_TIME.toMillis(), TimeUnit.MILLISECONDS)) {
        WorkerLauncher.killTree(process);
        process.waitFor();
        return new GpuAvailability(
            false,
            GpuWorker.noGpu(
                "the GPU probe did not answer within " + PROBE_TIME.toSeconds() + " s"));
      }
      WorkerReply reply = WorkerReply.parse(Files.readString(out)).orElse(null);
      if (reply == null) {
        return new GpuAvailability(false, GpuWorker.noGpu(crashed(process.exitValue(), err)));
      }
      return new GpuAvailability(reply.done(), reply.detail());
    } catch (IOException e) {
      return new GpuAvailability(
          false, GpuWorker.noGpu("the GPU probe could not start: " + e.getMessage()));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new GpuAvailability(false, GpuWorker.noGpu("the GPU probe was interrupted"));
    } finally {
      if (dir != null) {
        deleteTree(dir);
      }
    }
  }

  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel) {
    return run(spec, cancel, LogTap.NONE);
  }

  /**
   * Runs the job, telling {@code logs} about the worker's standard output and error while it runs:
   * every {@link #LOG_POLL}, the complete lines written so far (never the worker's result line, and
   * never past the job's caps), so {@code job logs --follow} shows what the kernel printed as the
   * driver flushes it.
   */
  @Override
  public JobResult run(JobSpec spec, CancellationToken cancel, LogTap logs) {
    long start = System.nanoTime();
    if (spec.engine() != Engine.CUDA) {
      return JobResult.failed(
          "the GPU engine runs cuda jobs, not " + spec.engine().label(), elapsed(start));
    }
    Path scratch;
    try {
      Files.createDirectories(scratchRoot);
      scratch = Files.createTempDirectory(scratchRoot, "gpu-job-");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create a scratch directory under " + scratchRoot, e);
    }
    try {
      return runIn(spec, scratch, cancel, start, logs);
    } finally {
      deleteTree(scratch);
    }
  }

  private JobResult runIn(
      JobSpec spec, Path scratch, CancellationToken cancel, long start, LogTap logs) {
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    WorkerRequest request;
    try {
      request = stage(spec, scratch, exporter);
    } catch (Refused r) {
      return new JobResult(r.status, null, null, null, 0, elapsed(start), null, null, null);
    } catch (BlockNotFoundException e) {
      return JobResult.failed("missing block: " + e.getMessage(), elapsed(start));
    } catch (StorageException e) {
      return JobResult.failed("cannot read the job's blocks: " + e.getMessage(), elapsed(start));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job's files under " + scratch, e);
    }
    Path out = scratch.resolve("worker.stdout");
    Path err = scratch.resolve("worker.stderr");
    Process process;
    try {
      process = launcher.start(List.of(), out, err);
    } catch (IOException e) {
      return JobResult.failed("the GPU worker could not start: " + e.getMessage(), elapsed(start));
    }
    cancel.onCancel(() -> WorkerLauncher.killTree(process));
    long outCap = spec.limits().stdoutBytes();
    long errCap = spec.limits().stderrBytes();
    LiveLogs live = new LiveLogs(logs, out, err, outCap, errCap);
    Ended ended;
    Cid stdout;
    Cid stderr;
    try {
      ended = await(process, request, spec.limits().wallTime(), out, err);
      long outKept = jobStdout(out, outCap);
      live.finish(outKept, Math.min(size(err), errCap));
      if (cancel.isCancelled()) {
        return JobResult.failed("cancelled", elapsed(start));
      }
      stdout = importLog(out, outKept, scratch, "stdout");
      stderr = importLog(err, errCap, scratch, "stderr");
    } finally {
      live.close();
    }
    Duration wall = elapsed(start);
    return switch (ended) {
      case Ended.TimedOut t ->
          new JobResult(JobStatus.TIMEOUT, null, stdout, stderr, 0, wall, null, null, null);
      case Ended.Crashed c ->
          new JobResult(
              new JobStatus.Failed(c.reason()), null, stdout, stderr, 0, wall, null, null, null);
      case Ended.Replied r ->
          new JobResult(
              r.reply().done() ? JobStatus.DONE : new JobStatus.Failed(r.reply().detail()),
              r.reply().done() ? importOutputs(scratch.resolve("outputs")) : null,
              stdout,
              stderr,
              0,
              r.reply().done() ? elapsed(start) : wall,
              null,
              r.reply().gpuTimeNanos(),
              r.reply().energyMillijoules());
    };
  }

  /**
   * How many bytes of the worker's standard output are the job's: what the kernel printed, up to
   * {@code cap}, without the worker's result line, which it prints last.
   */
  static long jobStdout(Path workerStdout, long cap) {
    return stdoutEnd(workerStdout, cap, false);
  }

  /**
   * Where the worker's standard output ends in complete lines that are the job's, while it runs: as
   * {@link #jobStdout}, up to the last newline. Bytes after it may yet turn out to be the start of
   * the result line, so they wait.
   */
  static long completeLines(Path workerStdout, long cap) {
    return stdoutEnd(workerStdout, cap, true);
  }

  private static long stdoutEnd(Path workerStdout, long cap, boolean completeOnly) {
    try (FileChannel ch = FileChannel.open(workerStdout, StandardOpenOption.READ)) {
      long size = ch.size();
      long from = Math.max(0, size - TAIL_BYTES);
      ByteBuffer tail = ByteBuffer.allocate((int) (size - from));
      while (tail.hasRemaining() && ch.read(tail, from + tail.position()) >= 0) {
        // until the tail is in
      }
      byte[] t = tail.array();
      int end = t.length;
      if (completeOnly) {
        while (end > 0 && t[end - 1] != '\n') {
          end--;
        }
      }
      // The last line, skipping the newline that ends it.
      int i = end > 0 && t[end - 1] == '\n' ? end - 1 : end;
      while (i > 0 && t[i - 1] != '\n') {
        i--;
      }
      byte[] prefix = WorkerReply.PREFIX.getBytes(StandardCharsets.US_ASCII);
      boolean whole = i > 0 || from == 0;
      if (whole
          && end - i >= prefix.length
          && Arrays.equals(t, i, i + prefix.length, prefix, 0, prefix.length)) {
        end = i;
      }
      return Math.min(from + end, cap);
    } catch (IOException e) {
      return 0;
    }
  }

  /** Stores the first {@code keep} bytes of a worker's log file as a UnixFS file. */
  private Cid importLog(Path workerLog, long keep, Path scratch, String name) {
    Path log = scratch.resolve(name);
    try (FileChannel in = FileChannel.open(workerLog, StandardOpenOption.READ);
        FileChannel copy =
            FileChannel.open(log, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
      long limit = Math.min(keep, in.size());
      for (long done = 0; done < limit; ) {
        done += in.transferTo(done, limit - done, copy);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the GPU worker's " + name, e);
    }
    return new UnixFsImporter(blocks, importOptions)
        .importEntries(
            List.<ImportEntry>of(new ImportEntry.File(name, () -> Files.newInputStream(log)))
                .iterator(),
            ImportListener.NONE)
        .get(0)
        .cid();
  }

  /** How the worker process ended. */
  private sealed interface Ended {
    record TimedOut() implements Ended {}

    record Crashed(String reason) implements Ended {}

    record Replied(WorkerReply reply) implements Ended {}
  }

  private static Ended await(
      Process process, WorkerRequest request, Duration wallTime, Path out, Path err) {
    try {
      try (OutputStream stdin = process.getOutputStream()) {
        request.write(new DataOutputStream(new BufferedOutputStream(stdin)));
      } catch (IOException e) {
        // the worker died before reading its request: its exit status tells why
      }
      if (!process.waitFor(wallTime.toNanos(), TimeUnit.NANOSECONDS)) {
        WorkerLauncher.killTree(process);
        process.waitFor();
        return new Ended.TimedOut();
      }
    } catch (InterruptedException e) {
      WorkerLauncher.killTree(process);
      Thread.currentThread().interrupt();
      return new Ended.Crashed("interrupted while the GPU worker ran");
    }
    WorkerReply reply = WorkerReply.parse(readBounded(out)).orElse(null);
    if (process.exitValue() != 0 || reply == null) {
      return new Ended.Crashed(crashed(process.exitValue(), err));
    }
    return new Ended.Replied(reply);
  }

  private static String crashed(int exit, Path stderr) {
    String last = lastLine(readBounded(stderr));
    return "worker crashed (exit " + exit + ")" + (last.isEmpty() ? "" : ": " + last);
  }

  /** A job the node refuses before starting the worker. */
  private static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final transient JobStatus status;

    Refused(JobStatus status) {
      super(status.label(), null, false, false);
      this.status = status;
    }
  }

  /**
   * Checks the buffers against the limits, then writes the module and inputs under {@code scratch}
   * and returns the worker's request. Sizes are checked from the UnixFS roots before any input is
   * copied.
   */
  private WorkerRequest stage(JobSpec spec, Path scratch, UnixFsExporter exporter)
      throws IOException, Refused {
    UnixFsNode module = exporter.stat(spec.module());
    if (!module.kind().isFile()) {
      throw new Refused(new JobStatus.Failed("the module " + spec.module() + " is not a file"));
    }
    if (module.size() > MAX_PTX_BYTES) {
      throw new Refused(
          new JobStatus.Failed(
              "the PTX module has " + module.size() + " bytes; at most " + MAX_PTX_BYTES));
    }
    Path inputs = Files.createDirectory(scratch.resolve("inputs"));
    Path outputs = Files.createDirectory(scratch.resolve("outputs"));
    long need = 0;
    long outputBytes = 0;
    List<WorkerRequest.Arg> args = new ArrayList<>();
    Map<String, Long> inputSizes = new java.util.TreeMap<>();
    for (KernelArg arg : spec.cuda().args()) {
      switch (arg) {
        case KernelArg.Scalar s -> args.add(new WorkerRequest.Scalar(s.type(), s.value()));
        case KernelArg.InputBuffer in -> {
          checkHostName("input", in.input());
          long size = inputSizes.computeIfAbsent(in.input(), n -> inputSize(exporter, spec, n));
          if (size < 0) {
            throw new Refused(
                new JobStatus.Failed(
                    "input '" + in.input() + "' bound to a buffer is a directory, not a file"));
          }
          need = Math.addExact(need, size);
          args.add(new WorkerRequest.Buffer(hostFile(inputs, in.input()), size, false));
        }
        case KernelArg.OutputBuffer o -> {
          checkHostName("output file", o.file());
          need = Math.addExact(need, o.bytes());
          outputBytes = Math.addExact(outputBytes, o.bytes());
          args.add(new WorkerRequest.Buffer(hostFile(outputs, o.file()), o.bytes(), true));
        }
      }
    }
    long cap = spec.limits().gpuMemoryBytes();
    if (need > cap) {
      throw new Refused(new JobStatus.Failed(GpuWorker.memoryLimit(need, cap)));
    }
    if (outputBytes > spec.limits().outputBytes()) {
      throw new Refused(JobStatus.OUTPUT_LIMIT);
    }
    Path ptx = scratch.resolve("module.ptx");
    copy(exporter, spec.module(), ptx);
    for (String name : inputSizes.keySet()) {
      copy(exporter, spec.inputs().get(name), hostFile(inputs, name));
    }
    var launch = spec.cuda();
    return new WorkerRequest(ptx, launch.kernel(), launch.grid(), launch.block(), args, cap);
  }

  /**
   * The host file of an input or output named {@code name}: named in ASCII ({@link ScratchNames}),
   * since the JVM names files in the host locale's encoding and under {@code LANG=C} could not name
   * {@code café} at all.
   */
  private static Path hostFile(Path dir, String name) {
    return dir.resolve(ScratchNames.encode(name));
  }

  /** The host's limit on a file name, in bytes (Linux's NAME_MAX). */
  static final int HOST_NAME_MAX = 255;

  /**
   * Refuses a name whose ASCII form on the host ({@link ScratchNames}) is longer than a host file
   * name may be: each byte of UTF-8 outside printable ASCII takes three, so a name of more than
   * about 85 accented characters is too long.
   */
  private static void checkHostName(String what, String name) throws Refused {
    int length = ScratchNames.encode(name).length();
    if (length > HOST_NAME_MAX) {
      throw new Refused(
          new JobStatus.Failed(
              what
                  + " '"
                  + name
                  + "' is named in "
                  + length
                  + " bytes on the host (%XX for each byte outside printable ASCII); at most "
                  + HOST_NAME_MAX));
    }
  }

  /** The input's size in bytes, or -1 when it is a directory. */
  private static long inputSize(UnixFsExporter exporter, JobSpec spec, String name) {
    UnixFsNode node = exporter.stat(spec.inputs().get(name));
    return node.kind().isFile() ? node.size() : -1;
  }

  private static void copy(UnixFsExporter exporter, Cid cid, Path target) throws IOException {
    try (OutputStream out = Files.newOutputStream(target)) {
      exporter.cat(cid, 0, -1, out);
    }
  }

  /**
   * The output files as a UnixFS directory named {@code outputs}, entries in byte order of the
   * job's names (decoded from the host's, {@link ScratchNames}).
   */
  private Cid importOutputs(Path outputs) {
    List<ImportEntry> entries = new ArrayList<>();
    entries.add(new ImportEntry.Directory("outputs"));
    try (Stream<Path> files = Files.list(outputs)) {
      files
          .map(p -> ScratchNames.decode(p.getFileName().toString()))
          .sorted(
              (a, b) ->
                  java.util.Arrays.compareUnsigned(
                      a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)))
          .forEach(
              name ->
                  entries.add(
                      new ImportEntry.File(
                          "outputs/" + name, () -> Files.newInputStream(hostFile(outputs, name)))));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the job's outputs in " + outputs, e);
    }
    return new UnixFsImporter(blocks, importOptions)
        .importEntries(entries.iterator(), ImportListener.NONE)
        .get(0)
        .cid();
  }

  private static final int TAIL_BYTES = 64 * 1024;

  /** The last 64 KiB of a worker's output file, as text. */
  private static String readBounded(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      long size = Files.size(file);
      in.skipNBytes(Math.max(0, size - TAIL_BYTES));
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      return "";
    }
  }

  private static String lastLine(String text) {
    List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
    return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
  }

  private static Duration elapsed(long start) {
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the scratch directory " + root, e);
    }
  }

  /** How often a running worker's logs are looked at for new complete lines. */
  static final Duration LOG_POLL = Duration.ofMillis(100);

  private static long size(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      return 0;
    }
  }

  /**
   * Tells a {@link LogTap} how far the worker's logs have grown while it runs, from a daemon
   * thread; sizes only grow, and the last ones are those the job's result keeps.
   */
  private static final class LiveLogs implements AutoCloseable {
    private final LogTap tap;
    private final Path out;
    private final Path err;
    private final long outCap;
    private final long errCap;
    private final ScheduledExecutorService poller;
    private long outSize;
    private long errSize;

    LiveLogs(LogTap tap, Path out, Path err, long outCap, long errCap) {
      this.tap = tap;
      this.out = out;
      this.err = err;
      this.outCap = outCap;
      this.errCap = errCap;
      tap.opened(LogStream.STDOUT, out);
      tap.opened(LogStream.STDERR, err);
      this.poller =
          Executors.newSingleThreadScheduledExecutor(
              Thread.ofPlatform().daemon().name("gpu-logs").factory());
      long ms = LOG_POLL.toMillis();
      poller.scheduleWithFixedDelay(this::poll, ms, ms, TimeUnit.MILLISECONDS);
    }

    private void poll() {
      report(completeLines(out, outCap), Math.min(size(err), errCap));
    }

    private synchronized void report(long outBytes, long errBytes) {
      if (outBytes > outSize) {
        outSize = outBytes;
        tap.wrote(LogStream.STDOUT, outBytes);
      }
      if (errBytes > errSize) {
        errSize = errBytes;
        tap.wrote(LogStream.STDERR, errBytes);
      }
    }

    /** The final sizes, once the worker has ended. */
    void finish(long outBytes, long errBytes) {
      stopPolling();
      report(outBytes, errBytes);
    }

    private void stopPolling() {
      poller.shutdownNow();
      try {
        poller.awaitTermination(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      stopPolling();
      tap.closed(LogStream.STDOUT);
      tap.closed(LogStream.STDERR);
    }
  }
}
