package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Compares two directory trees entry by entry: names, kinds, file bytes and symlink targets. */
final class TreeAssert {
  private TreeAssert() {}

  static void assertSameTree(Path expected, Path actual) {
    assertThat(relativeEntries(actual)).isEqualTo(relativeEntries(expected));
    for (Path rel : relativeEntries(expected)) {
      Path e = expected.resolve(rel);
      Path a = actual.resolve(rel);
      if (Files.isSymbolicLink(e)) {
        assertThat(a).as("%s is a symlink", rel).isSymbolicLink();
        assertThat(readLink(a)).as("target of %s", rel).isEqualTo(readLink(e));
      } else if (Files.isDirectory(e, LinkOption.NOFOLLOW_LINKS)) {
        assertThat(Files.isDirectory(a, LinkOption.NOFOLLOW_LINKS)).as("%s is a dir", rel).isTrue();
      } else {
        assertThat(Files.isRegularFile(a, LinkOption.NOFOLLOW_LINKS))
            .as("%s is a file", rel)
            .isTrue();
        assertSameBytes(e, a);
      }
    }
  }

  /** Compares two files in 1 MiB pieces, so large files need no large arrays. */
  static void assertSameBytes(Path expected, Path actual) {
    try (InputStream e = Files.newInputStream(expected);
        InputStream a = Files.newInputStream(actual)) {
      assertThat(Files.size(actual)).as("size of %s", actual).isEqualTo(Files.size(expected));
      long offset = 0;
      while (true) {
        byte[] eb = e.readNBytes(1 << 20);
        byte[] ab = a.readNBytes(1 << 20);
        assertThat(ab).as("bytes of %s at %d", actual, offset).isEqualTo(eb);
        if (eb.length == 0) {
          return;
        }
        offset += eb.length;
      }
    } catch (IOException ex) {
      throw new UncheckedIOException(ex);
    }
  }

  private static List<Path> relativeEntries(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.map(root::relativize).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path readLink(Path p) {
    try {
      return Files.readSymbolicLink(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
