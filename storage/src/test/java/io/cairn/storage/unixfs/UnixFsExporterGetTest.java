package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UnixFsExporterGetTest {
  private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

  @TempDir Path tmp;
  private final DagFixture dag = new DagFixture();
  private final UnixFsExporter exporter = new UnixFsExporter(dag.store);
  private final byte[] big = TestData.bytes(5, 12_345);

  private Cid text(String s) {
    return dag.raw(s.getBytes(StandardCharsets.UTF_8));
  }

  private static int mode(Path p) throws IOException {
    return (Integer) Files.getAttribute(p, "unix:mode", NOFOLLOW) & 07777;
  }

  private static Instant mtime(Path p) throws IOException {
    return Files.getLastModifiedTime(p, NOFOLLOW).toInstant();
  }

  @Test
  void writesATreeOfFilesSymlinksAndDirectories() throws IOException {
    Map<String, Cid> many = new LinkedHashMap<>();
    for (int i = 0; i < 400; i++) {
      many.put("n" + i, text("v" + i));
    }
    Cid sharded = dag.hamt(many, 256, null, null);
    Cid nested = dag.directory(DagFixture.entries("big.bin", dag.balanced(big, 1000, 3, false)));
    Cid root =
        dag.directory(
            DagFixture.entries(
                "a.txt", text("alpha"),
                "empty", dag.pbLeaf(null),
                "link", dag.symlink("a.txt"),
                "nested", nested,
                "sharded", sharded,
                "void", dag.directory(DagFixture.entries())));
    List<Long> progress = new ArrayList<>();
    Path out = tmp.resolve("out");
    exporter.get(root, out, progress::add);

    assertThat(Files.readString(out.resolve("a.txt"))).isEqualTo("alpha");
    assertThat(Files.size(out.resolve("empty"))).isZero();
    assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("a.txt"));
    assertThat(Files.readAllBytes(out.resolve("nested/big.bin"))).isEqualTo(big);
    assertThat(Files.isDirectory(out.resolve("void"))).isTrue();
    try (Stream<Path> files = Files.list(out.resolve("sharded"))) {
      assertThat(files.count()).isEqualTo(400);
    }
    assertThat(Files.readString(out.resolve("sharded/n123"))).isEqualTo("v123");
    long total =
        5 + big.length + many.values().stream().mapToLong(c -> exporter.stat(c).size()).sum();
    assertThat(progress).isSorted().last().isEqualTo(total);
    try (Stream<Path> leftovers = Files.walk(out)) {
      assertThat(leftovers.map(Path::toString)).noneMatch(p -> p.endsWith(".part"));
    }
  }

  @Test
  void appliesModesAndMtimesAndKubosDefaults() throws IOException {
    Instant fileTime = Instant.ofEpochSecond(1_600_000_000, 123_456_789);
    Instant dirTime = Instant.ofEpochSecond(1_500_000_000);
    Instant linkTime = Instant.ofEpochSecond(1_400_000_000);
    Cid file =
        dag.node(
            DagFixture.fileData("x".getBytes(), 1, List.of()).withMetadata(0600, fileTime),
            List.of());
    Cid setuid =
        dag.node(
            DagFixture.fileData("y".getBytes(), 1, List.of()).withMetadata(04755, null), List.of());
    Cid link =
        dag.node(UnixFsData.symlink("file".getBytes()).withMetadata(null, linkTime), List.of());
    Cid readOnlyDir = dag.directory(DagFixture.entries("inside", text("i")), 0555, dirTime);
    Cid root =
        dag.directory(
            DagFixture.entries(
                "file",
                file,
                "setuid",
                setuid,
                "plain",
                text("p"),
                "link",
                link,
                "ro",
                readOnlyDir));
    Path out = tmp.resolve("out");
    exporter.get(root, out, GetListener.NONE);

    assertThat(mode(out.resolve("file"))).isEqualTo(0600);
    assertThat(mtime(out.resolve("file"))).isEqualTo(fileTime);
    assertThat(mode(out.resolve("setuid"))).isEqualTo(0755); // setuid is not applied
    assertThat(mode(out.resolve("plain"))).isEqualTo(0644);
    assertThat(mode(out)).isEqualTo(0755);
    assertThat(mtime(out.resolve("link"))).isEqualTo(linkTime);
    assertThat(mode(out.resolve("ro"))).isEqualTo(0555);
    assertThat(mtime(out.resolve("ro"))).isEqualTo(dirTime); // set after its child was written
    assertThat(Files.readString(out.resolve("ro/inside"))).isEqualTo("i");
    Files.setAttribute(out.resolve("ro"), "unix:mode", 0755); // let the temp dir be cleaned
  }

  @ParameterizedTest
  @ValueSource(strings = {"..", ".", "", "a/b", "../escape", "nul\0name"})
  void refusesEntryNamesThatCouldEscapeTheTarget(String name) throws IOException {
    Cid dir = dag.node(UnixFsData.directory(), List.of(PbLink.of(name, text("payload"), 7)));
    Path out = tmp.resolve("nest/out");
    Files.createDirectories(out);
    assertThatThrownBy(() -> exporter.get(dir, out, GetListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("directory " + dir + " has an entry named")
        .hasMessageContaining("could write outside the target");
    try (Stream<Path> all = Files.walk(tmp)) {
      assertThat(all.filter(Files::isRegularFile)).isEmpty();
    }
  }

  @Test
  void putsARootFileInsideAnExistingDirectoryOrAtTheTarget() throws IOException {
    Cid file = text("content");
    Path dir = Files.createDirectory(tmp.resolve("dir"));
    exporter.get(file, "name.txt", dir, GetListener.NONE);
    assertThat(Files.readString(dir.resolve("name.txt"))).isEqualTo("content");

    exporter.get(file, dir.resolve("direct"), GetListener.NONE);
    assertThat(Files.readString(dir.resolve("direct"))).isEqualTo("content");

    Files.writeString(dir.resolve("old"), "old content that is longer");
    exporter.get(file, dir.resolve("old"), GetListener.NONE);
    assertThat(Files.readString(dir.resolve("old"))).isEqualTo("content");

    exporter.get(file, dir, GetListener.NONE);
    assertThat(Files.readString(dir.resolve(file.toString()))).isEqualTo("content");

    assertThatThrownBy(() -> exporter.get(file, "..", dir, GetListener.NONE))
        .hasMessageContaining("the root name named \"..\"");
  }

  @Test
  void mergesADirectoryIntoAnExistingOneAndReplacesFilesInTheWay() throws IOException {
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.writeString(out.resolve("keep"), "mine");
    Files.writeString(out.resolve("a"), "stale");
    Files.createDirectory(out.resolve("b"));
    Cid root = dag.directory(DagFixture.entries("a", text("new a"), "b", text("new b")));
    exporter.get(root, out, GetListener.NONE);
    assertThat(Files.readString(out.resolve("keep"))).isEqualTo("mine");
    assertThat(Files.readString(out.resolve("a"))).isEqualTo("new a");
    assertThat(Files.readString(out.resolve("b"))).isEqualTo("new b"); // an empty dir is replaced
  }

  @Test
  void neverWritesThroughASymlinkInTheWay() throws IOException {
    Path outside = Files.createDirectory(tmp.resolve("outside"));
    Path out = Files.createDirectory(tmp.resolve("out"));
    Files.createSymbolicLink(out.resolve("sub"), outside);
    Cid root =
        dag.directory(DagFixture.entries("sub", dag.directory(DagFixture.entries("x", text("x")))));
    assertThatThrownBy(() -> exporter.get(root, out, GetListener.NONE))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("is not a directory (a symlink is not followed)");
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).isEmpty();
    }

    // A DAG that makes a symlink and then a directory of the same name cannot write through it.
    Path out2 = tmp.resolve("out2");
    Cid twice =
        dag.node(
            UnixFsData.directory(),
            List.of(
                PbLink.of("d", dag.symlink(outside.toString()), 1),
                PbLink.of("d", dag.directory(DagFixture.entries("x", text("x"))), 1)));
    assertThatThrownBy(() -> exporter.get(twice, out2, GetListener.NONE))
        .isInstanceOf(UncheckedIOException.class);
    try (Stream<Path> files = Files.list(outside)) {
      assertThat(files).isEmpty();
    }
  }

  @Test
  void refusesADirectoryOverAFileAndNonUnixFsNodes() throws IOException {
    Path file = Files.writeString(tmp.resolve("file"), "x");
    Cid dir = dag.directory(DagFixture.entries());
    assertThatThrownBy(() -> exporter.get(dir, file, GetListener.NONE))
        .isInstanceOf(UncheckedIOException.class);
    Cid cbor = dag.put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    Cid withCbor = dag.directory(DagFixture.entries("c", cbor));
    assertThatThrownBy(() -> exporter.get(withCbor, tmp.resolve("c"), GetListener.NONE))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not UnixFS, not a UnixFS file, directory or symlink");
  }

  @Test
  void writesNothingToTheNullDevice() {
    DagFixture.CountingStore counting = new DagFixture.CountingStore(dag.store);
    new UnixFsExporter(counting).get(text("x"), Path.of("/dev/null"), GetListener.NONE);
    assertThat(counting.gets.get()).isZero();
  }
}
