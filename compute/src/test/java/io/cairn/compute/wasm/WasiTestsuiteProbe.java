package io.cairn.compute.wasm;

import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Runs the WASI preview 1 modules of an extracted wasi-testsuite (github.com/WebAssembly/
 * wasi-testsuite, its {@code tests/*}{@code /testsuite/wasm32-wasip1} directories) on Cairn's WASM
 * engine and compares each one's exit code, stdout and stderr with its {@code .json}
 * (doc/specification.md there). A probe, not a test: {@code bench/wasi-testsuite} runs it.
 *
 * <p>A module without a {@code root} runs as a job ({@link WasmRunner}, no inputs). A module with
 * one needs that directory preopened writable as {@code /}, which a job never has (its preopens are
 * {@code /inputs}, read-only, and {@code /outputs}): {@link RootRun} gives it a copy of the
 * directory as the job's {@code /outputs} scratch, named {@code /}. A failure Cairn's documented
 * rules explain is reported as a deviation by design ({@link #BY_DESIGN}).
 *
 * <p>Usage: {@code WasiTestsuiteProbe SUITE_DIR WORK_DIR [NAME...]}.
 */
public final class WasiTestsuiteProbe {
  private static final List<String> SUITES =
      List.of(
          "tests/assemblyscript/testsuite/wasm32-wasip1",
          "tests/c/testsuite/wasm32-wasip1",
          "tests/rust/testsuite/wasm32-wasip1");

  /**
   * A failure a documented rule explains: the rule (docs/compute.md, "The WASI sandbox") and what
   * the failure must say for the rule to be its cause (else it is reported as a failure).
   */
  record Deviation(String rule, String sign) {}

  /** Tests Cairn cannot pass on purpose. */
  static final Map<String, Deviation> BY_DESIGN = new LinkedHashMap<>();

  /** Tests that need what a WASM job does not have at all (none of wasm32-wasip1's so far). */
  static final Map<String, String> NOT_APPLICABLE = new LinkedHashMap<>();

  static {
    String inode = "a stat reports device 0 and inode 0";
    String times = "times 0, and times the module sets are not kept";
    String sockets = "no sockets: sock_* are ENOTSUP, as node:wasi";
    String overflow = "attempt to subtract with overflow"; // mtim - 100 with mtim 0
    BY_DESIGN.put("fdopendir-with-access", new Deviation(inode, "inodes[0] != inodes[1]"));
    BY_DESIGN.put("stat-dev-ino", new Deviation(inode, "a_stat.st_ino != b_stat.st_ino"));
    BY_DESIGN.put("sock_shutdown-invalid_fd", new Deviation(sockets, "errno == EBADF"));
    BY_DESIGN.put("sock_shutdown-not_sock", new Deviation(sockets, "errno == ENOTSOCK"));
    BY_DESIGN.put(
        "dir_fd_op_failures",
        new Deviation(
            "a short buffer for a preopen's name is ENOBUFS, as node:wasi", "got NOBUFS"));
    BY_DESIGN.put("fd_filestat_set", new Deviation(times, overflow));
    BY_DESIGN.put("path_filestat", new Deviation(times, overflow));
    BY_DESIGN.put(
        "fd_flags_set",
        new Deviation("fd_fdstat_set_flags is ENOTSUP", "disabling flags: Errno { code: 58"));
    BY_DESIGN.put(
        "fd_readdir",
        new Deviation(
            "listings come without . and ..", "expected two entries in an empty directory"));
    BY_DESIGN.put(
        "interesting_paths",
        new Deviation(
            "a path's trailing NUL ends it (a C string), as node:wasi",
            "opening a file with a trailing NUL"));
    BY_DESIGN.put("symlink_filestat", new Deviation(times, overflow));
  }

  private WasiTestsuiteProbe() {}

  /**
   * What a module is expected to do, from its {@code .json}; {@code out} and {@code err} are null
   * where it does not say.
   */
  record Spec(
      List<String> args, Map<String, String> env, String root, int exit, String out, String err) {}

  /** What it did. */
  record Result(int exit, String status, byte[] stdout, byte[] stderr) {}

  public static void main(String[] argv) throws IOException {
    if (argv.length < 2) {
      System.err.println("usage: WasiTestsuiteProbe SUITE_DIR WORK_DIR [NAME...]");
      System.exit(2);
    }
    Path suite = Path.of(argv[0]);
    Path work = Files.createDirectories(Path.of(argv[1]));
    List<String> only = List.of(argv).subList(2, argv.length);
    BlockStore blocks = BlockStores.memory();
    WasmRunner runner = new WasmRunner(blocks, ImportOptions.defaults(), work.resolve("jobs"));
    Map<String, Integer> counts = new LinkedHashMap<>();
    System.out.printf("%-52s %s%n", "test", "result");
    for (String dir : SUITES) {
      Path d = suite.resolve(dir);
      if (!Files.isDirectory(d)) {
        throw new IllegalArgumentException(d + " is not a directory: is " + suite + " a checkout?");
      }
      List<Path> modules;
      try (Stream<Path> s = Files.list(d)) {
        modules = s.filter(p -> p.toString().endsWith(".wasm")).sorted().toList();
      }
      String lang = dir.split("/")[1];
      for (Path module : modules) {
        String name = module.getFileName().toString().replaceFirst("\\.wasm$", "");
        if (!only.isEmpty() && !only.contains(name)) {
          continue;
        }
        String verdict = verdict(name, run(module, spec(module), runner, blocks, work));
        counts.merge(verdict.split(" ")[0], 1, Integer::sum);
        System.out.printf("%-52s %s%n", lang + "/" + name, verdict);
      }
    }
    Path p3 = suite.resolve("tests/rust/testsuite/wasm32-wasip3");
    if (only.isEmpty() && Files.isDirectory(p3)) {
      try (Stream<Path> s = Files.list(p3)) {
        long n = s.filter(p -> p.toString().endsWith(".wasm")).count();
        System.out.printf(
            "%-52s n/a (%d WASI 0.3 components, not run: a job is WASI preview 1)%n",
            "rust/wasm32-wasip3/*", n);
      }
    }
    System.out.println();
    System.out.println("wasm32-wasip1 totals: " + counts);
  }

  private static String verdict(String name, String failure) {
    if (failure == null) {
      return "pass";
    }
    if (NOT_APPLICABLE.containsKey(name)) {
      return "n/a (" + NOT_APPLICABLE.get(name) + "; " + failure + ")";
    }
    Deviation d = BY_DESIGN.get(name);
    if (d != null && failure.contains(d.sign())) {
      return "by-design (" + d.rule() + "; " + failure + ")";
    }
    return "FAIL (" + failure + ")";
  }

  /** Null when the module did what its spec says, else what differed. */
  private static String run(Path module, Spec spec, WasmRunner runner, BlockStore blocks, Path work)
      throws IOException {
    byte[] bytes = Files.readAllBytes(module);
    List<String> argv = new ArrayList<>();
    argv.add("main"); // argv[0] as a job has it
    argv.addAll(spec.args());
    Result r;
    if (spec.root() == null) {
      WasmOutcome o =
          runner.run(
              WasmJob.command(bytes, Map.of(), "wasi-testsuite".getBytes(StandardCharsets.UTF_8))
                  .withArgs(argv)
                  .withEnv(spec.env()));
      r =
          new Result(
              exitOf(o.status()),
              o.status().toString(),
              cat(blocks, o.stdout()),
              cat(blocks, o.stderr()));
    } else {
      Path copy = work.resolve("root-" + module.getFileName());
      deleteTree(copy);
      copyTree(module.resolveSibling(spec.root()), copy);
      try {
        r = RootRun.run(bytes, argv, spec.env(), copy, work);
      } finally {
        deleteTree(copy);
      }
    }
    List<String> why = new ArrayList<>();
    if (r.exit() != spec.exit()) {
      why.add("ended " + r.status() + ", expected exit " + spec.exit());
    }
    String out = new String(r.stdout(), StandardCharsets.UTF_8);
    String err = new String(r.stderr(), StandardCharsets.UTF_8);
    // As the suite's runner: stdout and stderr are compared only where the spec gives them.
    if (spec.out() != null && !out.equals(spec.out())) {
      why.add("stdout " + quote(out) + ", expected " + quote(spec.out()));
    }
    if (spec.err() != null && !err.equals(spec.err())) {
      why.add("stderr " + quote(err) + ", expected " + quote(spec.err()));
    } else if (!why.isEmpty() && !err.isEmpty()) {
      why.add("stderr " + quote(err));
    }
    return why.isEmpty() ? null : String.join("; ", why);
  }

  /** The exit code a run gives: -1 when it did not exit (a trap, a limit). */
  private static int exitOf(WasmOutcome.Status s) {
    return switch (s.kind()) {
      case DONE -> 0;
      case EXIT -> Integer.parseInt(s.detail());
      default -> -1;
    };
  }

  private static String quote(String s) {
    String one = s.strip().replace("\n", "\\n");
    return "\"" + (one.length() > 300 ? one.substring(0, 300) + "..." : one) + "\"";
  }

  static Spec spec(Path module) throws IOException {
    Path json =
        module.resolveSibling(module.getFileName().toString().replaceFirst("\\.wasm$", ".json"));
    if (!Files.exists(json)) {
      return new Spec(List.of(), Map.of(), null, 0, null, null);
    }
    Ipld.Map m = (Ipld.Map) DagJson.decode(Files.readAllBytes(json), Strictness.LENIENT);
    if (m.field("operations").isPresent()) {
      throw new IllegalArgumentException(json + ": the operations form is not read by this probe");
    }
    List<String> args = new ArrayList<>();
    m.field("args").ifPresent(a -> ((Ipld.List) a).values().forEach(v -> args.add(str(v))));
    Map<String, String> env = new LinkedHashMap<>();
    m.field("env").ifPresent(e -> ((Ipld.Map) e).entries().forEach((k, v) -> env.put(k, str(v))));
    return new Spec(
        args,
        env,
        m.field("root").map(WasiTestsuiteProbe::str).orElse(null),
        m.field("exit_code").map(v -> (int) ((Ipld.Int) v).longValue()).orElse(0),
        m.field("stdout").map(WasiTestsuiteProbe::str).orElse(null),
        m.field("stderr").map(WasiTestsuiteProbe::str).orElse(null));
  }

  private static String str(Ipld v) {
    return ((Ipld.Str) v).value();
  }

  private static byte[] cat(BlockStore blocks, Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toByteArray();
  }

  /** Copies a directory as a job's scratch names its files (see {@link ScratchNames}). */
  private static void copyTree(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        Path target = to.resolve(ScratchNames.encode(p.getFileName().toString()));
        if (Files.isDirectory(p)) {
          copyTree(p, target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  static void deleteTree(Path p) {
    if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(q);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A sink for stdout or stderr as a job has, under {@code dir}. */
  static CappedSink sink(LogStream stream, Path dir) {
    return new CappedSink(stream, dir.resolve(stream.name()), 1 << 20, LogTap.NONE);
  }
}
