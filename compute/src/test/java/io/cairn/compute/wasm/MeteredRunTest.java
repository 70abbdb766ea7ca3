package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Fuel as jobs see it, with the count kept in each function's local (see {@link FuelMeter}). */
@Tag("compute")
class MeteredRunTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);

  @TempDir Path scratch;

  private final BlockStore blocks = BlockStores.memory();

  private WasmOutcome run(String module, long fuel, boolean compiled) {
    WasmJob job =
        WasmJob.command(WasmFixtures.bytes(module), Map.of(), SEED)
            .withArgs(List.of("main"))
            .withLimits(WasmLimits.defaults().withFuel(fuel));
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch, true, compiled).run(job);
  }

  private byte[] stdout(WasmOutcome outcome) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(outcome.stdout(), 0, -1, out);
    return out.toByteArray();
  }

  @Test
  void aRunThatSpendsItsBudgetAfterItsLastCheckEndsFuelExhaustedAtItsExit() {
    // blocks.wat uses 20; with 19 the count goes below zero in _start's last segment, which holds
    // no check: the write-back at its end tells.
    WasmOutcome exact = run("blocks", 20, true);
    assertThat(exact.status().toString()).isEqualTo("done");
    assertThat(exact.fuelUsed()).isEqualTo(20);
    WasmOutcome short1 = run("blocks", 19, true);
    assertThat(short1.status().toString()).isEqualTo("fuel-exhausted: the budget of 19 ran out");
    assertThat(short1.fuelUsed()).isEqualTo(19);
  }

  @Test
  void theBudgetRunsOutAnywhereInCalleesTheSameWayCompiledAndInterpreted() {
    WasmOutcome full = run("calls", 0, true); // 0: no limit
    assertThat(full.status().toString()).isEqualTo("done");
    long needed = full.fuelUsed();
    assertThat(run("calls", 0, false).fuelUsed()).isEqualTo(needed);
    assertThat(stdout(full))
        .isEqualTo("fib(20)=6765 calls=21891 g=7\n".getBytes(StandardCharsets.UTF_8));
    for (long budget = 1; budget < needed; budget += needed / 23 + 1) {
      WasmOutcome compiled = run("calls", budget, true);
      assertThat(compiled.status().kind())
          .as("budget %d", budget)
          .isEqualTo(WasmOutcome.Kind.FUEL_EXHAUSTED);
      assertThat(compiled.fuelUsed()).as("budget %d", budget).isEqualTo(budget);
      // fd_write, the only output, is a host call: it never runs with the budget spent.
      assertThat(stdout(compiled)).as("budget %d", budget).isEmpty();
    }
    for (long budget : new long[] {needed - 1, needed / 2}) {
      WasmOutcome interpreted = run("calls", budget, false);
      assertThat(interpreted.status().kind()).isEqualTo(WasmOutcome.Kind.FUEL_EXHAUSTED);
      assertThat(interpreted.fuelUsed()).isEqualTo(budget);
      assertThat(stdout(interpreted)).isEmpty();
    }
    assertThat(run("calls", needed, true).status().toString()).isEqualTo("done");
  }
}
