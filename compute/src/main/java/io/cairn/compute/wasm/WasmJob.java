package io.cairn.compute.wasm;

import io.cairn.storage.Cid;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * One WASI preview 1 run as the engine sees it: the module's bytes, how to call it, what it reads,
 * what it may use, and the seed its random bytes come from.
 *
 * @param module the module's binary
 * @param entrypoint the exported function to call ({@code _start} for a command)
 * @param args the program's arguments, {@code argv[0]} included
 * @param env the program's whole environment (nothing of the host's is added)
 * @param inputs UnixFS files or directories, mounted read-only at {@code /inputs/<name>}
 * @param limits what the job may use
 * @param seed the bytes {@code random_get} is derived from
 */
public record WasmJob(
    byte[] module,
    String entrypoint,
    List<String> args,
    Map<String, String> env,
    Map<String, Cid> inputs,
    WasmLimits limits,
    byte[] seed) {

  public static final String DEFAULT_ENTRYPOINT = "_start";

  public WasmJob {
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(entrypoint, "entrypoint");
    Objects.requireNonNull(limits, "limits");
    Objects.requireNonNull(seed, "seed");
    if (entrypoint.isEmpty()) {
      throw new IllegalArgumentException("the entrypoint must not be empty");
    }
    args = List.copyOf(args);
    env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
    for (String key : env.keySet()) {
      if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("environment variable name is not valid: '" + key + "'");
      }
    }
    // Sorted, so that /inputs lists in one order whatever order the caller's map had.
    inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
    for (String name : inputs.keySet()) {
      if (!VfsNames.valid(name)) {
        throw new IllegalArgumentException(
            "input name '" + name + "' is not a single path segment (no '/', NUL, '.' or '..')");
      }
    }
    module = module.clone();
    seed = seed.clone();
  }

  /** A command job: {@code _start}, argv[0] "main", no environment, default limits. */
  public static WasmJob command(byte[] module, Map<String, Cid> inputs, byte[] seed) {
    return new WasmJob(
        module, DEFAULT_ENTRYPOINT, List.of("main"), Map.of(), inputs, WasmLimits.defaults(), seed);
  }

  public WasmJob withArgs(List<String> v) {
    return new WasmJob(module, entrypoint, v, env, inputs, limits, seed);
  }

  public WasmJob withEnv(Map<String, String> v) {
    return new WasmJob(module, entrypoint, args, v, inputs, limits, seed);
  }

  public WasmJob withLimits(WasmLimits v) {
    return new WasmJob(module, entrypoint, args, env, inputs, v, seed);
  }

  public WasmJob withEntrypoint(String v) {
    return new WasmJob(module, v, args, env, inputs, limits, seed);
  }

  @Override
  public byte[] module() {
    return module.clone();
  }

  @Override
  public byte[] seed() {
    return seed.clone();
  }
}
