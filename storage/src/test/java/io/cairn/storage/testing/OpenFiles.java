package io.cairn.storage.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.stream.Stream;

/** The files this JVM holds open, read from its {@code /proc/self/fd} links (Linux). */
public final class OpenFiles {
  private OpenFiles() {}

  /** The open files whose real path {@code which} accepts. */
  public static List<Path> matching(Predicate<Path> which) {
    List<Path> open = new ArrayList<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          Path target = Files.readSymbolicLink(fd);
          if (which.test(target)) {
            open.add(target);
          }
        } catch (IOException e) {
          // closed since it was listed
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc/self/fd", e);
    }
    return open;
  }
}
