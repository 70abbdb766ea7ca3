package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client side of {@code get}: tar streams unpacked by boxo's rules, fed in pieces of any size;
 * entries that would land outside the target refused.
 */
class TarUnpackerTest {
  @TempDir Path tmp;

  /** Writes USTAR entries (and PAX records) as a tar writer would. */
  private static final class Tar {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();

    Tar entry(String name, char type, String body, int mode, long mtime, String link) {
      byte[] data = body.getBytes(StandardCharsets.UTF_8);
      byte[] h = new byte[512];
      put(h, 0, name);
      put(h, 100, String.format("%07o", mode));
      put(h, 108, "0000000");
      put(h, 116, "0000000");
      put(h, 124, String.format("%011o", data.length));
      put(h, 136, String.format("%011o", mtime));
      Arrays.fill(h, 148, 156, (byte) ' ');
      h[156] = (byte) type;
      put(h, 157, link);
      put(h, 257, "ustar\0" + "00");
      long sum = 0;
      for (byte b : h) {
        sum += b & 0xFF;
      }
      put(h, 148, String.format("%06o\0 ", sum));
      out.writeBytes(h);
      out.writeBytes(data);
      out.writeBytes(new byte[(512 - data.length % 512) % 512]);
      return this;
    }

    /** A PAX record for the next entry: "LEN key=value\n", LEN counting its own digits. */
    Tar pax(String key, String value) {
      String rest = " " + key + "=" + value + "\n";
      int total = rest.length() + Integer.toString(rest.length()).length();
      if (Integer.toString(total).length() > Integer.toString(rest.length()).length()) {
        total++;
      }
      return entry("PaxHeaders.0/x", 'x', total + rest, 0, 0, "");
    }

    byte[] end() {
      out.writeBytes(new byte[1024]);
      return out.toByteArray();
    }

    private static void put(byte[] h, int off, String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      System.arraycopy(b, 0, h, off, b.length);
    }
  }

  /** Feeds the stream in pieces of {@code piece} bytes, as the network delivers it. */
  private long unpack(byte[] tar, Path target, int piece) throws IOException {
    long[] progress = {0};
    TarUnpacker unpacker = new TarUnpacker(target, n -> progress[0] += n);
    try {
      for (int i = 0; i < tar.length; i += piece) {
        unpacker.write(tar, i, Math.min(piece, tar.length - i));
      }
      unpacker.finish();
    } finally {
      unpacker.abort();
    }
    return progress[0];
  }

  @Test
  void unpacksATreeWithModesMtimesAndSymlinksWhateverTheReadSizes() throws IOException {
    byte[] tar =
        new Tar()
            .entry("root", '5', "", 0750, 1_000_000, "")
            .entry("root/f", '0', "hello\n", 0600, 2_000_000, "")
            .entry("root/sub", '5', "", 0755, 3_000_000, "")
            .pax("path", "root/sub/" + "long-name-".repeat(12))
            .entry("root/sub/truncated", '0', "x".repeat(700), 0644, 4_000_000, "")
            .entry("root/link", '2', "", 0777, 5_000_000, "f")
            .end();
    for (int piece : new int[] {1, 7, 512, 100_000}) {
      Path out = tmp.resolve("out-" + piece);
      assertThat(unpack(tar, out, piece)).isEqualTo(706);
      assertThat(Files.readString(out.resolve("f"))).isEqualTo("hello\n");
      assertThat(Files.readString(out.resolve("sub/" + "long-name-".repeat(12)))).hasSize(700);
      assertThat(Files.readSymbolicLink(out.resolve("link"))).isEqualTo(Path.of("f"));
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out.resolve("f"))))
          .isEqualTo("rw-------");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
          .isEqualTo("rwxr-x---");
      assertThat(Files.getLastModifiedTime(out))
          .isEqualTo(FileTime.from(Instant.ofEpochSecond(1_000_000)));
    }
  }

  @Test
  void aRootFileBecomesTheTargetOrGoesInsideAnExistingDirectory() throws IOException {
    byte[] tar = new Tar().entry("name.txt", '0', "data", 0644, 0, "").end();
    unpack(tar, tmp.resolve("as-target"), 3);
    assertThat(Files.readString(tmp.resolve("as-target"))).isEqualTo("data");
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    unpack(tar, dir, 512);
    assertThat(Files.readString(dir.resolve("name.txt"))).isEqualTo("data");
  }

  @Test
  void refusesEntriesThatWouldLandOutsideTheTarget() throws IOException {
    Files.createDirectories(tmp.resolve("elsewhere"));
    byte[] dotDot =
        new Tar()
            .entry("root", '5', "", 0755, 0, "")
            .entry("root/../escaped", '0', "x", 0644, 0, "")
            .end();
    assertThatThrownBy(() -> unpack(dotDot, tmp.resolve("a"), 512))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageContaining("could write outside the target");
    byte[] through =
        new Tar()
            .entry("root", '5', "", 0755, 0, "")
            .entry("root/l", '2', "", 0777, 0, tmp.resolve("elsewhere").toString())
            .entry("root/l/escaped", '0', "x", 0644, 0, "")
            .end();
    assertThatThrownBy(() -> unpack(through, tmp.resolve("b"), 512))
        .hasMessageContaining("cannot traverse symlinks");
    byte[] twoRoots =
        new Tar().entry("one", '0', "x", 0644, 0, "").entry("two", '0', "y", 0644, 0, "").end();
    assertThatThrownBy(() -> unpack(twoRoots, tmp.resolve("c"), 512))
        .hasMessageContaining("multiple entries");
    byte[] nestedRoot = new Tar().entry("a/b", '0', "x", 0644, 0, "").end();
    assertThatThrownBy(() -> unpack(nestedRoot, tmp.resolve("d"), 512))
        .hasMessageContaining("invalid root");
    assertThat(tmp.resolve("escaped")).doesNotExist();
    assertThat(tmp.resolve("elsewhere/escaped")).doesNotExist();
  }

  @Test
  void aStreamCutInsideAFileFailsAndLeavesNoPartialFile() throws IOException {
    byte[] tar =
        new Tar()
            .entry("root", '5', "", 0755, 0, "")
            .entry("root/f", '0', "y".repeat(2000), 0644, 0, "")
            .end();
    Path out = tmp.resolve("cut");
    assertThatThrownBy(() -> unpack(Arrays.copyOf(tar, 1500), out, 512))
        .hasMessageContaining("ended inside root/f");
    try (var files = Files.list(out)) {
      assertThat(files).isEmpty();
    }
  }
}
