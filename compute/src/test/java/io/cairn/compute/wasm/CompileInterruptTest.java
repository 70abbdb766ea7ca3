package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.dylibso.chicory.compiler.InterpreterFallback;
import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.cairn.storage.BlockStores;
import io.cairn.storage.unixfs.ImportOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Compiling a module to JVM classes stops when its job's time runs out. Chicory's compiler does not
 * look at interrupts, and a function whose bytecode is over the JVM's 64 KiB method limit makes it
 * start over with that function left to the interpreter: a module of many such functions compiles
 * for a time that grows with their number squared (60 of them, 600 KB of code: about 50 s here, one
 * pass over it 2 to 9 s).
 */
class CompileInterruptTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);

  /** Calls to function 0 that make a function's bytecode too large for one JVM method. */
  private static final int CALLS = 5_000;

  @TempDir Path scratch;

  @Test
  void aTimedOutJobStopsCompilingItsModule() throws InterruptedException {
    byte[] module = calls(80, CALLS);
    assumeThat(CompileBudget.estimate(module))
        .as("this JVM's heap allows compiling the module")
        .isLessThanOrEqualTo(CompileBudget.ofHeap().capacityBytes());
    Duration pass = onePass(module);
    Set<Thread> before = jobThreads();

    WasmOutcome outcome =
        new WasmRunner(BlockStores.memory(), ImportOptions.defaults(), scratch)
            .run(
                WasmJob.command(module, Map.of(), SEED)
                    .withArgs(List.of("main"))
                    .withLimits(WasmLimits.defaults().withWallTime(Duration.ofMillis(500))));

    assertThat(outcome.status().kind()).isEqualTo(WasmOutcome.Kind.TIMEOUT);
    // The job's thread may finish the pass it was in; it must not go on to compile the module up
    // to 80 more times. Passes take from 1 to 20 s on a loaded machine: the wait is three times
    // what one took here.
    Duration wait = pass.multipliedBy(3).plusSeconds(5);
    Set<Thread> started = jobThreads();
    started.removeAll(before);
    for (Thread t : started) {
      t.join(wait);
    }
    assertThat(started.stream().filter(Thread::isAlive))
        .as("job threads still compiling %s after their job ended", wait)
        .isEmpty();
  }

  @Test
  void functionsTooLargeForAJvmMethodRunInTheInterpreterWithTheSameFuel() {
    byte[] module = calls(3, CALLS);
    WasmJob job =
        WasmJob.command(module, Map.of(), SEED)
            .withArgs(List.of("main"))
            .withLimits(WasmLimits.defaults().withWallTime(Duration.ofMinutes(2)));

    WasmOutcome compiled =
        new WasmRunner(BlockStores.memory(), ImportOptions.defaults(), scratch).run(job);
    WasmOutcome interpreted =
        new WasmRunner(BlockStores.memory(), ImportOptions.defaults(), scratch, true, false)
            .run(job);

    assertThat(compiled.status().kind()).isEqualTo(WasmOutcome.Kind.DONE);
    assertThat(interpreted.status().kind()).isEqualTo(WasmOutcome.Kind.DONE);
    assertThat(compiled.fuelUsed()).isEqualTo(interpreted.fuelUsed()).isGreaterThan(CALLS);
  }

  /** How long Chicory takes here for one pass over the module as the runner prepares it. */
  private static Duration onePass(byte[] bytes) {
    WasmModule metered = Parser.parse(FuelMeter.instrument(bytes, Parser.parse(bytes), 0).bytes());
    long start = System.nanoTime();
    assertThatThrownBy(
            () ->
                MachineFactoryCompiler.builder(metered)
                    .withInterpreterFallback(InterpreterFallback.FAIL)
                    .compile())
        .satisfies(e -> assertThat(PassCompiler.tooLargeFunction(e)).isEqualTo(1));
    return Duration.ofNanos(System.nanoTime() - start);
  }

  private static Set<Thread> jobThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().equals("wasm-job") && t.isAlive())
        .collect(Collectors.toSet());
  }

  /**
   * A module of {@code k + 1} functions {@code () -> ()}: function 0 is empty, functions 1 to k
   * call it {@code n} times each, and function 1 is exported as {@code _start}.
   */
  static byte[] calls(int k, int n) {
    ByteArrayOutputStream m = new ByteArrayOutputStream();
    m.writeBytes(new byte[] {0, 'a', 's', 'm', 1, 0, 0, 0});
    CompileBudgetTest.section(m, 1, new byte[] {1, 0x60, 0, 0});
    ByteArrayOutputStream f = new ByteArrayOutputStream();
    CompileBudgetTest.leb(f, k + 1);
    f.writeBytes(new byte[k + 1]);
    CompileBudgetTest.section(m, 3, f.toByteArray());
    ByteArrayOutputStream e = new ByteArrayOutputStream();
    e.writeBytes(new byte[] {1, 6});
    e.writeBytes("_start".getBytes(StandardCharsets.US_ASCII));
    e.writeBytes(new byte[] {0, 1});
    CompileBudgetTest.section(m, 7, e.toByteArray());
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(0); // no locals
    for (int i = 0; i < n; i++) {
      body.writeBytes(new byte[] {0x10, 0}); // call 0
    }
    body.write(0x0b);
    byte[] b = body.toByteArray();
    ByteArrayOutputStream c = new ByteArrayOutputStream();
    CompileBudgetTest.leb(c, k + 1);
    c.writeBytes(new byte[] {2, 0, 0x0b}); // function 0: no locals, end
    for (int i = 0; i < k; i++) {
      CompileBudgetTest.leb(c, b.length);
      c.writeBytes(b);
    }
    CompileBudgetTest.section(m, 10, c.toByteArray());
    return m.toByteArray();
  }
}
