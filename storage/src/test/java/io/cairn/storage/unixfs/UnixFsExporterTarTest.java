package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.Cid;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class UnixFsExporterTarTest {
  private static final Instant NOW = Instant.ofEpochSecond(1_700_000_000, 500_000_000);

  private final DagFixture dag = new DagFixture();
  private final UnixFsExporter exporter =
      new UnixFsExporter(dag.store, Clock.fixed(NOW, ZoneOffset.UTC));

  private Cid text(String s) {
    return dag.raw(s.getBytes(StandardCharsets.UTF_8));
  }

  private Cid pbFile(String content, Integer mode, Instant mtime) {
    byte[] b = content.getBytes(StandardCharsets.UTF_8);
    return dag.node(
        DagFixture.fileData(b, b.length, List.of()).withMetadata(mode, mtime), List.of());
  }

  /** The tree the reference archives were made from. */
  private Cid referenceTree() {
    String longDir = "b-" + "d".repeat(58);
    String longFile = "c-" + "f".repeat(58) + ".txt";
    Cid nested =
        dag.directory(
            DagFixture.entries(longFile, text("nested")),
            0700,
            Instant.ofEpochSecond(1_500_000_000));
    return dag.directory(
        DagFixture.entries(
            "a.txt",
            pbFile("alpha\n", 0600, Instant.ofEpochSecond(1_600_000_000, 123_456_789)),
            longDir,
            nested,
            "link",
            dag.symlink("a.txt"),
            "longlink",
            dag.symlink("t/".repeat(75)),
            "old",
            pbFile("old", null, Instant.ofEpochSecond(-1001, 750_000_000)),
            "\u00fcn\u00ef.txt",
            text("u")));
  }

  /**
   * Byte for byte what Go's archive/tar (go1.19) writes for the same headers as boxo's TarWriter
   * sets them: transport.tar with Format PAX (Kubo's {@code get} without --archive), archive.tar
   * with the format left unknown ({@code --archive}).
   */
  @Test
  void writesTheSameBytesAsGosTarWriter() throws IOException {
    Cid root = referenceTree();
    ByteArrayOutputStream transport = new ByteArrayOutputStream();
    exporter.writeTar(root, "root", transport);
    assertSameBytes(transport.toByteArray(), resource("transport.tar"));

    ByteArrayOutputStream archive = new ByteArrayOutputStream();
    exporter.writeArchive(root, "root", new ArchiveOptions(true, 0), archive);
    assertSameBytes(archive.toByteArray(), resource("archive.tar"));

    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    exporter.writeArchive(root, "root", new ArchiveOptions(true, 9), gz);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      assertSameBytes(in.readAllBytes(), resource("archive.tar"));
    }
  }

  @Test
  void compressesASingleFileWithoutTarAndRefusesDirectories() throws IOException {
    byte[] content = TestData.bytes(1, 50_000);
    Cid file = dag.balanced(content, 4096, 4, true);
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    exporter.writeArchive(file, "f", new ArchiveOptions(false, -1), gz);
    try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(gz.toByteArray()))) {
      assertThat(in.readAllBytes()).isEqualTo(content);
    }
    Cid dir = dag.directory(DagFixture.entries("f", file));
    assertThatThrownBy(
            () ->
                exporter.writeArchive(
                    dir, "d", new ArchiveOptions(false, 6), new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a regular file");
    assertThatThrownBy(() -> new ArchiveOptions(true, 10))
        .hasMessage("compression level must be between 1 and 9");
  }

  @Test
  void writesLargeFilesInFullAndAnEntryForASingleFileRoot() throws IOException {
    byte[] content = TestData.bytes(2, 70_001);
    Cid file = dag.balanced(content, 1000, 8, false);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.writeTar(file, "data.bin", out);
    byte[] tar = out.toByteArray();
    // PAX header (mtime has nanoseconds), its record block, the USTAR header, the data padded, and
    // two zero blocks.
    assertThat(tar).hasSize(512 + 512 + 512 + 70_144 + 1024);
    assertThat(new String(tar, 0, 23, StandardCharsets.US_ASCII))
        .isEqualTo("PaxHeaders.0/data.bin\0\0");
    assertThat(java.util.Arrays.copyOfRange(tar, 1536, 1536 + content.length)).isEqualTo(content);
  }

  @Test
  void refusesRootNamesAndEntriesThatCouldEscape() {
    Cid bad =
        dag.node(
            UnixFsData.directory(),
            List.of(io.cairn.storage.codec.PbLink.of("../x", text("x"), 1)));
    assertThatThrownBy(() -> exporter.writeTar(bad, "root", new ByteArrayOutputStream()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has an entry named \"../x\"");
    assertThatThrownBy(() -> exporter.writeTar(text("x"), "a/b", new ByteArrayOutputStream()))
        .hasMessageContaining("the root name named \"a/b\"");
  }

  /**
   * IPIP-288's fixtures: a name such as "../file" that stays under the root is written at its
   * resolved place, as boxo's TarWriter writes it (path.Join); one that leaves the root, or names
   * the root itself, is refused.
   */
  @Test
  void resolvesRelativeEntryNamesThatStayUnderTheRoot() throws IOException {
    Cid inner = dag.directory(DagFixture.entries("../file", text("x")));
    Cid inside =
        dag.directory(DagFixture.entries("foobar", dag.directory(DagFixture.entries("d", inner))));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    exporter.writeArchive(inside, "root", new ArchiveOptions(true, 0), out);
    assertThat(headerNames(out.toByteArray()))
        .containsExactly("root", "root/foobar", "root/foobar/d", "root/foobar/file");

    // A name that leaves the root, names the directory or an ancestor, or goes into another entry
    // (through "link", an extractor could write outside the target).
    for (String name :
        List.of("../../x", "..", ".", "a/..", "b/../../../x", "", "nul\0", "b/c", "../link/x")) {
      Cid escaping =
          dag.directory(
              DagFixture.entries(
                  "link",
                  dag.symlink("/etc"),
                  "a",
                  dag.directory(DagFixture.entries(name, text("x")))));
      assertThatThrownBy(
              () ->
                  exporter.writeArchive(
                      escaping, "root", new ArchiveOptions(true, 0), new ByteArrayOutputStream()))
          .as(name)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("could write outside the target");
    }
  }

  /** The names of the entries of a tar of short names (no PAX path records). */
  private static List<String> headerNames(byte[] tar) {
    List<String> names = new java.util.ArrayList<>();
    for (int at = 0; at + 512 <= tar.length; ) {
      int end = at;
      while (end < at + 100 && tar[end] != 0) {
        end++;
      }
      if (end == at) {
        break;
      }
      long size =
          Long.parseLong(new String(tar, at + 124, 11, StandardCharsets.US_ASCII).trim(), 8);
      if (tar[at + 156] != 'x') {
        names.add(new String(tar, at, end - at, StandardCharsets.UTF_8));
      }
      at += 512 + (int) ((size + 511) / 512 * 512);
    }
    return names;
  }

  @Test
  void formatsPaxRecordsAndTimesAsGoDoes() {
    assertThat(TarWriter.paxRecord("path", "a")).isEqualTo("9 path=a\n");
    assertThat(TarWriter.paxRecord("mtime", "x".repeat(90))).hasSize(101).startsWith("101 ");
    assertThat(TarWriter.paxTime(Instant.ofEpochSecond(5))).isEqualTo("5");
    assertThat(TarWriter.paxTime(Instant.ofEpochSecond(5, 100_000_000))).isEqualTo("5.1");
    assertThat(TarWriter.paxTime(Instant.ofEpochSecond(-2, 999_999_999))).isEqualTo("-1.000000001");
    assertThat(TarWriter.split("a/" + "b".repeat(101))).isNull();
    assertThat(TarWriter.split("a/" + "b".repeat(100))).containsExactly("a", "b".repeat(100));
    assertThat(TarWriter.split("p".repeat(60) + "/" + "n".repeat(60)))
        .containsExactly("p".repeat(60), "n".repeat(60));
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = UnixFsExporterTarTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  private static void assertSameBytes(byte[] actual, byte[] expected) {
    int n = Math.min(actual.length, expected.length);
    for (int i = 0; i < n; i++) {
      if (actual[i] != expected[i]) {
        throw new AssertionError(
            "tar differs at byte "
                + i
                + " (block "
                + i / 512
                + ", offset "
                + i % 512
                + "): "
                + (actual[i] & 0xFF)
                + " instead of "
                + (expected[i] & 0xFF));
      }
    }
    assertThat(actual.length).as("tar length").isEqualTo(expected.length);
  }
}
