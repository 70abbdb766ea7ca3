package io.cairn.node.api;

import io.cairn.config.RepoPaths;
import io.cairn.storage.Multiaddr;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The {@code api} file a running daemon leaves in the repo, holding its API address as a multiaddr,
 * as Kubo does: the CLI reads it to talk to the daemon instead of opening the repo.
 */
public final class ApiFile {
  private ApiFile() {}

  public static Path of(RepoPaths paths) {
    return paths.root().resolve("api");
  }

  /** The address in the file, if there is one. */
  public static Optional<InetSocketAddress> read(RepoPaths paths) {
    Path file = of(paths);
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    try {
      String text = Files.readString(file, StandardCharsets.UTF_8).strip();
      return Optional.of(Multiaddr.parse(text).socketAddress());
    } catch (IOException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  public static void write(RepoPaths paths, InetSocketAddress address) {
    try {
      Files.writeString(of(paths), Multiaddr.tcp(address) + "\n", StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + of(paths) + ": " + e.getMessage(), e);
    }
  }

  public static void delete(RepoPaths paths) {
    try {
      Files.deleteIfExists(of(paths));
    } catch (IOException e) {
      // a stale file is harmless: the CLI checks that the daemon answers
    }
  }
}
