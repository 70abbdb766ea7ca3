package io.cairn.compute.wasm;

import com.dylibso.chicory.runtime.Instance;
import com.dylibso.chicory.runtime.Machine;
import com.dylibso.chicory.wasm.WasmModule;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Modules ready to instantiate, by the SHA-256 of their bytes and how they run: the parse, the fuel
 * instrumentation and the compilation to JVM bytecode are done once per module, and what HotSpot
 * learned about the generated classes carries over to the next job that runs it. A module is
 * instrumented with a budget of 0 and each instance gets its job's budget before it runs, so one
 * entry serves every budget. Bounded by the heap each took to prepare ({@link
 * CompileBudget#estimate}, which its classes and parsed form keep much of), least recently used
 * first out. Only modules that parsed, linked against WASI preview 1 and compiled are kept.
 */
final class PreparedModules {
  /**
   * A module ready to run: {@code fuelGlobal} is -1 when unmetered, {@code machines} null when
   * interpreted; {@code size} is the heap it is counted for.
   */
  record Prepared(
      WasmModule module,
      int fuelGlobal,
      int startFunction,
      Function<Instance, Machine> machines,
      long size) {}

  private final long capacityBytes;
  private final Map<String, Prepared> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  PreparedModules(long capacityBytes) {
    this.capacityBytes = capacityBytes;
  }

  /** The key of a module's bytes run with or without fuel, compiled or interpreted. */
  static String key(byte[] module, boolean metered, boolean compiled) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(module);
      return HexFormat.of().formatHex(digest) + (metered ? "+fuel" : "") + (compiled ? "+jvm" : "");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }

  synchronized Prepared get(String key) {
    return entries.get(key);
  }

  synchronized void put(String key, Prepared prepared) {
    if (prepared.size() > capacityBytes || entries.containsKey(key)) {
      return;
    }
    entries.put(key, prepared);
    bytes += prepared.size();
    Iterator<Prepared> eldest = entries.values().iterator();
    while (bytes > capacityBytes && eldest.hasNext()) {
      bytes -= eldest.next().size();
      eldest.remove();
    }
  }

  synchronized int size() {
    return entries.size();
  }
}
