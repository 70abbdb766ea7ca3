package io.cairn.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The repo's files that hold private keys or their passwords: the config ({@code
 * Identity.PrivKey}), the files in {@code keystore/}, and the chain account's keystore and
 * password. Cairn writes them owner-only; this finds those that other users can read (copied in, or
 * changed by hand), for the daemon to warn about at start.
 */
public final class SecretFiles {
  private static final Set<PosixFilePermission> SHARED =
      Set.of(
          PosixFilePermission.GROUP_READ,
          PosixFilePermission.GROUP_WRITE,
          PosixFilePermission.OTHERS_READ,
          PosixFilePermission.OTHERS_WRITE);

  private SecretFiles() {}

  /**
   * Writes a new secret file, owner-only, so that a crash leaves either no file or the whole one
   * (never an empty or partial key that would stop the node at its next start): a temporary file
   * forced to disk, then linked to its name.
   *
   * @throws java.io.UncheckedIOException if the file exists (caused by a {@link
   *     java.nio.file.FileAlreadyExistsException}) or cannot be written
   */
  public static void writeNew(Path file, byte[] content) {
    ConfigJson.place(file, content, false);
  }

  /**
   * Writes a secret file owner-only, replacing one already there in one step (a temporary file
   * forced to disk, then moved over the name): for a key exported outside the repo, which never
   * exists half-written or readable by others, even for a moment.
   *
   * @throws java.io.UncheckedIOException if it cannot be written
   */
  public static void writeReplacing(Path file, byte[] content) {
    ConfigJson.place(file, content, true);
  }

  /**
   * One warning line per secret file that users other than its owner may read or write; empty where
   * the file system has no POSIX permissions.
   */
  public static List<String> sharedWithOthers(RepoPaths paths) {
    List<Path> files = new ArrayList<>(List.of(paths.config(), paths.chain().resolve("password")));
    files.addAll(list(paths.keystore()));
    files.addAll(list(paths.chain().resolve("keystore")));
    List<String> warnings = new ArrayList<>();
    for (Path file : files) {
      try {
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
        if (mode.stream().anyMatch(SHARED::contains)) {
          warnings.add(
              file
                  + " holds a private key or its password and other users can use it ("
                  + PosixFilePermissions.toString(mode)
                  + "); make it owner-only: chmod 600 '"
                  + file
                  + "'");
        }
      } catch (UnsupportedOperationException e) {
        return List.of(); // no POSIX permissions here
      } catch (IOException e) {
        // absent (no chain account yet) or unreadable: nothing to say about its mode
      }
    }
    return warnings;
  }

  private static List<Path> list(Path dir) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> entries = Files.list(dir)) {
      return entries.filter(Files::isRegularFile).toList();
    } catch (IOException e) {
      return List.of();
    }
  }
}
