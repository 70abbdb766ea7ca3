package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Ipld;
import io.cairn.storage.codec.Strictness;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cairn's WASI checked against Node's own ({@code node:wasi}, V8, through {@code
 * interop/wasi-reference.mjs}): every test module whose output does not depend on the clock or on
 * random bytes runs in both over the same input file, and stdout, stderr, the files under {@code
 * /outputs} and how the run ended must be the same.
 *
 * <p>pathops.wat runs the path and rights cases of {@link WasiPathsTest} that node:wasi can express
 * over an input directory ({@link PathTree}) with the same tree on disk. Left out, where Cairn
 * differs on purpose (docs/compute.md): a write to an input (node:wasi writes the host file;
 * Cairn's inputs are read-only, EROFS), a symlink out of the sandbox reached without {@code
 * LOOKUP_SYMLINK_FOLLOW} or before the last name (node:wasi lets the host follow it out; Cairn
 * refuses it, ENOTCAPABLE), {@code path_open} of a symlink without {@code LOOKUP_SYMLINK_FOLLOW}
 * (node:wasi's host open follows it; Cairn answers ELOOP, as wasmtime), {@code path_symlink} to an
 * absolute target (node:wasi makes it; Cairn answers EPERM, as wasmtime), and {@code ../inputsX}
 * from {@code /inputs} (uvwasi's string prefix check lets it through), and a directory descriptor
 * whose directory is renamed or removed (uvwasi reaches it by its old host path; Cairn follows the
 * directory, as Linux and wasmtime).
 *
 * <p>linkops.wat runs the symlink and hard link cases of {@link WasiLinksTest} that node:wasi can
 * express, each ending with its symlinks unlinked (the comparison reads /outputs as files).
 *
 * <p>Left out too: random.wat (its bytes come from the job's seed in Cairn, from the OS in Node),
 * loop.wat, startloop.wat and bomb.wat (they never end), badimport.wat (Node refuses to link it, as
 * Cairn does), bigmem.wat and hostcalls.wat's cases B and G (memory past Cairn's cap, which
 * node:wasi does not have), case o (a load past memory.size inside the array Chicory grew, which V8
 * traps and Cairn does not, see CappedMemory), the errors only a broken host gives, and
 * hostcalls.wat's case u: node:wasi answers it EINVAL as Cairn does, then aborts as it exits
 * (uvwasi's {@code path_filestat_set_times} returns on bad flags with the descriptor's lock held).
 */
@Tag("compute")
@Tag("interop")
class WasiReferenceIT {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);
  private static final byte[] INPUT = randomBytes(200_000, 11);

  /** A module run with its arguments ({@code argv[0]} included). */
  private record Case(String module, List<String> args) {
    @Override
    public String toString() {
      return module + " " + args;
    }
  }

  private static final List<Case> CASES =
      List.of(
          new Case("hello", List.of("main")),
          new Case("calls", List.of("main")),
          new Case("count", List.of("main", "a", "b", "c")),
          new Case("grow", List.of("main")),
          new Case("trap", List.of("main")),
          new Case("copy", List.of("main")),
          new Case("copy", List.of("main", "70000")),
          new Case("copy", List.of("main", "199990")),
          new Case("openpath", List.of("main", "in")),
          new Case("openpath", List.of("main", "nope")),
          new Case("openpath", List.of("main", "../x")),
          new Case("openpath", List.of("main", "/etc/passwd")),
          // Paths and rights over PathTree (see WasiPathsTest for what each shows): pathops DIRFD
          // PATH LOOKUPFLAGS OFLAGS RIGHTS ACTION [SUBPATH].
          pathops("3 d/a/../b 0 0 2 read"),
          pathops("3 ./in 0 0 2 read"),
          pathops("3 d/nope/../b 0 0 2 read"),
          pathops("3 d/x/../b 0 0 2 read"),
          pathops("3 d/a/../../d/b 0 0 2 read"),
          pathops("3 ../inputs/in 0 0 2 read"),
          pathops("3 ../x 0 0 2 read"),
          pathops("3 d/../../in 0 0 2 read"),
          pathops("3 .. 0 0 2 read"),
          pathops("3 ../outputs 0 0 2 read"),
          pathops("3 /inputs/in 0 0 2 read"),
          pathops("3 /etc/passwd 0 0 2 read"),
          pathops("3 in/ 0 0 2 read"),
          pathops("3 in/x 0 0 2 read"),
          pathops("3 d/nope/x 0 0 2 read"),
          pathops("3 d 0 0 2 read"),
          pathops("3 . 0 0 2 read"),
          pathops("3 d 0 0 2 read a/../b"),
          pathops("3 d 0 0 2 read ../d/b"),
          pathops("3 d 0 0 2 read ../in"),
          pathops("3 d/link-b 1 0 2 read"),
          pathops("3 d/link-up 1 0 2 read"),
          pathops("3 d/link-abs-in 1 0 2 read"),
          pathops("3 d/link-dir/x 0 0 2 read"),
          pathops("3 d/link-dir/../b 1 0 2 read"),
          pathops("3 d/link-out 1 0 2 read"),
          pathops("3 d/link-esc 1 0 2 read"),
          pathops("3 d/loop1 1 0 2 read"),
          pathops("3 d/loop1 0 0 2 read"),
          pathops("3 d 1 0 2 read link-up"),
          pathops("3 d/link-b 0 0 0 stat"),
          pathops("3 d/link-b 1 0 0 stat"),
          pathops("3 d/link-out 1 0 0 stat"),
          pathops("3 in 0 0 2 write"),
          pathops("4 o 0 1 2 write"),
          pathops("4 o 0 1 64 write"),
          pathops("4 o 0 9 66 write"),
          pathops("3 d 0 0 64 open"),
          pathops("3 d 0 8 0 open"),
          pathops("3 in 0 5 2 open"),
          pathops("3 in 0 2 2 open"),
          pathops("3 in 0 1 2 read"),
          pathops("4 nope/ 0 1 66 open"),
          pathops("4 a/../m 0 0 0 mkdir"),
          pathops("4 ../inputs/z 0 0 0 mkdir"),
          // Host calls at their edges (see WasiHostEdgesTest): buffers past the memory, unsigned
          // cookies and offsets, long names, renames rename(2) refuses.
          hostcalls("r"),
          hostcalls("c"),
          hostcalls("g"),
          hostcalls("w"),
          hostcalls("b"),
          hostcalls("d"),
          hostcalls("n"),
          hostcalls("s"),
          hostcalls("p"),
          hostcalls("l"),
          hostcalls("m"),
          hostcalls("E"),
          hostcalls("N"),
          hostcalls("S"),
          hostcalls("T"),
          hostcalls("U"),
          hostcalls("F"),
          hostcalls("P"),
          hostcalls("K"),
          hostcalls("q"),
          hostcalls("Q"),
          hostcalls("t"),
          hostcalls("v"),
          // Symlinks and hard links in /outputs (see WasiLinksTest).
          linkops("w f s f l r l c l t l T l u l"),
          linkops("w a h a b w b c a t a t b u a c b t b"),
          linkops("s l1 l1 c l1 T l1 u l1"),
          linkops("s x t/ d t s x t w f s x f"),
          linkops("w b h b b d dir h dir x h b dir h nope x"),
          // An open file renamed, replaced or unlinked (fd_filestat_get is fstat(2) in node:wasi).
          linkops("O a h a b m a c S -"),
          linkops("O a u a S - w a h a b S - x - S - c a"),
          linkops("O a w b m b a S - c a"),
          new Case("start", List.of("main")));

  private static Case hostcalls(String letter) {
    return new Case("hostcalls", List.of("main", letter));
  }

  private static Case linkops(String script) {
    List<String> argv = new ArrayList<>(List.of("main"));
    argv.addAll(List.of(script.split(" ")));
    return new Case("linkops", argv);
  }

  private static Case pathops(String args) {
    List<String> argv = new ArrayList<>(List.of("main"));
    argv.addAll(List.of(args.split(" ")));
    return new Case("pathops", argv);
  }

  @TempDir Path tmp;

  private final BlockStore blocks = BlockStores.memory();

  @Test
  void everyDeterministicTestModuleGivesNodesBytes() throws IOException {
    Path inputs = Files.createDirectories(tmp.resolve("inputs"));
    Files.write(inputs.resolve("in"), INPUT);
    PathTree.writeUnder(inputs);
    Cid in =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importStream("in", new ByteArrayInputStream(INPUT), ImportListener.NONE)
            .cid();
    Map<String, Cid> cairnInputs = Map.of("in", in, PathTree.NAME, PathTree.importTo(blocks));
    WasmRunner runner =
        new WasmRunner(blocks, ImportOptions.defaults(), Files.createDirectory(tmp.resolve("s")));
    int n = 0;
    for (Case c : CASES) {
      Path dir = Files.createDirectory(tmp.resolve("run" + n++));
      Path module = Files.write(dir.resolve(c.module() + ".wasm"), module(c.module()));
      Path outputs = Files.createDirectory(dir.resolve("outputs"));
      List<String> argv = new ArrayList<>();
      Stream.of(module, inputs, outputs, dir.resolve("stdout"), dir.resolve("stderr"))
          .forEach(p -> argv.add(p.toString()));
      argv.add("--");
      argv.addAll(c.args());
      String json = JsReference.run("wasi-reference.mjs", argv.toArray(String[]::new));
      Ipld.Map node =
          (Ipld.Map)
              DagJson.decode(json.strip().getBytes(StandardCharsets.UTF_8), Strictness.LENIENT);

      WasmOutcome cairn =
          runner.run(WasmJob.command(module(c.module()), cairnInputs, SEED).withArgs(c.args()));

      String cairnStatus =
          cairn.status().kind() == WasmOutcome.Kind.TRAP ? "trap" : cairn.status().toString();
      assertThat(cairnStatus).as(c.toString()).isEqualTo(nodeStatus(node));
      assertThat(cat(cairn.stdout()))
          .as(c + " stdout")
          .isEqualTo(Files.readAllBytes(dir.resolve("stdout")));
      assertThat(cat(cairn.stderr()))
          .as(c + " stderr")
          .isEqualTo(Files.readAllBytes(dir.resolve("stderr")));
      if (cairn.status().kind() == WasmOutcome.Kind.DONE) {
        assertThat(files(cairn.outputRoot())).as(c + " /outputs").isEqualTo(files(outputs));
        // The same bytes under the same names: the same output CID.
        assertThat(cairn.outputRoot())
            .as(c + " output CID")
            .isEqualTo(
                OutputTree.importDirectory(
                        outputs, blocks, ImportOptions.defaults(), Long.MAX_VALUE)
                    .orElseThrow());
      }
    }
  }

  /** Node's result in Cairn's words (a trap's wording is the engine's own, so only its kind). */
  private static String nodeStatus(Ipld.Map node) {
    String status = ((Ipld.Str) node.field("status").orElseThrow()).value();
    if (status.equals("trap")) {
      return "trap";
    }
    long code = ((Ipld.Int) node.field("code").orElseThrow()).longValue();
    return code == 0 ? "done" : "exit " + code;
  }

  private Map<String, String> files(Cid dir) {
    Map<String, String> files = new TreeMap<>();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    try (Stream<DirEntry> entries = exporter.list(dir, true)) {
      entries.forEach(
          e -> files.put(e.name(), e.kind().isDirectory() ? "directory" : hex(cat(e.cid()))));
    }
    return files;
  }

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        String name = p.getFileName().toString();
        files.put(name, Files.isDirectory(p) ? "directory" : hex(Files.readAllBytes(p)));
      }
    }
    return files;
  }

  private byte[] cat(Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toByteArray();
  }

  private static String hex(byte[] bytes) {
    return java.util.HexFormat.of().formatHex(bytes);
  }

  private static byte[] module(String name) {
    return WasmFixtures.bytes(name);
  }

  private static byte[] randomBytes(int n, long seed) {
    byte[] b = new byte[n];
    new Random(seed).nextBytes(b);
    return b;
  }
}
