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
 * <p>Left out: random.wat (its bytes come from the job's seed in Cairn, from the OS in Node),
 * loop.wat and bomb.wat (they never end), badimport.wat (Node refuses to link it, as Cairn does).
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
          new Case("openpath", List.of("main", "/etc/passwd")));

  @TempDir Path tmp;

  private final BlockStore blocks = BlockStores.memory();

  @Test
  void everyDeterministicTestModuleGivesNodesBytes() throws IOException {
    Path inputs = Files.createDirectories(tmp.resolve("inputs"));
    Files.write(inputs.resolve("in"), INPUT);
    Cid in =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importStream("in", new ByteArrayInputStream(INPUT), ImportListener.NONE)
            .cid();
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
          runner.run(
              WasmJob.command(module(c.module()), Map.of("in", in), SEED).withArgs(c.args()));

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
            .isEqualTo(OutputTree.importDirectory(outputs, blocks, ImportOptions.defaults()));
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
      entries.forEach(e -> files.put(e.name(), hex(cat(e.cid()))));
    }
    return files;
  }

  private static Map<String, String> files(Path dir) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> entries = Files.list(dir)) {
      for (Path p : entries.toList()) {
        files.put(p.getFileName().toString(), hex(Files.readAllBytes(p)));
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
