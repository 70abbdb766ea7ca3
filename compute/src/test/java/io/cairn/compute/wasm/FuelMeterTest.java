package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.TrapException;
import com.dylibso.chicory.wasm.Parser;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.types.Export;
import com.dylibso.chicory.wasm.types.OpCode;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("compute")
class FuelMeterTest {
  private static final List<String> FIXTURES =
      List.of(
          "badimport",
          "blocks",
          "bomb",
          "calls",
          "copy",
          "count",
          "grow",
          "hello",
          "loop",
          "openpath",
          "random",
          "trap");

  private static byte[] module(String name) {
    return WasmFixtures.bytes(name);
  }

  private static FuelMeter.Metered instrument(String name, long budget) {
    byte[] bytes = module(name);
    return FuelMeter.instrument(bytes, Parser.parse(bytes), budget);
  }

  @Test
  void everyFixtureStillValidatesAndKeepsItsIndexesAfterInstrumenting() {
    for (String name : FIXTURES) {
      WasmModule before = Parser.parse(module(name));
      WasmModule after = Parser.parse(instrument(name, 1000).bytes()); // validates the bodies
      assertThat(after.importSection()).as(name).isEqualTo(before.importSection());
      assertThat(after.functionSection()).as(name).isEqualTo(before.functionSection());
      assertThat(after.elementSection()).as(name).isEqualTo(before.elementSection());
      assertThat(after.startSection()).as(name).isEqualTo(before.startSection());
      assertThat(exports(after)).as(name).isEqualTo(exports(before));
      int globals = before.globalSection().globalCount();
      assertThat(after.globalSection().globalCount()).as(name).isEqualTo(globals + 1);
      IntStream.range(0, globals)
          .forEach(
              g ->
                  assertThat(after.globalSection().getGlobal(g))
                      .isEqualTo(before.globalSection().getGlobal(g)));
    }
  }

  private static List<Export> exports(WasmModule m) {
    return IntStream.range(0, m.exportSection().exportCount())
        .mapToObj(m.exportSection()::getExport)
        .toList();
  }

  @Test
  void theFuelGlobalComesAfterTheModulesOwnGlobals() {
    assertThat(instrument("hello", 1).fuelGlobal()).isEqualTo(0);
    assertThat(instrument("calls", 1).fuelGlobal()).isEqualTo(2);
  }

  @Test
  void aLoopTrapsWithTheGlobalBelowZeroInTheInterpreterToo() {
    // loop.wat: the loop instruction (1), then one br per iteration.
    FuelMeter.Metered metered = instrument("loop", 100);
    Instance instance = Instance.builder(Parser.parse(metered.bytes())).withStart(false).build();
    assertThatThrownBy(() -> instance.export("_start").apply())
        .isInstanceOf(TrapException.class)
        .hasMessageContaining("unreachable");
    assertThat(instance.global(metered.fuelGlobal()).getValue()).isEqualTo(-1);
  }

  @Test
  void segmentsStartAtEntryLoopHeadsArmsBranchTargetsAndAfterConditionalBranches() {
    // count.wat's _start: 8 instructions to the loop, its 5-instruction body, then the two ends.
    WasmModule count = Parser.parse(module("count"));
    assertThat(FuelMeter.segments(count.codeSection().getFunctionBody(0).instructions()))
        .containsExactly(
            new FuelMeter.Segment(0, 8), new FuelMeter.Segment(8, 5), new FuelMeter.Segment(13, 2));
    // loop.wat: what follows the unconditional br is never metered.
    WasmModule loop = Parser.parse(module("loop"));
    var body = loop.codeSection().getFunctionBody(0).instructions();
    assertThat(body.stream().map(i -> i.opcode()).toList())
        .containsExactly(OpCode.LOOP, OpCode.BR, OpCode.END, OpCode.END);
    assertThat(FuelMeter.segments(body))
        .containsExactly(new FuelMeter.Segment(0, 1), new FuelMeter.Segment(1, 1));
  }

  @Test
  void aBlockEndNoBranchTargetsDoesNotCutTheSegment() {
    // blocks.wat's _start: the first block's end (3) is reached only by falling through; the
    // second block's end (9) is a br_if's target, the if's end (15) a landing for a false test.
    WasmModule blocks = Parser.parse(module("blocks"));
    assertThat(FuelMeter.segments(blocks.codeSection().getFunctionBody(1).instructions()))
        .containsExactly(
            new FuelMeter.Segment(0, 7),
            new FuelMeter.Segment(7, 3),
            new FuelMeter.Segment(10, 2),
            new FuelMeter.Segment(12, 4),
            new FuelMeter.Segment(16, 3));
  }

  @Test
  void aLoopBodyCountsInTheFunctionsLocalAndTouchesTheGlobalOnlyToTrap() {
    // count.wat's loop body, once metered: a charge to the fuel local, a test, and the global
    // written only in the arm that traps; never read.
    FuelMeter.Metered metered = instrument("count", 1000);
    WasmModule after = Parser.parse(metered.bytes());
    var body = after.codeSection().getFunctionBody(0);
    assertThat(body.localTypes())
        .hasSize(
            Parser.parse(module("count")).codeSection().getFunctionBody(0).localTypes().size() + 1);
    var code = body.instructions();
    int loop =
        IntStream.range(0, code.size())
            .filter(i -> code.get(i).opcode() == OpCode.LOOP)
            .findFirst()
            .orElseThrow();
    int loopEnd =
        IntStream.range(loop, code.size())
            .filter(i -> code.get(i).opcode() == OpCode.BR_IF)
            .findFirst()
            .orElseThrow();
    List<Integer> globalSets = new java.util.ArrayList<>();
    for (int i = loop + 1; i < loopEnd; i++) {
      assertThat(code.get(i).opcode()).as("instruction %d", i).isNotEqualTo(OpCode.GLOBAL_GET);
      if (code.get(i).opcode() == OpCode.GLOBAL_SET) {
        assertThat(code.get(i).operand(0)).isEqualTo(metered.fuelGlobal());
        globalSets.add(i);
      }
    }
    assertThat(globalSets).hasSize(1);
    assertThat(code.get(globalSets.get(0) + 1).opcode()).isEqualTo(OpCode.UNREACHABLE);
  }

  @Test
  void aNegativeBudgetIsRefused() {
    assertThatThrownBy(() -> instrument("hello", -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fuel budget must not be negative: -1");
  }
}
