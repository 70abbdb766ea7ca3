package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class WasmRunnerTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);

  @TempDir Path scratch;

  private final CountingStore blocks = new CountingStore(BlockStores.memory());

  private WasmRunner runner() {
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch);
  }

  private static byte[] module(String name) {
    return WasmFixtures.bytes(name);
  }

  private Cid add(byte[] bytes) {
    return WasmFixtures.add(blocks, bytes);
  }

  private byte[] cat(Cid cid) {
    return WasmFixtures.cat(blocks, cid);
  }

  private WasmOutcome run(String module, Map<String, Cid> inputs, String... args) {
    List<String> argv = Stream.concat(Stream.of("main"), Stream.of(args)).toList();
    return runner().run(WasmJob.command(module(module), inputs, SEED).withArgs(argv));
  }

  @Test
  void helloGoesToStdout() {
    WasmOutcome outcome = run("hello", Map.of());
    assertThat(outcome.status().toString()).isEqualTo("done");
    assertThat(cat(outcome.stdout())).isEqualTo("hello\n".getBytes(StandardCharsets.UTF_8));
    assertThat(cat(outcome.stderr())).isEmpty();
  }

  @Test
  void readsAnInputAndWritesAnOutputWhoseCidIsTheImportOfItsBytes() {
    byte[] data = "some input bytes".getBytes(StandardCharsets.UTF_8);
    WasmOutcome outcome = run("copy", Map.of("in", add(data)));
    assertThat(outcome.status().toString()).isEqualTo("done");
    Cid out = new UnixFsExporter(blocks).resolve(outcome.outputRoot(), "out");
    assertThat(out).isEqualTo(add(data));
    assertThat(cat(out)).isEqualTo(data);
  }

  @Test
  void sameJobTwiceGivesTheSameOutputCid() {
    Cid in = add("determinism".getBytes(StandardCharsets.UTF_8));
    WasmOutcome first = run("copy", Map.of("in", in));
    WasmOutcome second = run("copy", Map.of("in", in));
    assertThat(first.outputRoot()).isNotNull().isEqualTo(second.outputRoot());
  }

  @Test
  void randomBytesComeFromTheSeedAndTheClockIsFixed() {
    byte[] first = cat(run("random", Map.of()).stdout());
    byte[] second = cat(run("random", Map.of()).stdout());
    assertThat(first).hasSize(40).isEqualTo(second);
    byte[] expected = new byte[32];
    new SeededRandom(SEED).nextBytes(expected);
    assertThat(java.util.Arrays.copyOf(first, 32)).isEqualTo(expected);
    assertThat(java.util.Arrays.copyOfRange(first, 32, 40)).isEqualTo(new byte[8]);
    byte[] otherSeed =
        cat(runner().run(WasmJob.command(module("random"), Map.of(), new byte[] {1})).stdout());
    assertThat(java.util.Arrays.copyOf(otherSeed, 32)).isNotEqualTo(expected);
  }

  @Test
  void infiniteLoopTimesOut() {
    WasmJob job =
        WasmJob.command(module("loop"), Map.of(), SEED)
            .withLimits(WasmLimits.defaults().withWallTime(Duration.ofMillis(300)));
    WasmOutcome outcome = runner().run(job);
    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.TIMEOUT);
    assertThat(outcome.outputRoot()).isNull();
    assertThat(run("hello", Map.of()).status().toString()).isEqualTo("done");
  }

  @Test
  void infiniteLoopWithAFuelLimitIsFuelExhaustedNotATimeout() {
    WasmJob job =
        WasmJob.command(module("loop"), Map.of(), SEED)
            .withLimits(
                WasmLimits.defaults().withFuel(5_000_000).withWallTime(Duration.ofMinutes(2)));
    WasmOutcome outcome = runner().run(job);
    assertThat(outcome.status().toString())
        .isEqualTo("fuel-exhausted: the budget of 5000000 ran out");
    assertThat(outcome.fuelUsed()).isEqualTo(5_000_000);
    assertThat(outcome.outputRoot()).isNull();
    assertThat(run("hello", Map.of()).status().toString()).isEqualTo("done");
  }

  @Test
  void fuelIsTheStaticCountOfTheBlocksEnteredAndLinearInIterations() {
    // count.wat: 8 instructions before the loop, 5 per iteration, 2 after it; argc iterations.
    for (int n : new int[] {1, 2, 10, 1000}) {
      String[] extra = new String[n - 1];
      java.util.Arrays.fill(extra, "x");
      WasmOutcome outcome = run("count", Map.of(), extra);
      assertThat(outcome.status().toString()).isEqualTo("done");
      assertThat(outcome.fuelUsed()).as("n = %d", n).isEqualTo(10 + 5L * n);
    }
  }

  @Test
  void aPreparedModuleServesEveryBudgetWithTheSameFuelCounts() {
    WasmJob job = WasmJob.command(module("count"), Map.of(), SEED).withArgs(List.of("a", "b"));
    WasmOutcome first = runner().run(job.withLimits(WasmLimits.defaults().withFuel(1_000)));
    // The second run takes the module prepared by the first; its budget is its own.
    WasmOutcome unlimited = runner().run(job);
    WasmOutcome tight = runner().run(job.withLimits(WasmLimits.defaults().withFuel(10)));
    assertThat(first.status().kind()).isEqualTo(WasmOutcome.Kind.DONE);
    assertThat(unlimited.status().kind()).isEqualTo(WasmOutcome.Kind.DONE);
    assertThat(unlimited.fuelUsed()).isEqualTo(first.fuelUsed());
    assertThat(tight.status().kind()).isEqualTo(WasmOutcome.Kind.FUEL_EXHAUSTED);
    assertThat(tight.fuelUsed()).isEqualTo(10);
  }

  @Test
  void aBudgetOfExactlyTheFuelNeededIsEnoughAndOneLessIsNot() {
    WasmJob job = WasmJob.command(module("count"), Map.of(), SEED).withArgs(List.of("a", "b", "c"));
    WasmOutcome exact = runner().run(job.withLimits(WasmLimits.defaults().withFuel(25)));
    assertThat(exact.status().toString()).isEqualTo("done");
    assertThat(exact.fuelUsed()).isEqualTo(25);
    WasmOutcome short1 = runner().run(job.withLimits(WasmLimits.defaults().withFuel(24)));
    assertThat(short1.status().kind()).isEqualTo(WasmOutcome.Kind.FUEL_EXHAUSTED);
    assertThat(short1.fuelUsed()).isEqualTo(24);
  }

  @Test
  void sameModuleTwiceUsesTheSameFuel() {
    Cid in = add(randomBytes(100_000, 5));
    WasmOutcome first = run("copy", Map.of("in", in), "1234");
    WasmOutcome second = run("copy", Map.of("in", in), "1234");
    assertThat(first.fuelUsed()).isPositive().isEqualTo(second.fuelUsed());
    assertThat(run("calls", Map.of()).fuelUsed()).isEqualTo(run("calls", Map.of()).fuelUsed());
  }

  @Test
  void callsIndirectCallsGlobalsAndExportsWorkWhenMetered() {
    WasmOutcome outcome = run("calls", Map.of());
    assertThat(outcome.status().toString()).isEqualTo("done");
    assertThat(new String(cat(outcome.stdout()), StandardCharsets.UTF_8))
        .isEqualTo("fib(20)=6765 calls=21891 g=7\n");
    // fib's calls alone are tens of thousands of blocks: far above the fixed part.
    assertThat(outcome.fuelUsed()).isGreaterThan(21891L * 10);
  }

  @Test
  void meteredAndUnmeteredRunsGiveTheSameOutputs() {
    WasmRunner unmetered = new WasmRunner(blocks, ImportOptions.defaults(), scratch, false);
    Map<String, Cid> inputs = Map.of("in", add(randomBytes(70_000, 9)));
    // Every fixture but loop.wat, which never ends unmetered.
    for (String name :
        List.of(
            "hello",
            "copy",
            "random",
            "grow",
            "trap",
            "openpath",
            "badimport",
            "count",
            "calls",
            "bomb")) {
      WasmJob job =
          WasmJob.command(module(name), inputs, SEED)
              .withArgs(List.of("main", "in"))
              .withLimits(WasmLimits.defaults().withStdoutBytes(100_000));
      WasmOutcome metered = runner().run(job);
      WasmOutcome plain = unmetered.run(job);
      assertThat(metered.status()).as(name).isEqualTo(plain.status());
      assertThat(metered.outputRoot()).as(name).isEqualTo(plain.outputRoot());
      assertThat(metered.stdout()).as(name).isEqualTo(plain.stdout());
      assertThat(metered.stderr()).as(name).isEqualTo(plain.stderr());
      assertThat(plain.fuelUsed()).as(name).isEqualTo(-1);
      if (name.equals("badimport")) {
        assertThat(metered.fuelUsed()).as(name).isEqualTo(-1);
      } else {
        assertThat(metered.fuelUsed()).as(name).isPositive();
      }
    }
  }

  @Test
  void growingPastTheCapIsAMemoryLimit() {
    WasmJob job =
        WasmJob.command(module("grow"), Map.of(), SEED)
            .withLimits(WasmLimits.defaults().withMemoryBytes(4L << 20));
    WasmOutcome outcome = runner().run(job);
    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.MEMORY_LIMIT);
    assertThat(outcome.status().toString()).contains("101 pages").contains("cap of 64");
    assertThat(run("grow", Map.of()).status().toString()).isEqualTo("done");
  }

  @Test
  void stdoutBombIsAnOutputLimitAndKeepsTheCappedBytes() {
    WasmJob job =
        WasmJob.command(module("bomb"), Map.of(), SEED)
            .withLimits(WasmLimits.defaults().withStdoutBytes(10_000));
    WasmOutcome outcome = runner().run(job);
    assertThat(outcome.status().toString()).isEqualTo("output-limit: stdout over 10000 bytes");
    assertThat(cat(outcome.stdout())).hasSize(10_000);
  }

  @Test
  void outputsOverTheCapAreAnOutputLimitAndDiscarded() {
    WasmJob job =
        WasmJob.command(module("copy"), Map.of("in", add(new byte[5000])), SEED)
            .withLimits(WasmLimits.defaults().withOutputBytes(4000));
    WasmOutcome outcome = runner().run(job);
    assertThat(outcome.status().toString()).isEqualTo("output-limit: /outputs over 4000 bytes");
    assertThat(outcome.outputRoot()).isNull();
  }

  @Test
  void unreachableIsATrap() {
    WasmOutcome outcome = run("trap", Map.of());
    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.TRAP);
    assertThat(outcome.status().toString()).startsWith("trap: ").contains("unreachable");
  }

  @Test
  void pathEscapesAreRefused() {
    Map<String, Cid> inputs = Map.of("in", add(new byte[] {1}));
    for (String path : List.of("../x", "in/../../x", "/etc/passwd", "/inputs/in")) {
      assertThat(run("openpath", inputs, path).status().toString())
          .as(path)
          .isEqualTo("exit " + WasiErrno.ENOTCAPABLE);
    }
    assertThat(run("openpath", inputs, "in").status().toString()).isEqualTo("done");
    assertThat(run("openpath", inputs, "nope").status().toString())
        .isEqualTo("exit " + WasiErrno.ENOENT);
  }

  @Test
  void aMissingInputBlockEndsTheJobNamingTheBlock() {
    Cid in = add(randomBytes(1 << 20, 7));
    Cid firstLeaf = new UnixFsExporter(blocks).list(in, false).findFirst().orElseThrow().cid();
    assertThat(blocks.delete(firstLeaf)).isTrue();
    WasmOutcome outcome = run("copy", Map.of("in", in));
    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.MISSING_BLOCK);
    assertThat(outcome.status().toString()).contains(firstLeaf.toString());
    assertThat(outcome.outputRoot()).isNull();
  }

  @Test
  void bytesThatAreNoWebAssemblyBinaryAreNamedSo() {
    assertThat(WasmRunner.notWasm("root:x:0:0".getBytes(StandardCharsets.UTF_8)))
        .hasValue(
            "the module is not a WebAssembly binary: it starts with 726f6f74, not 0061736d"
                + " ('\\0asm')");
    assertThat(WasmRunner.notWasm("(module (func))".getBytes(StandardCharsets.UTF_8)).orElseThrow())
        .endsWith(
            "it looks like the text format (.wat); compile it to a binary, e.g. with wat2wasm");
    assertThat(WasmRunner.notWasm(new byte[0]).orElseThrow())
        .contains("it starts with nothing (it is empty)");
    assertThat(WasmRunner.notWasm(new byte[] {0, 'a', 's', 'm', 2, 0, 0, 0}))
        .hasValue(
            "the module is WebAssembly binary version 02000000 (little-endian); Cairn runs"
                + " version 1 (01000000)");
    assertThat(WasmRunner.notWasm(new byte[] {0, 'a', 's', 'm', 1}))
        .hasValue("the module ends after 5 bytes, inside its 8-byte header");
    assertThat(WasmRunner.notWasm(module("hello"))).isEmpty();
    // A job given such bytes ends with that message.
    WasmOutcome outcome =
        runner()
            .run(
                WasmJob.command("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), Map.of(), SEED)
                    .withArgs(List.of("main")));
    assertThat(outcome.status().toString())
        .isEqualTo(
            "invalid-module: the module is not a WebAssembly binary: it starts with 23212f62, not"
                + " 0061736d ('\\0asm')");
  }

  @Test
  void anImportWasiDoesNotProvideIsRefusedByName() {
    WasmOutcome outcome = run("badimport", Map.of());
    assertThat(outcome.status().toString())
        .isEqualTo(
            "invalid-module: the module imports wasi_snapshot_preview1.sock_open, which WASI"
                + " preview 1 does not provide");
  }

  @Test
  void aReadAtAnOffsetFetchesOnlyTheLeavesItNeeds() {
    byte[] data = randomBytes(8 << 20, 3); // 32 leaves of 256 KiB
    Cid in = add(data);
    long offset = (5L << 20) + 1000; // inside one leaf; the 64 KiB read stays in it
    List<Cid> leaves = new UnixFsExporter(blocks).list(in, false).map(e -> e.cid()).toList();
    assertThat(leaves).hasSize(32);
    blocks.fetched.clear();
    WasmOutcome outcome = run("copy", Map.of("in", in), Long.toString(offset));
    List<Cid> leavesFetched = leaves.stream().filter(blocks.fetched::contains).toList();
    assertThat(outcome.status().toString()).isEqualTo("done");
    byte[] out = cat(new UnixFsExporter(blocks).resolve(outcome.outputRoot(), "out"));
    assertThat(out)
        .isEqualTo(java.util.Arrays.copyOfRange(data, (int) offset, (int) offset + 65536));
    // Of the file's 32 leaves, only the one holding the range (leaf 20) was read.
    assertThat(leavesFetched).containsExactly(leaves.get(20));
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }

  /** A block store that counts reads. */
  static final class CountingStore extends ForwardingBlockStore {
    final Set<Cid> fetched = ConcurrentHashMap.newKeySet();

    CountingStore(BlockStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      fetched.add(cid);
      return super.get(cid);
    }
  }
}
