package io.cairn.compute.bench;

import io.cairn.compute.wasm.BenchRunners;
import io.cairn.compute.wasm.WasmJob;
import io.cairn.compute.wasm.WasmLimits;
import io.cairn.compute.wasm.WasmOutcome;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bench/compute}, part 1: each CPU example on the same module and inputs under Chicory
 * compiled with and without fuel, Chicory's interpreter, and V8 ({@code node:wasi}), with the
 * ratios. Inputs are generated (seeded) under the work folder, imported into an in-memory block
 * store for Chicory and given as host folders to V8. Prints figures; asserts nothing.
 *
 * <pre>
 *   --work DIR            where inputs and V8's outputs are written
 *   --node PATH           the node binary; --script PATH interop/wasi-bench.mjs
 *   --rounds N            timed rounds after one warm-up (default 3)
 *   --interpreted-rounds N  the interpreter's timed rounds, no warm-up (default 1; 0 skips it)
 *   --scale F             input sizes relative to the defaults (default 1)
 *   --examples A,B        only these examples (default all)
 * </pre>
 */
public final class ComputeBench {
  private static final byte[] SEED = "bench".getBytes(StandardCharsets.UTF_8);

  private ComputeBench() {}

  /** One example with its inputs as host paths, its arguments and the output file it writes. */
  record Case(String example, Map<String, Path> inputs, List<String> args, String output) {}

  record Options(
      Path work,
      Path node,
      Path script,
      int rounds,
      int interpretedRounds,
      double scale,
      List<String> examples) {
    static Options parse(String[] args) {
      Map<String, String> m = new TreeMap<>();
      for (int i = 0; i + 1 < args.length; i += 2) {
        if (!args[i].startsWith("--")) {
          throw new IllegalArgumentException("unknown bench option '" + args[i] + "'");
        }
        m.put(args[i].substring(2), args[i + 1]);
      }
      return new Options(
          Path.of(required(m, "work")),
          Path.of(required(m, "node")),
          Path.of(required(m, "script")),
          Integer.parseInt(m.getOrDefault("rounds", "3")),
          Integer.parseInt(m.getOrDefault("interpreted-rounds", "1")),
          Double.parseDouble(m.getOrDefault("scale", "1")),
          m.containsKey("examples") ? List.of(m.get("examples").split(",")) : List.of());
    }

    private static String required(Map<String, String> m, String key) {
      String v = m.get(key);
      if (v == null) {
        throw new IllegalArgumentException("missing bench option --" + key);
      }
      return v;
    }
  }

  public static void main(String[] args) throws Exception {
    Options o = Options.parse(args);
    Files.createDirectories(o.work());
    List<Case> cases = cases(o);
    System.out.printf(
        Locale.ROOT,
        "  %-12s %-28s %10s %10s %8s  %s%n",
        "example",
        "runtime",
        "run ms",
        "prepare ms",
        "vs V8",
        "fuel used / output");
    for (Case c : cases) {
      if (o.examples().isEmpty() || o.examples().contains(c.example())) {
        bench(o, c);
      }
    }
  }

  private static void bench(Options o, Case c) throws IOException, InterruptedException {
    byte[] module = module(c.example());
    Path v8Out = o.work().resolve(c.example() + "-v8-outputs");
    V8 v8 = v8(o, c, module, v8Out);
    byte[] v8Output = Files.readAllBytes(v8Out.resolve(c.output()));
    BlockStore blocks = BlockStores.memory();
    Map<String, Cid> cids = new TreeMap<>();
    c.inputs().forEach((name, path) -> cids.put(name, add(blocks, path)));
    List<String> argv = new ArrayList<>();
    argv.add(c.example());
    argv.addAll(c.args());
    WasmJob job =
        WasmJob.command(module, cids, SEED)
            .withArgs(argv)
            .withLimits(WasmLimits.defaults().withWallTime(Duration.ofHours(1)));
    double withFuel = 0;
    double withoutFuel = 0;
    for (BenchRunners.Mode mode : BenchRunners.Mode.values()) {
      boolean interpreted = mode == BenchRunners.Mode.INTERPRETED_FUEL;
      int rounds = interpreted ? o.interpretedRounds() : o.rounds();
      if (rounds == 0) {
        continue;
      }
      Path scratch = o.work().resolve("scratch");
      var runner = BenchRunners.runner(blocks, scratch, mode);
      if (!interpreted) {
        runner.run(job); // warm-up: the runner's own classes, not the module's (compiled anew)
      }
      double[] ms = new double[rounds];
      double[] prepare = new double[rounds];
      WasmOutcome last = null;
      for (int r = 0; r < rounds; r++) {
        prepare[r] = BenchRunners.prepareNanos(module, mode) / 1e6;
        long start = System.nanoTime();
        last = runner.run(job);
        ms[r] = (System.nanoTime() - start) / 1e6;
      }
      double run = median(ms);
      if (mode == BenchRunners.Mode.COMPILED_FUEL) {
        withFuel = run;
      } else if (mode == BenchRunners.Mode.COMPILED) {
        withoutFuel = run;
      }
      String status = last.status().toString();
      String same =
          !status.equals("done")
              ? status
              : Arrays.equals(output(blocks, last, c.output()), v8Output)
                  ? "same " + c.output() + " as V8"
                  : "OUTPUT DIFFERS FROM V8";
      System.out.printf(
          Locale.ROOT,
          "  %-12s %-28s %10.1f %10.1f %7.2fx  %s / %s%s%n",
          c.example(),
          mode.label,
          run,
          median(prepare),
          v8.runMs() / run,
          last.fuelUsed() < 0 ? "-" : Long.toString(last.fuelUsed()),
          same,
          rounds > 1 ? "" : " (1 round)");
    }
    System.out.printf(
        Locale.ROOT,
        "  %-12s %-28s %10.1f %10.1f %7.2fx  exit %d%n",
        c.example(),
        "V8 (node:wasi)",
        v8.runMs(),
        v8.compileMs(),
        1.0,
        v8.exit());
    System.out.printf(
        Locale.ROOT,
        "  %-12s fuel metering costs %.0f%% (compiled, %.1f ms with fuel, %.1f without);"
            + " compiled with fuel is %.2fx V8 (goal >= 0.3x)%n",
        c.example(),
        100 * (withFuel / withoutFuel - 1),
        withFuel,
        withoutFuel,
        v8.runMs() / withFuel);
  }

  /** V8's median run and its compile time. */
  record V8(double runMs, double compileMs, int exit) {}

  private static V8 v8(Options o, Case c, byte[] module, Path outputs)
      throws IOException, InterruptedException {
    // node:wasi follows no symbolic link out of a preopened folder: the inputs must lie in it.
    Path inputs = inputsOf(o, c.example());
    for (var e : c.inputs().entrySet()) {
      if (!e.getValue().equals(inputs.resolve(e.getKey()))) {
        throw new IllegalStateException(e.getValue() + " is not under " + inputs);
      }
    }
    Files.createDirectories(outputs);
    Path wasm = o.work().resolve(c.example() + ".wasm");
    Files.write(wasm, module);
    List<String> cmd = new ArrayList<>();
    cmd.addAll(
        List.of(
            o.node().toString(),
            "--no-warnings",
            o.script().toString(),
            wasm.toString(),
            inputs.toString(),
            outputs.toString(),
            Integer.toString(o.rounds()),
            c.example()));
    cmd.addAll(c.args());
    String json = "";
    int code = 0;
    // Node 22's node:wasi died of SIGSEGV (exit 139) on mlp-infer most of the time on this
    // machine; Node 24 has not, but a run that a signal ends is still retried.
    for (int attempt = 1; attempt <= 5; attempt++) {
      Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
      json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      code = p.waitFor();
      if (code <= 128) {
        break;
      }
      System.err.printf(
          Locale.ROOT, "  (node exited with %d on %s, attempt %d)%n", code, c.example(), attempt);
    }
    if (code != 0 || !json.contains("\"exit\":0")) {
      throw new IllegalStateException(
          "node:wasi bench failed for " + c.example() + " (exit " + code + "): " + json);
    }
    Matcher compile = Pattern.compile("\"compileMs\":([0-9.eE+-]+)").matcher(json);
    Matcher runs = Pattern.compile("\"runMs\":\\[([^]]*)]").matcher(json);
    Matcher exit = Pattern.compile("\"exit\":(-?[0-9]+)").matcher(json);
    if (!compile.find() || !runs.find() || !exit.find()) {
      throw new IllegalStateException("unexpected node:wasi bench output: " + json);
    }
    double[] ms =
        Arrays.stream(runs.group(1).split(",")).mapToDouble(Double::parseDouble).toArray();
    return new V8(
        median(ms), Double.parseDouble(compile.group(1)), Integer.parseInt(exit.group(1)));
  }

  private static Path inputsOf(Options o, String example) throws IOException {
    return Files.createDirectories(o.work().resolve(example + "-inputs"));
  }

  private static List<Case> cases(Options o) throws IOException, InterruptedException {
    Path text = inputsOf(o, "wordcount").resolve("data");
    Inputs.writeText(text, (long) (o.scale() * 48 * 1048576), 1);
    Path metadata = inputsOf(o, "nft-rarity").resolve("metadata");
    Inputs.writeNftCollection(metadata, (int) (o.scale() * 4000), 2);
    Path train = inputsOf(o, "mlp-train").resolve("data");
    Files.write(train, resource("iris/iris-train.csv"));
    Path rows = inputsOf(o, "mlp-infer").resolve("rows");
    Inputs.writeIrisRows(rows, resource("iris/iris-holdout.csv"), (int) (o.scale() * 200_000), 3);
    // The inference job's weights: those mlp-train writes under V8 with the default epochs.
    Path trainOut = o.work().resolve("weights-run");
    Files.createDirectories(trainOut);
    v8(
        o,
        new Case("mlp-train", Map.of("data", train), List.of(), "weights.txt"),
        module("mlp-train"),
        trainOut);
    Path weights = inputsOf(o, "mlp-infer").resolve("weights");
    Files.copy(trainOut.resolve("weights.txt"), weights);
    String epochs = Integer.toString((int) (o.scale() * 4000));
    return List.of(
        new Case("wordcount", Map.of("data", text), List.of("cairn"), "counts.txt"),
        new Case("nft-rarity", Map.of("metadata", metadata), List.of(), "rarity.csv"),
        new Case("mlp-train", Map.of("data", train), List.of(epochs), "weights.txt"),
        new Case(
            "mlp-infer", Map.of("weights", weights, "rows", rows), List.of(), "predictions.csv"));
  }

  static double median(double[] values) {
    double[] v = values.clone();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  private static Cid add(BlockStore blocks, Path path) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importEntries(
            FileSystemSource.walk(
                List.of(path), FileSystemSource.WalkOptions.defaults().withRecursive(true)),
            ImportListener.NONE)
        .getLast()
        .cid();
  }

  private static byte[] output(BlockStore blocks, WasmOutcome outcome, String name) {
    Cid file = new UnixFsExporter(blocks).resolve(outcome.outputRoot(), name);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(file, 0, -1, out);
    return out.toByteArray();
  }

  private static byte[] module(String name) {
    return resource("/examples/" + name + ".wasm");
  }

  private static byte[] resource(String path) {
    String p = path.startsWith("/") ? path : "/examples/" + path;
    try (InputStream in = ComputeBench.class.getResourceAsStream(p)) {
      if (in == null) {
        throw new IllegalStateException("no resource " + p);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
