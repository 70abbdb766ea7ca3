package io.cairn.compute.wasm;

import com.dylibso.chicory.wasm.Encoding;
import com.dylibso.chicory.wasm.MalformedException;
import com.dylibso.chicory.wasm.WasmModule;
import com.dylibso.chicory.wasm.WasmWriter;
import com.dylibso.chicory.wasm.types.ExternalType;
import com.dylibso.chicory.wasm.types.FunctionBody;
import com.dylibso.chicory.wasm.types.Instruction;
import com.dylibso.chicory.wasm.types.OpCode;
import com.dylibso.chicory.wasm.types.SectionId;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * Instruments a module so that it meters its own fuel, the same way in Chicory's compiled mode as
 * in its interpreter, on every node.
 *
 * <p>The module gets one more global, a mutable i64 initialised to the budget and appended after
 * the module's own globals, and each function one more local, an i64 after its own locals, that
 * holds the count while the function runs. Its code is cut into metered segments: a segment starts
 * at a function's entry, at the head of every loop body, at the start of each arm of an {@code if},
 * right after the {@code end} of an {@code if}, of a {@code try_table} and of a {@code block} that
 * a branch targets (where branches land), and right after a conditional branch ({@code br_if},
 * {@code br_on_null}, {@code br_on_non_null}). It ends with the instruction before the next segment
 * starts; the instruction that ends it is part of it. Each segment costs the number of the module's
 * own instructions in it (every instruction counts 1, {@code end} and {@code else} included; host
 * functions cost nothing), charged on entry to the local:
 *
 * <pre>
 *   local.get $f; i64.const COST; i64.sub; local.set $f
 * </pre>
 *
 * <p>The count is checked where a run could otherwise go on without end, at a function's entry and
 * at the head of every loop body (and before host and indirect calls, see below); there the charge
 * is followed by
 *
 * <pre>
 *   local.tee $f; i64.const 63; i64.shr_u; i32.wrap_i64; if; local.get $f; global.set $fuel;
 *   unreachable; end
 * </pre>
 *
 * <p>The local is loaded from the global at the function's entry and after every call, and written
 * back to it ({@code local.get $f; global.set $fuel}) before every call, {@code return}, tail call,
 * throw, {@code unreachable}, branch to the function's own label and its final {@code end}; a
 * function that holds a {@code try_table} also reloads it at each segment start, where a catch may
 * land, and writes it back after each charge. Code after an unconditional transfer ({@code br},
 * {@code br_table}, {@code return}, {@code unreachable}, a tail call, a throw) up to the next
 * segment start is unreachable and is not metered. A run therefore uses exactly the sum of the
 * costs of the segments it entered, a static count that no clock, JIT or node can change; the
 * inserted code is stack-neutral and its {@code if} closes at once, so the module's branch depths
 * and types are unchanged.
 *
 * <p>Why a local and few checks: Chicory's compiled code reaches a global through the instance (a
 * call per access) and HotSpot does not compile a method over 8,000 bytes of bytecode, so a global
 * read, written and tested in every segment made metered code up to 16 times slower than unmetered
 * code. A charge to a local is four JVM instructions.
 *
 * <p>When the budget runs out, the run goes on at most to the next check (a function's entry, a
 * loop head, a host or indirect call) or exit, and the global then holds a negative count: a run
 * that ends (returns, traps, exits) with the fuel global below zero ran out of fuel, whatever ended
 * it, and its fuel used is the whole budget. Calls to imported (host) functions and indirect calls
 * are also checked once the count is written back, so no host function runs with the budget spent.
 * A trap other than {@code unreachable} (out-of-bounds access, division by zero) leaves in the
 * global the count at the trapping function's last call or entry: deterministic, but short of that
 * function's last segments.
 *
 * <p>Why a rewriter of our own: Chicory 1.5.1 decodes modules but encodes none back ({@code
 * WasmWriter} only writes raw section bytes), and a full decode and re-encode would risk changing
 * what we do not understand. So only two sections change: the global section (one entry appended,
 * or a new section holding it) and the code section, where each function's local declarations (one
 * more entry appended, the fuel local) and every original instruction are copied byte for byte, the
 * metering code inserted between them at the instruction addresses Chicory's parser reports. Every
 * other section is copied as it was. Because the new global is appended after all imported and
 * defined globals and no function is added, no existing index moves: calls, {@code ref.func},
 * {@code global.get/set}, exports and elements need no remapping. The start section is left out
 * ({@link Metered#startFunction}): Chicory runs the start function while it builds the instance,
 * before the runner can give the fuel global its budget, so the runner calls it itself afterwards,
 * metered like any other code, its traps reported as traps. (A custom section that points at code
 * offsets, such as branch hints, would go stale; Chicory reads none of them.)
 */
final class FuelMeter {
  private FuelMeter() {}

  /**
   * An instrumented module.
   *
   * @param bytes the instrumented binary, without the module's start section
   * @param fuelGlobal the index of the fuel global in the module's global index space
   * @param startFunction the function the start section named, -1 if none: the runner calls it once
   *     the budget is set, as the first thing the instance runs
   */
  record Metered(byte[] bytes, int fuelGlobal, int startFunction) {}

  /**
   * Instruments {@code module}, whose decoded form is {@code parsed}.
   *
   * @param budget the fuel the module starts with, at least 0
   */
  static Metered instrument(byte[] module, WasmModule parsed, long budget) {
    if (budget < 0) {
      throw new IllegalArgumentException("fuel budget must not be negative: " + budget);
    }
    int fuelGlobal =
        parsed.importSection().count(ExternalType.GLOBAL) + parsed.globalSection().globalCount();
    byte[] fuelEntry = fuelGlobalEntry(budget);
    WasmWriter out = new WasmWriter();
    boolean globalWritten = false;
    ByteBuffer in = ByteBuffer.wrap(module);
    in.position(8); // magic and version, checked by the parser already
    while (in.hasRemaining()) {
      int id = in.get() & 0xff;
      int size = (int) Encoding.readVarUInt32(in);
      int start = in.position();
      byte[] contents = new byte[size];
      in.get(contents);
      if (!globalWritten && id != SectionId.CUSTOM && order(id) > order(SectionId.GLOBAL)) {
        out.writeSection(SectionId.GLOBAL, vector(1, fuelEntry));
        globalWritten = true;
      }
      if (id == SectionId.GLOBAL) {
        out.writeSection(id, appendToVector(contents, fuelEntry));
        globalWritten = true;
      } else if (id == SectionId.CODE) {
        out.writeSection(id, meterCode(module, start, size, parsed, fuelGlobal));
      } else if (id == SectionId.START) {
        // Left out: Chicory would run it while the instance is built, before the budget is set.
        continue;
      } else {
        out.writeSection(id, contents);
      }
    }
    if (!globalWritten) {
      out.writeSection(SectionId.GLOBAL, vector(1, fuelEntry));
    }
    int startFunction = parsed.startSection().map(s -> (int) s.startIndex()).orElse(-1);
    return new Metered(out.bytes(), fuelGlobal, startFunction);
  }

  /** Where a known section goes in a module: custom sections aside, they come in this order. */
  private static int order(int sectionId) {
    return switch (sectionId) {
      case SectionId.TYPE -> 1;
      case SectionId.IMPORT -> 2;
      case SectionId.FUNCTION -> 3;
      case SectionId.TABLE -> 4;
      case SectionId.MEMORY -> 5;
      case SectionId.TAG -> 6;
      case SectionId.GLOBAL -> 7;
      case SectionId.EXPORT -> 8;
      case SectionId.START -> 9;
      case SectionId.ELEMENT -> 10;
      case SectionId.DATA_COUNT -> 11;
      case SectionId.CODE -> 12;
      case SectionId.DATA -> 13;
      default -> throw new MalformedException("unknown section id " + sectionId);
    };
  }

  /** {@code (global (mut i64) (i64.const budget))}. */
  private static byte[] fuelGlobalEntry(long budget) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    b.write(0x7e); // i64
    b.write(0x01); // mutable
    b.write(0x42); // i64.const
    writeVarSInt64(b, budget);
    b.write(0x0b); // end
    return b.toByteArray();
  }

  private static byte[] vector(int count, byte[] entries) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    WasmWriter.writeVarUInt32(b, count);
    b.writeBytes(entries);
    return b.toByteArray();
  }

  /** A vector section's contents with one more entry at its end. */
  private static byte[] appendToVector(byte[] contents, byte[] entry) {
    ByteBuffer in = ByteBuffer.wrap(contents);
    int count = (int) Encoding.readVarUInt32(in);
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    WasmWriter.writeVarUInt32(b, count + 1);
    b.write(contents, in.position(), contents.length - in.position());
    b.writeBytes(entry);
    return b.toByteArray();
  }

  /** The code section at {@code module[start, start + size)}, every body metered. */
  private static byte[] meterCode(
      byte[] module, int start, int size, WasmModule parsed, int fuelGlobal) {
    ByteBuffer in = ByteBuffer.wrap(module, start, size);
    int count = (int) Encoding.readVarUInt32(in);
    FunctionBody[] bodies = parsed.codeSection().functionBodies();
    if (count != bodies.length) {
      throw new IllegalStateException(
          "code section holds " + count + " bodies, the parser saw " + bodies.length);
    }
    int importedFunctions = parsed.importSection().count(ExternalType.FUNCTION);
    ByteArrayOutputStream section = new ByteArrayOutputStream();
    WasmWriter.writeVarUInt32(section, count);
    for (int f = 0; f < count; f++) {
      int bodySize = (int) Encoding.readVarUInt32(in);
      int bodyStart = in.position();
      int bodyEnd = bodyStart + bodySize;
      int params =
          parsed.functionSection().getFunctionType(f, parsed.typeSection()).params().size();
      int fuelLocal = params + bodies[f].localTypes().size();
      byte[] body =
          meterBody(
              module,
              bodyStart,
              bodyEnd,
              bodies[f].instructions(),
              fuelGlobal,
              fuelLocal,
              importedFunctions);
      WasmWriter.writeVarUInt32(section, body.length);
      section.writeBytes(body);
      in.position(bodyEnd);
    }
    return section.toByteArray();
  }

  private static byte[] meterBody(
      byte[] module,
      int bodyStart,
      int bodyEnd,
      List<? extends Instruction> code,
      int fuelGlobal,
      int fuelLocal,
      int importedFunctions) {
    int first = code.get(0).address();
    if (first < bodyStart || first >= bodyEnd) {
      throw new IllegalStateException(
          "instruction address "
              + first
              + " outside its body ["
              + bodyStart
              + ", "
              + bodyEnd
              + ")");
    }
    List<Segment> segments = segments(code);
    boolean[] exits = exits(code);
    boolean catches = code.stream().anyMatch(i -> i.opcode() == OpCode.TRY_TABLE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // The local declarations, then one more: the fuel local, an i64 after every other local.
    ByteBuffer decls = ByteBuffer.wrap(module, bodyStart, first - bodyStart);
    WasmWriter.writeVarUInt32(out, (int) Encoding.readVarUInt32(decls) + 1);
    out.write(module, decls.position(), first - decls.position());
    out.write(0x01);
    out.write(0x7e); // i64
    writeLoad(out, fuelGlobal, fuelLocal);
    int next = 0;
    for (int i = 0; i < code.size(); i++) {
      OpCode op = code.get(i).opcode();
      if (next < segments.size() && segments.get(next).start() == i) {
        if (catches) {
          writeLoad(out, fuelGlobal, fuelLocal); // a catch may land here, after a callee's use
        }
        long cost = segments.get(next).cost();
        if (i == 0 || code.get(i - 1).opcode() == OpCode.LOOP) {
          writeCheckedCharge(out, fuelGlobal, fuelLocal, cost);
        } else {
          writeCharge(out, fuelLocal, cost);
        }
        if (catches) {
          writeStore(out, fuelGlobal, fuelLocal); // so that the reload loses nothing
        }
        next++;
      }
      boolean call = op == OpCode.CALL || op == OpCode.CALL_INDIRECT || op == OpCode.CALL_REF;
      if (call || exits[i]) {
        writeStore(out, fuelGlobal, fuelLocal);
      }
      if (op == OpCode.CALL_INDIRECT
          || op == OpCode.CALL_REF
          || (op == OpCode.CALL && code.get(i).operand(0) < importedFunctions)) {
        // What may be a host function runs only within the budget.
        out.write(0x20); // local.get
        WasmWriter.writeVarUInt32(out, fuelLocal);
        writeTrapIfNegative(out, -1, fuelLocal);
      }
      int from = code.get(i).address();
      int to = i + 1 < code.size() ? code.get(i + 1).address() : bodyEnd;
      out.write(module, from, to - from);
      if (call) {
        writeLoad(out, fuelGlobal, fuelLocal);
      }
    }
    return out.toByteArray();
  }

  /**
   * Which instructions may leave the function or trap by the module's own choice: {@code return},
   * tail calls, throws, {@code unreachable}, the body's final {@code end} and branches whose target
   * is the function's own label. The fuel local is written back to the global before each.
   */
  static boolean[] exits(List<? extends Instruction> code) {
    boolean[] exits = new boolean[code.size()];
    int depth = 0; // blocks open inside the function
    for (int i = 0; i < code.size(); i++) {
      Instruction ins = code.get(i);
      switch (ins.opcode()) {
        case BLOCK, LOOP, IF, TRY_TABLE -> depth++;
        case END -> {
          if (depth == 0) {
            exits[i] = true;
          } else {
            depth--;
          }
        }
        case BR, BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> exits[i] = ins.operand(0) == depth;
        case BR_TABLE -> {
          for (int t = 0; t < ins.operandCount(); t++) {
            exits[i] |= ins.operand(t) == depth;
          }
        }
        case RETURN,
            RETURN_CALL,
            RETURN_CALL_INDIRECT,
            RETURN_CALL_REF,
            THROW,
            THROW_REF,
            UNREACHABLE ->
            exits[i] = true;
        default -> {}
      }
    }
    return exits;
  }

  /**
   * A live metered segment.
   *
   * @param start the index of its first instruction in the function body
   * @param cost how many instructions it holds
   */
  record Segment(int start, int cost) {}

  /** The live segments of one function body, in order (see the class comment for the rules). */
  static List<Segment> segments(List<? extends Instruction> code) {
    List<Segment> segments = new ArrayList<>();
    // A catch clause may land after any block's end: with try_table, every block is a target.
    boolean catches = code.stream().anyMatch(i -> i.opcode() == OpCode.TRY_TABLE);
    List<Open> open = new ArrayList<>(); // innermost last
    int start = 0;
    boolean live = true;
    for (int i = 0; i < code.size(); i++) {
      Instruction ins = code.get(i);
      OpCode op = ins.opcode();
      boolean split;
      boolean nextLive = true;
      switch (op) {
        case BLOCK, TRY_TABLE -> {
          open.add(new Open(op, catches));
          split = false;
        }
        case LOOP, IF -> {
          open.add(new Open(op, false));
          split = true;
        }
        case ELSE -> split = true;
        case BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> {
          target(open, ins.operand(0));
          split = true;
        }
        case END -> {
          // A loop's end is reached only by falling out of its body, a block's end too when no
          // branch targets it: the code after them stays in the same segment. An if's end is
          // also reached when its condition was false. The function's own end (nothing open)
          // closes its last segment.
          Open closed = open.isEmpty() ? null : open.remove(open.size() - 1);
          split =
              closed == null
                  || closed.op == OpCode.IF
                  || (closed.op != OpCode.LOOP && closed.targeted);
        }
        case BR, BR_TABLE -> {
          for (int t = 0; t < ins.operandCount(); t++) {
            target(open, ins.operand(t));
          }
          split = true;
          nextLive = false;
        }
        case RETURN,
            UNREACHABLE,
            RETURN_CALL,
            RETURN_CALL_INDIRECT,
            RETURN_CALL_REF,
            THROW,
            THROW_REF -> {
          split = true;
          nextLive = false;
        }
        default -> split = false;
      }
      if (split) {
        if (live) {
          segments.add(new Segment(start, i + 1 - start));
        }
        start = i + 1;
        live = nextLive;
      }
    }
    return segments;
  }

  /** A block, loop or if open at some point of a body, and whether a branch targets it. */
  private static final class Open {
    final OpCode op;
    boolean targeted;

    Open(OpCode op, boolean targeted) {
      this.op = op;
      this.targeted = targeted;
    }
  }

  /** Marks the block a branch of that label depth goes to (none for the function's label). */
  private static void target(List<Open> open, long depth) {
    int index = open.size() - 1 - (int) depth;
    if (index >= 0) {
      open.get(index).targeted = true;
    }
  }

  /** {@code local.get $f; i64.const COST; i64.sub; local.set $f}. */
  private static void writeCharge(ByteArrayOutputStream out, int fuelLocal, long cost) {
    writeSubtract(out, fuelLocal, cost, 0x21); // local.set
  }

  /**
   * {@code local.get $f; i64.const COST; i64.sub; local.tee $f; i64.const 63; i64.shr_u;
   * i32.wrap_i64; if; local.get $f; global.set $fuel; unreachable; end}.
   */
  private static void writeCheckedCharge(
      ByteArrayOutputStream out, int fuelGlobal, int fuelLocal, long cost) {
    writeSubtract(out, fuelLocal, cost, 0x22); // local.tee
    writeTrapIfNegative(out, fuelGlobal, fuelLocal);
  }

  private static void writeSubtract(
      ByteArrayOutputStream out, int fuelLocal, long cost, int setOrTee) {
    out.write(0x20); // local.get
    WasmWriter.writeVarUInt32(out, fuelLocal);
    out.write(0x42); // i64.const
    writeVarSInt64(out, cost);
    out.write(0x7d); // i64.sub
    out.write(setOrTee);
    WasmWriter.writeVarUInt32(out, fuelLocal);
  }

  /**
   * {@code i64.const 63; i64.shr_u; i32.wrap_i64; if; [local.get $f; global.set $fuel;]
   * unreachable; end}: the count on the stack below zero (its sign bit set) traps, written back
   * first unless {@code fuelGlobal} is -1 (the global holds it already). The sign bit rather than
   * {@code i64.lt_s}: Chicory's compiler turns a shift and a wrap into JVM instructions but a
   * comparison into a call, and in a method too large for C2 to inline into, that call stayed one
   * at every loop head.
   */
  private static void writeTrapIfNegative(
      ByteArrayOutputStream out, int fuelGlobal, int fuelLocal) {
    out.write(0x42); // i64.const 63
    out.write(0x3f);
    out.write(0x88); // i64.shr_u
    out.write(0xa7); // i32.wrap_i64
    out.write(0x04); // if, no results
    out.write(0x40);
    if (fuelGlobal >= 0) {
      writeStore(out, fuelGlobal, fuelLocal);
    }
    out.write(0x00); // unreachable
    out.write(0x0b); // end
  }

  /** {@code global.get $fuel; local.set $f}. */
  private static void writeLoad(ByteArrayOutputStream out, int fuelGlobal, int fuelLocal) {
    out.write(0x23); // global.get
    WasmWriter.writeVarUInt32(out, fuelGlobal);
    out.write(0x21); // local.set
    WasmWriter.writeVarUInt32(out, fuelLocal);
  }

  /** {@code local.get $f; global.set $fuel}. */
  private static void writeStore(ByteArrayOutputStream out, int fuelGlobal, int fuelLocal) {
    out.write(0x20); // local.get
    WasmWriter.writeVarUInt32(out, fuelLocal);
    out.write(0x24); // global.set
    WasmWriter.writeVarUInt32(out, fuelGlobal);
  }

  private static void writeVarSInt64(ByteArrayOutputStream out, long value) {
    long v = value;
    while (true) {
      int b = (int) (v & 0x7f);
      v >>= 7;
      boolean done = (v == 0 && (b & 0x40) == 0) || (v == -1 && (b & 0x40) != 0);
      out.write(done ? b : b | 0x80);
      if (done) {
        return;
      }
    }
  }
}
