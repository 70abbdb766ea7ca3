package io.cairn.compute.wasm;

import com.dylibso.chicory.compiler.MachineFactoryCompiler;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.ImportOptions;
import java.nio.file.Path;

/** The runner's modes the benchmark compares, open to {@code io.cairn.compute.bench}. */
public final class BenchRunners {
  /** How a runner executes a module. */
  public enum Mode {
    COMPILED_FUEL("Chicory compiled, fuel", true, true),
    COMPILED("Chicory compiled, no fuel", false, true),
    INTERPRETED_FUEL("Chicory interpreted, fuel", true, false);

    public final String label;
    final boolean meterFuel;
    final boolean compiled;

    Mode(String label, boolean meterFuel, boolean compiled) {
      this.label = label;
      this.meterFuel = meterFuel;
      this.compiled = compiled;
    }
  }

  private BenchRunners() {}

  public static WasmRunner runner(BlockStore blocks, Path scratch, Mode mode) {
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch, mode.meterFuel, mode.compiled);
  }

  /**
   * Nanoseconds to get a module ready as a job does before it runs: parse it, instrument it when
   * metered, parse that, and compile it to JVM bytecode when compiled.
   */
  public static long prepareNanos(byte[] bytes, Mode mode) {
    long start = System.nanoTime();
    WasmModule module = Parser.parse(bytes);
    if (mode.meterFuel) {
      module = Parser.parse(FuelMeter.instrument(bytes, module, Long.MAX_VALUE).bytes());
    }
    if (mode.compiled) {
      MachineFactoryCompiler.compile(module);
    }
    return System.nanoTime() - start;
  }
}
