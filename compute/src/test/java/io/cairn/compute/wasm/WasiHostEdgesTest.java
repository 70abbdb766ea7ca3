package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Host calls and memory at their edges, through hostcalls.wat (one case per letter, its errno as
 * the exit code) and the start-section modules: what node:wasi answers ({@link WasiReferenceIT}
 * checks the cases it can run against node itself), with no host allocation sized by the module.
 */
@Tag("compute")
class WasiHostEdgesTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);
  private static final int EEXIST = 20;
  private static final int EINVAL = 28;
  private static final int EISDIR = 31;
  private static final int ENAMETOOLONG = 37;
  private static final int ENOBUFS = 42;
  private static final int ENOTDIR = 54;
  private static final int ENOTEMPTY = 55;
  private static final int EOVERFLOW = 61;

  @TempDir Path scratch;

  private final FailingStore blocks = new FailingStore(BlockStores.memory());

  private WasmRunner runner() {
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch);
  }

  private Cid add(byte[] bytes) {
    return WasmFixtures.add(blocks, bytes);
  }

  private byte[] cat(Cid cid) {
    return WasmFixtures.cat(blocks, cid);
  }

  private WasmOutcome hostcalls(String letter, WasmLimits limits) {
    WasmJob job =
        WasmJob.command(
                WasmFixtures.bytes("hostcalls"),
                Map.of("in", add("some input\n".getBytes(StandardCharsets.UTF_8))),
                SEED)
            .withArgs(List.of("main", letter))
            .withLimits(limits);
    return runner().run(job);
  }

  private String status(String letter) {
    return hostcalls(letter, WasmLimits.defaults()).status().toString();
  }

  @Test
  void buffersPastTheMemoryAreEoverflowBeforeTheHostAllocatesThem() {
    // A read into 2 GiB, an iovec array of 2 GiB, 2 GiB of random bytes, a write from 2 GiB and
    // 40 iovecs of 4 GiB, each from a module of one page: node:wasi's EOVERFLOW, at once.
    for (String letter : List.of("r", "c", "g", "w", "b")) {
      long start = System.nanoTime();
      assertThat(status(letter)).as(letter).isEqualTo("exit " + EOVERFLOW);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).as(letter).isLessThan(seconds(5));
    }
  }

  @Test
  void aWriteOverTheStdoutCapEndsAtTheCapWithoutGatheringItsIovecs() {
    // 40 iovecs of the same 64 MiB: 2.5 GiB asked for, 1 MiB of stdout allowed.
    WasmOutcome outcome =
        hostcalls("B", WasmLimits.defaults().withStdoutBytes(1 << 20).withMemoryBytes(128L << 20));
    assertThat(outcome.status().toString()).isEqualTo("output-limit: stdout over 1048576 bytes");
    assertThat(cat(outcome.stdout())).hasSize(1 << 20);
  }

  /**
   * The documented deviation (see CappedMemory): a module's own load past memory.size but inside
   * the array Chicory grew by doubling reads the job's zeroed slack rather than trapping, the same
   * on every run; a host call's access there is EOVERFLOW (case w and the other buffer cases).
   */
  @Test
  void aLoadPastMemorySizeInsideTheGrownArrayDoesNotTrapAndIsTheSameEachTime() {
    WasmOutcome first = hostcalls("o", WasmLimits.defaults());
    WasmOutcome second = hostcalls("o", WasmLimits.defaults());
    assertThat(first.status().toString()).isEqualTo("done");
    assertThat(second.status().toString()).isEqualTo("done");
    assertThat(second.fuelUsed()).isEqualTo(first.fuelUsed());
  }

  @Test
  void callsAtTheirEdgesAnswerAsNodeWasiDoes() {
    assertThat(status("d")).as("readdir from cookie 2^64-1 uses 0 bytes").isEqualTo("done");
    WasmOutcome renumbered = hostcalls("n", WasmLimits.defaults());
    assertThat(renumbered.status().toString()).as("renumber onto itself").isEqualTo("done");
    assertThat(cat(renumbered.stdout())).isEqualTo("ok\n".getBytes(StandardCharsets.UTF_8));
    assertThat(status("s")).as("set_size 2^64-1").isEqualTo("exit " + EINVAL);
    assertThat(status("p")).as("pwrite at 2^63-2").isEqualTo("exit " + EINVAL);
    assertThat(status("l")).as("open a 299-byte name").isEqualTo("exit " + ENAMETOOLONG);
    assertThat(status("m")).as("mkdir a 299-byte name").isEqualTo("exit " + ENAMETOOLONG);
    assertThat(status("P")).as("poll nothing").isEqualTo("exit " + EINVAL);
    assertThat(status("K")).as("mkdir file/").isEqualTo("exit " + EEXIST);
    assertThat(status("q")).as("prestat of a file").isEqualTo("exit " + EINVAL);
    assertThat(status("Q")).as("prestat name into 1 byte").isEqualTo("exit " + ENOBUFS);
  }

  /**
   * A time and "now" for the same timestamp, or a flag WASI does not define, is EINVAL (as uvwasi,
   * and utimensat(2) with both), though the times themselves are not kept: checked before the
   * descriptor, as uvwasi does for {@code fd_filestat_set_times}.
   */
  @Test
  void setTimesRefusesContradictoryOrUndefinedFlags() {
    assertThat(status("t")).as("fd set_times ATIM|ATIM_NOW").isEqualTo("exit " + EINVAL);
    assertThat(status("u")).as("path set_times MTIM|MTIM_NOW").isEqualTo("exit " + EINVAL);
    assertThat(status("v")).as("fd set_times flag 16 on no descriptor").isEqualTo("exit " + EINVAL);
  }

  /**
   * fd_fdstat_get reports the fdflags a descriptor was opened with, as wasi-libc's fcntl(F_GETFL)
   * reads them (APPEND 1, DSYNC 2, NONBLOCK 4, RSYNC 8, SYNC 16); node:wasi passes on the host's
   * raw open flags there, so this one is not compared with it.
   */
  @Test
  void fdstatReportsTheFlagsTheDescriptorWasOpenedWith() {
    assertThat(status("f")).isEqualTo("exit 31");
  }

  /**
   * An fd_read or fd_write subscription fires at once, as WASI says a regular file always is: stdin
   * (at its end) with 0 bytes to read, stdout writable, an input file with the bytes from its
   * position to its end; a descriptor that does not exist is the event's EBADF. A clock 1 s away
   * has not elapsed when something else is ready (no time passes), as poll(2) returns before its
   * timeout. node:wasi fails the whole call with EPERM there (the host's epoll takes no regular
   * file), so this one is not compared with it.
   */
  @Test
  void pollOneoffFiresFdSubscriptionsAtOnceAndClocksOnlyWhenNothingElseIs() {
    // userdata, errno, type (1 fd_read, 2 fd_write), nbytes
    assertThat(events("y", 5))
        .containsExactly(
            List.of(1L, 0L, 1L, 0L),
            List.of(2L, 0L, 2L, 0L),
            List.of(3L, 0L, 1L, 11L),
            List.of(4L, 8L, 1L, 0L));
  }

  /** With nothing but clocks, every clock fires at once: the clock is fixed, nothing waits. */
  @Test
  void pollOneoffOfClocksOnlyFiresThemAll() {
    assertThat(events("z", 2)).containsExactly(List.of(1L, 0L, 0L, 0L), List.of(2L, 0L, 0L, 0L));
  }

  /** The events hostcalls.wat's poll case wrote to stdout after its {@code slots} event slots. */
  private List<List<Long>> events(String letter, int slots) {
    WasmOutcome outcome = hostcalls(letter, WasmLimits.defaults());
    assertThat(outcome.status().toString()).isEqualTo("done");
    ByteBuffer out = ByteBuffer.wrap(cat(outcome.stdout())).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(out.remaining()).isEqualTo(slots * 32 + 4);
    List<List<Long>> events = new java.util.ArrayList<>();
    for (int i = 0; i < out.getInt(slots * 32); i++) {
      int at = i * 32;
      assertThat(out.getShort(at + 24)).as("event " + i + " flags").isZero();
      events.add(
          List.of(
              out.getLong(at),
              (long) out.getShort(at + 8),
              (long) out.get(at + 10),
              out.getLong(at + 16)));
    }
    return events;
  }

  @Test
  void renameRefusesWhatRenameTwoRefuses() {
    assertThat(status("E")).as("file onto a directory").isEqualTo("exit " + EISDIR);
    assertThat(status("N")).as("directory onto a file").isEqualTo("exit " + ENOTDIR);
    assertThat(status("S")).as("file to nope/").isEqualTo("exit " + ENOTDIR);
    assertThat(status("T")).as("onto a non-empty directory").isEqualTo("exit " + ENOTEMPTY);
    assertThat(status("U")).as("directory into itself").isEqualTo("exit " + EINVAL);
    WasmOutcome replaced = hostcalls("F", WasmLimits.defaults());
    assertThat(replaced.status().toString()).as("file onto a file").isEqualTo("done");
    assertThat(new UnixFsExporter(blocks).list(replaced.outputRoot(), false).map(e -> e.name()))
        .containsExactly("o");
  }

  @Test
  void theStartFunctionRunsMeteredBeforeTheEntrypoint() {
    WasmOutcome outcome =
        runner().run(WasmJob.command(WasmFixtures.bytes("start"), Map.of(), SEED));
    assertThat(outcome.status().toString()).isEqualTo("done");
    assertThat(cat(outcome.stdout())).isEqualTo("start ran\n".getBytes(StandardCharsets.UTF_8));

    WasmJob looping =
        WasmJob.command(WasmFixtures.bytes("startloop"), Map.of(), SEED)
            .withLimits(
                WasmLimits.defaults().withFuel(1_000_000).withWallTime(Duration.ofMinutes(1)));
    WasmOutcome spent = runner().run(looping);
    assertThat(spent.status().toString())
        .isEqualTo("fuel-exhausted: the budget of 1000000 ran out");
    assertThat(spent.fuelUsed()).isEqualTo(1_000_000);
  }

  @Test
  void memoryPastWhatTheEngineCanGiveIsAMemoryLimit() {
    WasmLimits big = WasmLimits.defaults().withMemoryBytes(3_000_000_000L);
    WasmOutcome initial =
        runner().run(WasmJob.command(WasmFixtures.bytes("bigmem"), Map.of(), SEED).withLimits(big));
    assertThat(initial.status().toString())
        .isEqualTo(
            "memory-limit: the module starts with 40000 pages, over the engine's most of 32767"
                + " pages (2 GiB less 64 KiB)");
    assertThat(hostcalls("G", big).status().toString())
        .isEqualTo(
            "memory-limit: memory.grow to 40001 pages, over the engine's most of 32767 pages"
                + " (2 GiB less 64 KiB)");
  }

  @Test
  void anInputThatIsNoUnixFsIsRefusedByNameBeforeTheRun() {
    Block cbor = Block.create(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    blocks.put(cbor);
    WasmOutcome outcome =
        runner()
            .run(WasmJob.command(WasmFixtures.bytes("hello"), Map.of("data", cbor.cid()), SEED));
    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.INVALID_INPUT);
    assertThat(outcome.status().toString())
        .isEqualTo(
            "invalid-input: input 'data' ("
                + cbor.cid()
                + ") is not a UnixFS file or directory (it is OTHER)");
    assertThat(outcome.stdout()).isNotNull();
    assertThat(cat(outcome.stdout())).isEmpty();
  }

  @Test
  void aHostFailureEndsTheJobAsAHostErrorWithItsLogsKept() {
    byte[] data = new byte[1 << 20];
    new Random(3).nextBytes(data);
    Cid in = add(data);
    blocks.failing = new UnixFsExporter(blocks).list(in, false).findFirst().orElseThrow().cid();
    WasmOutcome outcome =
        runner().run(WasmJob.command(WasmFixtures.bytes("copy"), Map.of("in", in), SEED));
    assertThat(outcome.status().toString())
        .isEqualTo("host-error: IllegalStateException: the disk is on fire");
    assertThat(outcome.stdout()).isNotNull();
    assertThat(outcome.stderr()).isNotNull();
    assertThat(outcome.outputRoot()).isNull();
  }

  @Test
  void aCancelledJobIsWaitedForBeforeItsScratchIsRemoved() throws InterruptedException {
    byte[] data = new byte[1 << 20];
    new Random(5).nextBytes(data);
    Cid in = add(data);
    blocks.slow = new UnixFsExporter(blocks).list(in, false).findFirst().orElseThrow().cid();
    AtomicBoolean readEndedFirst = new AtomicBoolean();
    Thread caller =
        new Thread(
            () -> {
              try {
                runner().run(WasmJob.command(WasmFixtures.bytes("copy"), Map.of("in", in), SEED));
              } catch (RuntimeException e) {
                // Storing the logs may fail once interrupted: the engine reports "cancelled".
              } finally {
                readEndedFirst.set(blocks.slowDone);
              }
            });
    caller.start();
    assertThat(blocks.slowStarted.await(30, TimeUnit.SECONDS)).isTrue();
    caller.interrupt(); // as a cancel does
    caller.join(Duration.ofSeconds(30));
    assertThat(caller.isAlive()).isFalse();
    assertThat(readEndedFirst).as("the job's read ended before run returned").isTrue();
  }

  private static Duration seconds(long n) {
    return Duration.ofSeconds(n);
  }

  /** A store whose reads of one block fail as a broken disk would. */
  private static final class FailingStore extends ForwardingBlockStore {
    volatile Cid failing;

    FailingStore(BlockStore delegate) {
      super(delegate);
    }

    volatile Cid slow;
    volatile boolean slowDone;
    final CountDownLatch slowStarted = new CountDownLatch(1);

    @Override
    public Optional<byte[]> get(Cid cid) {
      if (cid.equals(failing)) {
        throw new IllegalStateException("the disk is on fire");
      }
      if (cid.equals(slow)) {
        slowStarted.countDown();
        sleepThroughInterrupts(Duration.ofSeconds(1));
        slowDone = true;
      }
      return super.get(cid);
    }

    /**
     * A read that does not stop when interrupted (its interrupt kept for later), as I/O may not.
     */
    private static void sleepThroughInterrupts(Duration d) {
      long end = System.nanoTime() + d.toNanos();
      boolean interrupted = false;
      while (System.nanoTime() < end) {
        try {
          Thread.sleep(Duration.ofNanos(Math.max(1, end - System.nanoTime())));
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
