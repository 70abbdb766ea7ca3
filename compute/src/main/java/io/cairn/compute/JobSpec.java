package io.cairn.compute;

import io.cairn.compute.spec.JobSpecCodec;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A compute job: what to run, over which inputs, within which limits. Stored as canonical dag-cbor
 * so that a job has a CID ({@link #cid()}); {@link #toJson()} is the form for humans.
 *
 * @param engine {@code wasm} or {@code cuda}
 * @param module the WASI preview 1 module or the PTX module, by CID
 * @param entrypoint the exported function a WASM job calls ({@code _start} by default); null for
 *     CUDA
 * @param cuda the kernel, launch shape and arguments of a CUDA job; null for WASM
 * @param args program arguments (WASM: argv after the program name)
 * @param env environment variables, kept in key order
 * @param inputs files or directories by CID, mounted read-only at {@code /inputs/<name>}, kept in
 *     name order
 * @param limits what the job may use
 * @param market reserved for the compute market, carried but unused
 */
public record JobSpec(
    Engine engine,
    Cid module,
    String entrypoint,
    CudaLaunch cuda,
    List<String> args,
    Map<String, String> env,
    Map<String, Cid> inputs,
    Limits limits,
    Market market) {
  public static final String DEFAULT_ENTRYPOINT = "_start";

  /** At most this many args, env entries and inputs each. */
  public static final int MAX_ENTRIES = 4096;

  public JobSpec {
    Objects.requireNonNull(engine, "engine must be 'wasm' or 'cuda'");
    Objects.requireNonNull(module, "module: the job needs a module CID");
    args = List.copyOf(Objects.requireNonNullElse(args, List.of()));
    env = Map.copyOf(Objects.requireNonNullElse(env, Map.of()));
    inputs = Map.copyOf(Objects.requireNonNullElse(inputs, Map.of()));
    limits = Objects.requireNonNullElse(limits, Limits.DEFAULTS);
    market = Objects.requireNonNullElse(market, Market.NONE);
    checkCount("args", args.size());
    checkCount("env", env.size());
    checkCount("inputs", inputs.size());
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i).indexOf(0) >= 0) {
        throw new IllegalArgumentException("args[" + i + "] contains a NUL character");
      }
    }
    env.forEach(JobSpec::checkEnv);
    inputs.keySet().forEach(name -> JobPaths.checkName("input", name));
    if (engine == Engine.WASM) {
      if (cuda != null) {
        throw new IllegalArgumentException("cuda: a wasm job has no kernel launch");
      }
      entrypoint = entrypoint == null ? DEFAULT_ENTRYPOINT : entrypoint;
      if (entrypoint.isBlank()) {
        throw new IllegalArgumentException("entrypoint must name an exported function");
      }
    } else {
      if (entrypoint != null) {
        throw new IllegalArgumentException(
            "entrypoint: a cuda job names its kernel in cuda.kernel instead");
      }
      if (cuda == null) {
        throw new IllegalArgumentException("cuda: a cuda job needs a kernel and launch shape");
      }
      checkBuffers(cuda, inputs);
    }
    env = Collections.unmodifiableMap(new TreeMap<>(env));
    inputs = Collections.unmodifiableMap(new TreeMap<>(inputs));
  }

  /** A WASM job calling {@code _start} with no arguments, inputs or environment, default limits. */
  public static JobSpec wasm(Cid module) {
    return new JobSpec(Engine.WASM, module, null, null, List.of(), Map.of(), Map.of(), null, null);
  }

  public JobSpec withArgs(List<String> value) {
    return new JobSpec(engine, module, entrypoint, cuda, value, env, inputs, limits, market);
  }

  public JobSpec withEnv(Map<String, String> value) {
    return new JobSpec(engine, module, entrypoint, cuda, args, value, inputs, limits, market);
  }

  public JobSpec withInputs(Map<String, Cid> value) {
    return new JobSpec(engine, module, entrypoint, cuda, args, env, value, limits, market);
  }

  public JobSpec withLimits(Limits value) {
    return new JobSpec(engine, module, entrypoint, cuda, args, env, inputs, value, market);
  }

  public JobSpec withEntrypoint(String value) {
    return new JobSpec(engine, module, value, cuda, args, env, inputs, limits, market);
  }

  /** The canonical dag-cbor encoding; equal specs encode to equal bytes. */
  public byte[] toDagCbor() {
    return JobSpecCodec.toDagCbor(this);
  }

  /** The spec's CID: CIDv1, dag-cbor, sha2-256 of {@link #toDagCbor()}. */
  public Cid cid() {
    return Cid.compute(1, Multicodec.DAG_CBOR.code(), HashFunction.SHA2_256, toDagCbor());
  }

  /**
   * The job's seed: sha2-256 of the binary CID ({@link #cid()}{@code .bytes()}), 32 bytes. It seeds
   * the random bytes a job sees, so that a job is deterministic yet two different specs get
   * different randomness.
   */
  public byte[] seed() {
    return HashFunction.SHA2_256.digest(cid().bytes());
  }

  /** The human form: JSON with CIDs as strings. */
  public String toJson() {
    return JobSpecCodec.toJson(this);
  }

  /**
   * Reads the dag-cbor form.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static JobSpec fromDagCbor(byte[] bytes) {
    return JobSpecCodec.fromDagCbor(bytes);
  }

  /**
   * Reads the JSON form.
   *
   * @throws IllegalArgumentException naming the field that is missing or malformed
   */
  public static JobSpec fromJson(String json) {
    return JobSpecCodec.fromJson(json);
  }

  private static void checkCount(String field, int size) {
    if (size > MAX_ENTRIES) {
      throw new IllegalArgumentException(
          field + " has " + size + " entries; at most " + MAX_ENTRIES + " are allowed");
    }
  }

  private static void checkEnv(String key, String value) {
    if (key.isEmpty() || key.indexOf('=') >= 0 || key.indexOf(0) >= 0) {
      throw new IllegalArgumentException(
          "env name '" + key + "' must be non-empty, without '=' or NUL");
    }
    if (value.indexOf(0) >= 0) {
      throw new IllegalArgumentException("env value of '" + key + "' contains a NUL character");
    }
  }

  private static void checkBuffers(CudaLaunch cuda, Map<String, Cid> inputs) {
    var outputs = new HashSet<String>();
    for (KernelArg arg : cuda.args()) {
      if (arg instanceof KernelArg.InputBuffer in && !inputs.containsKey(in.input())) {
        throw new IllegalArgumentException(
            "cuda.args: input buffer '" + in.input() + "' names no entry of inputs");
      }
      if (arg instanceof KernelArg.OutputBuffer out && !outputs.add(out.file())) {
        throw new IllegalArgumentException(
            "cuda.args: output file '" + out.file() + "' is bound to two buffers");
      }
    }
  }
}
