package io.cairn.compute.spec;

import io.cairn.compute.CudaLaunch;
import io.cairn.compute.Engine;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.compute.Market;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.Ipld;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The data model of a job spec, version 1:
 *
 * <pre>
 * { version: 1, engine: "wasm"|"cuda", module: &amp;Link, entrypoint?: string,
 *   cuda?: { kernel, grid: [x,y,z], block: [x,y,z],
 *            args: [ {i32|i64|f32|f64: n} | {input: name} | {output: name, bytes: n} ] },
 *   args: [string], env: {string: string}, inputs: {name: &amp;Link},
 *   limits: { memory, fuel, wallTimeMs, output, stdout, stderr, gpuMemory },
 *   price?: int, deadline?: int (seconds since the epoch) }
 * </pre>
 *
 * Missing limits take their defaults; unknown fields are refused so that a typo is never ignored.
 */
final class SpecModel {
  static final int VERSION = 1;

  private static final Set<String> FIELDS =
      Set.of(
          "version",
          "engine",
          "module",
          "entrypoint",
          "cuda",
          "args",
          "env",
          "inputs",
          "limits",
          "price",
          "deadline");
  private static final Set<String> LIMIT_FIELDS =
      Set.of("memory", "fuel", "wallTimeMs", "output", "stdout", "stderr", "gpuMemory");

  private SpecModel() {}

  static Ipld encode(JobSpec spec) {
    var m = new LinkedHashMap<String, Ipld>();
    m.put("version", Ipld.of(VERSION));
    m.put("engine", Ipld.of(spec.engine().label()));
    m.put("module", Ipld.of(spec.module()));
    if (spec.entrypoint() != null) {
      m.put("entrypoint", Ipld.of(spec.entrypoint()));
    }
    if (spec.cuda() != null) {
      m.put("cuda", CudaModel.encode(spec.cuda()));
    }
    m.put("args", Ipld.list(spec.args().stream().map(Ipld::of).toList()));
    var env = new LinkedHashMap<String, Ipld>();
    spec.env().forEach((k, v) -> env.put(k, Ipld.of(v)));
    m.put("env", Ipld.map(env));
    var inputs = new LinkedHashMap<String, Ipld>();
    spec.inputs().forEach((k, v) -> inputs.put(k, Ipld.of(v)));
    m.put("inputs", Ipld.map(inputs));
    m.put("limits", encodeLimits(spec.limits()));
    if (spec.market().price() != null) {
      m.put("price", Ipld.of(spec.market().price()));
    }
    if (spec.market().deadline() != null) {
      m.put("deadline", Ipld.of(spec.market().deadline().getEpochSecond()));
    }
    return Ipld.map(m);
  }

  static JobSpec decode(Field root) {
    root.only(FIELDS);
    long version = root.get("version").longValue(0, Long.MAX_VALUE);
    if (version != VERSION) {
      throw root.get("version").invalid("is " + version + "; this node reads version " + VERSION);
    }
    Field engineField = root.get("engine");
    Engine engine;
    try {
      engine = Engine.parse(engineField.string());
    } catch (IllegalArgumentException e) {
      throw engineField.invalid(": " + e.getMessage());
    }
    Cid module = root.get("module").cid();
    String entrypoint = root.opt("entrypoint").map(Field::string).orElse(null);
    CudaLaunch cuda = root.opt("cuda").map(CudaModel::decode).orElse(null);
    List<String> args = new ArrayList<>();
    root.opt("args").ifPresent(f -> f.items().forEach(i -> args.add(i.string())));
    Map<String, String> env = new LinkedHashMap<>();
    root.opt("env").ifPresent(f -> f.entries().forEach((k, v) -> env.put(k, v.string())));
    Map<String, Cid> inputs = new LinkedHashMap<>();
    root.opt("inputs").ifPresent(f -> f.entries().forEach((k, v) -> inputs.put(k, v.cid())));
    Limits limits = root.opt("limits").map(SpecModel::decodeLimits).orElse(Limits.DEFAULTS);
    BigInteger price = root.opt("price").map(Field::integer).orElse(null);
    Instant deadline =
        root.opt("deadline")
            .map(f -> Instant.ofEpochSecond(f.longValue(0, Long.MAX_VALUE / 2)))
            .orElse(null);
    Market market = checked(root.document(), () -> new Market(price, deadline));
    return checked(
        root.document(),
        () -> new JobSpec(engine, module, entrypoint, cuda, args, env, inputs, limits, market));
  }

  private static Ipld encodeLimits(Limits l) {
    return Ipld.map(
        Map.of(
            "memory", Ipld.of(l.memoryBytes()),
            "fuel", Ipld.of(l.fuel()),
            "wallTimeMs", Ipld.of(l.wallTime().toMillis()),
            "output", Ipld.of(l.outputBytes()),
            "stdout", Ipld.of(l.stdoutBytes()),
            "stderr", Ipld.of(l.stderrBytes()),
            "gpuMemory", Ipld.of(l.gpuMemoryBytes())));
  }

  private static Limits decodeLimits(Field f) {
    f.only(LIMIT_FIELDS);
    Limits d = Limits.DEFAULTS;
    long memory = number(f, "memory", d.memoryBytes());
    long fuel = number(f, "fuel", d.fuel());
    long wallTimeMs = number(f, "wallTimeMs", d.wallTime().toMillis());
    long output = number(f, "output", d.outputBytes());
    long stdout = number(f, "stdout", d.stdoutBytes());
    long stderr = number(f, "stderr", d.stderrBytes());
    long gpuMemory = number(f, "gpuMemory", d.gpuMemoryBytes());
    return checked(
        f.document(),
        () ->
            new Limits(
                memory, fuel, Duration.ofMillis(wallTimeMs), output, stdout, stderr, gpuMemory));
  }

  private static long number(Field f, String key, long fallback) {
    return f.opt(key).map(v -> v.longValue(Long.MIN_VALUE, Long.MAX_VALUE)).orElse(fallback);
  }

  /** Runs a record constructor, prefixing its message with where the values came from. */
  static <T> T checked(String where, Supplier<T> make) {
    try {
      return make.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
    }
  }
}
