package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Reads DAGs that the JS {@code ipfs-unixfs-importer} built from a tree on disk, in several
 * profiles (balanced and trickle layouts, raw and dag-pb leaves, UnixFS Raw leaves, CIDv0 and v1,
 * HAMT-sharded directories with fanouts 256 and 16), and checks the exporter against the tree and
 * against {@code ipfs-unixfs-exporter}.
 */
@Tag("interop")
class ExporterInteropIT {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
  private static final int MANY = 3000;

  @TempDir static Path fixture;
  private static Path tree;
  private static final BlockStore store = BlockStores.memory();
  private static final Map<String, Map<String, Cid>> entries = new HashMap<>();
  private static final Map<String, Map<String, List<JsonNode>>> listings = new HashMap<>();
  private static final Map<String, Boolean> fileMeta = new HashMap<>();
  private final UnixFsExporter exporter = new UnixFsExporter(store);

  @BeforeAll
  static void importWithTheJsImporter() throws IOException {
    tree = fixture.resolve("tree");
    buildTree(tree);
    String output = JsReference.run("exporter-dag.mjs", fixture.toString());
    ObjectMapper json = new ObjectMapper();
    for (String line : output.split("\n")) {
      JsonNode n = json.readTree(line);
      switch (n.get("t").asText()) {
        case "block" -> {
          Cid cid = Cid.parse(n.get("cid").asText());
          byte[] data = Base64.getDecoder().decode(n.get("data").asText());
          store.put(Block.verified(cid, data, "the JS importer"));
        }
        case "profile" -> fileMeta.put(n.get("name").asText(), n.get("fileMeta").asBoolean());
        case "entry" ->
            entries
                .computeIfAbsent(n.get("profile").asText(), k -> new LinkedHashMap<>())
                .put(n.get("path").asText(), Cid.parse(n.get("cid").asText()));
        case "dir" ->
            listings
                .computeIfAbsent(n.get("profile").asText(), k -> new LinkedHashMap<>())
                .put(n.get("dir").asText(), new ArrayList<>());
        case "ls" ->
            listings
                .computeIfAbsent(n.get("profile").asText(), k -> new LinkedHashMap<>())
                .computeIfAbsent(n.get("dir").asText(), k -> new ArrayList<>())
                .add(n);
        default -> throw new IllegalStateException("unexpected line " + line);
      }
    }
  }

  private static void buildTree(Path root) throws IOException {
    Files.createDirectories(root.resolve("void"));
    Files.write(root.resolve("empty"), new byte[0]);
    Files.writeString(root.resolve("small.txt"), "hello world\n");
    TestData.file(root.resolve("chunk-exact.bin"), 1, 262_144);
    TestData.file(root.resolve("medium.bin"), 2, 1_234_567);
    TestData.file(root.resolve("big.bin"), 3, 2_000_003);
    Files.writeString(root.resolve("with space.txt"), "spaced");
    Files.writeString(root.resolve("\u00fcn\u00efcode-\u00f1ame.txt"), "unicode");
    Path deep = Files.createDirectories(root.resolve("nested/a/b/c"));
    Files.writeString(deep.resolve("deep.txt"), "deep inside");
    TestData.file(root.resolve("nested/a/other.bin"), 4, 70_000);
    Path many = Files.createDirectories(root.resolve("many/sub"));
    Files.writeString(many.resolve("inner.txt"), "inner");
    for (int i = 0; i < MANY; i++) {
      Files.writeString(
          root.resolve("many").resolve(String.format("entry-%04d.txt", i)), "entry " + i);
    }
    Path links = Files.createDirectories(root.resolve("links"));
    Files.createSymbolicLink(links.resolve("rel"), Path.of("../small.txt"));
    Files.createSymbolicLink(links.resolve("abs"), Path.of("/etc/passwd"));
    Files.createSymbolicLink(links.resolve("dangling"), Path.of("nowhere/at/all"));
    Path meta = Files.createDirectories(root.resolve("meta-dir"));
    TestData.file(meta.resolve("meta-script.sh"), 5, 5000);
    Files.writeString(meta.resolve("meta-ro.txt"), "read only\n");
    Files.writeString(meta.resolve("plain.txt"), "plain");
    Files.createSymbolicLink(meta.resolve("meta-link"), Path.of("meta-ro.txt"));
    setMeta(
        meta.resolve("meta-script.sh"), 0755, Instant.ofEpochSecond(1_600_000_000, 123_456_789));
    setMeta(meta.resolve("meta-ro.txt"), 0444, Instant.ofEpochSecond(1_650_000_000));
    setTime(meta.resolve("meta-link"), Instant.ofEpochSecond(1_400_000_000, 500_000_000));
    setMeta(meta, 0750, Instant.ofEpochSecond(1_500_000_000, 250_000_000));
  }

  private static void setMeta(Path p, int mode, Instant mtime) throws IOException {
    Files.setAttribute(p, "unix:mode", mode);
    setTime(p, mtime);
  }

  private static void setTime(Path p, Instant t) throws IOException {
    FileTime ft = FileTime.from(t);
    Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(ft, ft, null);
  }

  private static Map<String, Cid> profile(String name) {
    assertThat(entries).containsKey(name);
    return entries.get(name);
  }

  private static String relative(String importPath) {
    return importPath.equals("tree") ? "" : importPath.substring("tree/".length());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubo-v0",
        "v1-raw-sharded",
        "deep-balanced-fanout16",
        "trickle-unixfs-raw-leaves",
        "trickle-raw"
      })
  void readsWhatTheJsImporterWrote(String profileName) throws IOException {
    Map<String, Cid> imported = profile(profileName);
    Cid root = imported.get("tree");
    assertThat(imported).hasSizeGreaterThan(MANY);

    // Every path resolves to the CID the importer reported, through flat and sharded directories.
    for (Map.Entry<String, Cid> e : imported.entrySet()) {
      String rel = relative(e.getKey());
      assertThat(exporter.resolve(root, rel)).as("%s %s", profileName, rel).isEqualTo(e.getValue());
    }
    assertThat(exporter.resolve(IpfsPath.parse("/ipfs/" + root + "/nested/a/b/c/deep.txt")))
        .isEqualTo(imported.get("tree/nested/a/b/c/deep.txt"));

    // Every file reads back whole, and the larger ones in random ranges.
    SplittableRandom random = new SplittableRandom(profileName.hashCode());
    for (Map.Entry<String, Cid> e : imported.entrySet()) {
      Path onDisk = tree.resolve(relative(e.getKey()));
      if (!Files.isRegularFile(onDisk, NOFOLLOW)) {
        continue;
      }
      byte[] original = Files.readAllBytes(onDisk);
      assertThat(cat(e.getValue(), 0, -1)).as("%s %s", profileName, e.getKey()).isEqualTo(original);
      assertThat(exporter.stat(e.getValue()).size()).isEqualTo(original.length);
      if (original.length > 10_000) {
        for (int i = 0; i < 8; i++) {
          int offset = random.nextInt(original.length + 10);
          int length = random.nextInt(300_000);
          int from = Math.min(offset, original.length);
          int to = (int) Math.min(original.length, (long) from + length);
          assertThat(cat(e.getValue(), offset, length))
              .as("%s %s [%d, +%d)", profileName, e.getKey(), offset, length)
              .isEqualTo(Arrays.copyOfRange(original, from, to));
        }
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubo-v0",
        "v1-raw-sharded",
        "deep-balanced-fanout16",
        "trickle-unixfs-raw-leaves",
        "trickle-raw"
      })
  void listsWhatTheJsExporterLists(String profileName) {
    Map<String, Cid> imported = profile(profileName);
    Map<String, List<JsonNode>> dirs = listings.get(profileName);
    assertThat(dirs)
        .containsKeys("tree", "tree/many", "tree/many/sub", "tree/meta-dir", "tree/void");
    for (Map.Entry<String, List<JsonNode>> d : dirs.entrySet()) {
      Cid dir = imported.get(d.getKey());
      List<JsonNode> js = d.getValue();
      List<DirEntry> ours = exporter.listInDagOrder(dir, true).toList();
      assertThat(ours).as("%s %s", profileName, d.getKey()).hasSameSizeAs(js);
      for (int i = 0; i < js.size(); i++) {
        JsonNode j = js.get(i);
        DirEntry o = ours.get(i);
        String what = profileName + " " + d.getKey() + "/" + j.get("name").asText();
        assertThat(o.name()).as(what).isEqualTo(j.get("name").asText());
        assertThat(o.cid()).as(what).hasToString(j.get("cid").asText());
        assertThat(o.tsize()).as(what).isEqualTo(j.get("tsize").asLong());
        assertThat(o.kind()).as(what).isEqualTo(kindOf(j));
        if (!o.kind().isDirectory()) {
          assertThat(o.size()).as(what).isEqualTo(j.get("size").asLong());
        }
        int defaultMode = o.kind().isDirectory() ? 0755 : 0644;
        if (!j.get("mode").isNull()) {
          assertThat(o.mode() == null ? defaultMode : o.mode())
              .as(what)
              .isEqualTo(j.get("mode").asInt());
        }
        JsonNode t = j.get("mtime");
        assertThat(o.mtime())
            .as(what)
            .isEqualTo(
                t.isNull()
                    ? null
                    : Instant.ofEpochSecond(t.get("secs").asLong(), t.get("nsecs").asLong()));
      }
      TreeSet<String> sorted = new TreeSet<>(ExporterInteropIT::compareUtf8);
      js.forEach(j -> sorted.add(j.get("name").asText()));
      assertThat(exporter.list(dir, false).map(DirEntry::name)).containsExactlyElementsOf(sorted);
    }
    Cid many = imported.get("tree/many");
    UnixFsNode.Kind expected =
        profileName.equals("kubo-v0") || profileName.startsWith("trickle")
            ? UnixFsNode.Kind.DIRECTORY
            : UnixFsNode.Kind.HAMT_DIRECTORY;
    assertThat(exporter.stat(many).kind()).isEqualTo(expected);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "kubo-v0",
        "v1-raw-sharded",
        "deep-balanced-fanout16",
        "trickle-unixfs-raw-leaves",
        "trickle-raw"
      })
  void getWritesTheTreeBack(String profileName, @TempDir Path out) throws IOException {
    Cid root = profile(profileName).get("tree");
    Path target = out.resolve("tree");
    exporter.get(root, target, GetListener.NONE);
    compareTrees(tree, target, fileMeta.get(profileName));
  }

  @Test
  void shardedDirectoriesAreReallySharded() {
    Cid many = profile("deep-balanced-fanout16").get("tree/many");
    UnixFsNode node = exporter.stat(many);
    assertThat(node.kind()).isEqualTo(UnixFsNode.Kind.HAMT_DIRECTORY);
    assertThat(node.linkCount()).isLessThanOrEqualTo(16);
  }

  private static void compareTrees(Path expected, Path actual, boolean filesKeepMeta)
      throws IOException {
    List<String> names;
    try (Stream<Path> s = Files.list(expected)) {
      names = s.map(p -> p.getFileName().toString()).sorted().toList();
    }
    try (Stream<Path> s = Files.list(actual)) {
      assertThat(s.map(p -> p.getFileName().toString()).sorted().toList())
          .as(actual.toString())
          .isEqualTo(names);
    }
    for (String name : names) {
      Path e = expected.resolve(name);
      Path a = actual.resolve(name);
      if (Files.isSymbolicLink(e)) {
        assertThat(Files.isSymbolicLink(a)).as(a.toString()).isTrue();
        assertThat(Files.readSymbolicLink(a)).isEqualTo(Files.readSymbolicLink(e));
      } else if (Files.isDirectory(e, NOFOLLOW)) {
        assertThat(Files.isDirectory(a, NOFOLLOW)).as(a.toString()).isTrue();
        compareTrees(e, a, filesKeepMeta);
      } else {
        assertThat(Files.readAllBytes(a)).as(a.toString()).isEqualTo(Files.readAllBytes(e));
      }
      boolean meta =
          name.startsWith("meta-") && (filesKeepMeta || !Files.isRegularFile(e, NOFOLLOW));
      if (meta) {
        assertThat(Files.getLastModifiedTime(a, NOFOLLOW))
            .as(a.toString())
            .isEqualTo(Files.getLastModifiedTime(e, NOFOLLOW));
        if (!Files.isSymbolicLink(e)) {
          assertThat(Files.getAttribute(a, "unix:mode", NOFOLLOW))
              .as(a.toString())
              .isEqualTo(Files.getAttribute(e, "unix:mode", NOFOLLOW));
        }
      }
    }
  }

  private static UnixFsNode.Kind kindOf(JsonNode j) {
    if (j.get("type").asText().equals("raw")) {
      return UnixFsNode.Kind.RAW;
    }
    return switch (j.get("unixfsType").asText()) {
      case "file", "raw" -> UnixFsNode.Kind.FILE;
      case "directory" -> UnixFsNode.Kind.DIRECTORY;
      case "hamt-sharded-directory" -> UnixFsNode.Kind.HAMT_DIRECTORY;
      case "symlink" -> UnixFsNode.Kind.SYMLINK;
      default -> UnixFsNode.Kind.OTHER;
    };
  }

  private static int compareUtf8(String a, String b) {
    return Arrays.compareUnsigned(
        a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private byte[] cat(Cid cid, long offset, long length) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.cat(cid, offset, length, out);
    return out.toByteArray();
  }
}
