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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Instruments a module so that it meters its own fuel, the same way in Chicory's compiled mode as
 * in its interpreter, on every node.
 *
 * <p>The module gets one more global, a mutable i64 initialised to the budget and appended after
 * the module's own globals. Its code is cut into metered segments: a segment starts at a function's
 * entry, at the head of every loop body, at the start of each arm of an {@code if}, right after the
 * {@code end} of a {@code block}, {@code if} or {@code try_table} (where branches land), and right
 * after a conditional branch ({@code br_if}, {@code br_on_null}, {@code br_on_non_null}). It ends
 * with the instruction before the next segment starts; the instruction that ends it is part of it.
 * At its start, a live segment runs
 *
 * <pre>
 *   global.get $fuel; i64.const COST; i64.sub; global.set $fuel
 *   global.get $fuel; i64.const 0; i64.lt_s; if; unreachable; end
 * </pre>
 *
 * where COST is the number of the module's own instructions in the segment (every instruction
 * counts 1, {@code end} and {@code else} included; host functions cost nothing). Code after an
 * unconditional transfer ({@code br}, {@code br_table}, {@code return}, {@code unreachable}, a tail
 * call, a throw) up to the next segment start is unreachable and is not metered. Fuel is therefore
 * charged per segment on entry: a run uses exactly the sum of the costs of the segments it entered,
 * a static count that no clock, JIT or node can change. The inserted sequence is stack-neutral and
 * its {@code if} closes at once, so the module's branch depths and types are unchanged.
 *
 * <p>The fuel global only goes below zero just before the inserted {@code unreachable}, so a trap
 * with a negative fuel global is fuel exhaustion and any other trap is the module's own.
 *
 * <p>Why a rewriter of our own: Chicory 1.5.1 decodes modules but encodes none back ({@code
 * WasmWriter} only writes raw section bytes), and a full decode and re-encode would risk changing
 * what we do not understand. So only two sections change: the global section (one entry appended,
 * or a new section holding it) and the code section, where each function's local declarations and
 * every original instruction are copied byte for byte, checks inserted between them at the
 * instruction addresses Chicory's parser reports. Every other section is copied as it was. Because
 * the new global is appended after all imported and defined globals and no function is added, no
 * existing index moves: calls, {@code ref.func}, {@code global.get/set}, exports, elements and the
 * start function need no remapping. (A custom section that points at code offsets, such as branch
 * hints, would go stale; Chicory reads none of them.)
 */
final class FuelMeter {
  private FuelMeter() {}

  /**
   * An instrumented module.
   *
   * @param bytes the instrumented binary
   * @param fuelGlobal the index of the fuel global in the module's global index space
   */
  record Metered(byte[] bytes, int fuelGlobal) {}

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
      } else {
        out.writeSection(id, contents);
      }
    }
    if (!globalWritten) {
      out.writeSection(SectionId.GLOBAL, vector(1, fuelEntry));
    }
    return new Metered(out.bytes(), fuelGlobal);
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
    ByteArrayOutputStream section = new ByteArrayOutputStream();
    WasmWriter.writeVarUInt32(section, count);
    for (int f = 0; f < count; f++) {
      int bodySize = (int) Encoding.readVarUInt32(in);
      int bodyStart = in.position();
      int bodyEnd = bodyStart + bodySize;
      byte[] body = meterBody(module, bodyStart, bodyEnd, bodies[f].instructions(), fuelGlobal);
      WasmWriter.writeVarUInt32(section, body.length);
      section.writeBytes(body);
      in.position(bodyEnd);
    }
    return section.toByteArray();
  }

  private static byte[] meterBody(
      byte[] module, int bodyStart, int bodyEnd, List<? extends Instruction> code, int fuelGlobal) {
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
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(module, bodyStart, first - bodyStart); // local declarations
    int next = 0;
    for (int i = 0; i < code.size(); i++) {
      if (next < segments.size() && segments.get(next).start() == i) {
        writeCheck(out, fuelGlobal, segments.get(next).cost());
        next++;
      }
      int from = code.get(i).address();
      int to = i + 1 < code.size() ? code.get(i + 1).address() : bodyEnd;
      out.write(module, from, to - from);
    }
    return out.toByteArray();
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
    Deque<OpCode> open = new ArrayDeque<>();
    int start = 0;
    boolean live = true;
    for (int i = 0; i < code.size(); i++) {
      OpCode op = code.get(i).opcode();
      boolean split;
      boolean nextLive = true;
      switch (op) {
        case BLOCK, TRY_TABLE -> {
          open.push(op);
          split = false;
        }
        case LOOP, IF -> {
          open.push(op);
          split = true;
        }
        case ELSE, BR_IF, BR_ON_NULL, BR_ON_NON_NULL -> split = true;
        case END -> {
          // A loop's end is reached only by falling out of its body, so the code after it stays
          // in the same segment. The function's own end (nothing open) closes its last segment.
          OpCode closed = open.poll();
          split = closed != OpCode.LOOP;
        }
        case BR,
            BR_TABLE,
            RETURN,
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

  private static void writeCheck(ByteArrayOutputStream out, int fuelGlobal, long cost) {
    out.write(0x23); // global.get
    WasmWriter.writeVarUInt32(out, fuelGlobal);
    out.write(0x42); // i64.const
    writeVarSInt64(out, cost);
    out.write(0x7d); // i64.sub
    out.write(0x24); // global.set
    WasmWriter.writeVarUInt32(out, fuelGlobal);
    out.write(0x23); // global.get
    WasmWriter.writeVarUInt32(out, fuelGlobal);
    out.write(0x42); // i64.const 0
    out.write(0x00);
    out.write(0x53); // i64.lt_s
    out.write(0x04); // if, no results
    out.write(0x40);
    out.write(0x00); // unreachable
    out.write(0x0b); // end
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
