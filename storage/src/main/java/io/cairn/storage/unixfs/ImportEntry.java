package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of an import, in the order a directory walk or a multipart upload produces them. Paths
 * are relative and slash-separated ({@code dir/sub/file.txt}); the first component names a
 * top-level entry. A directory's children may arrive without an entry for the directory itself,
 * which is then created without metadata.
 *
 * <p>{@code mode} (permission bits, {@code 07777} at most) and {@code mtime} are stored only when
 * the import's options ask for them; either may be null.
 */
public sealed interface ImportEntry {
  String path();

  Integer mode();

  Instant mtime();

  /** Opens a file's bytes; the importer closes the stream. */
  @FunctionalInterface
  interface ContentSupplier {
    InputStream open() throws IOException;
  }

  /**
   * A regular file whose bytes are read when the importer reaches it.
   *
   * @param source where the bytes come from, when the import may reference them there instead of
   *     storing them ({@code add --nocopy}): the file's absolute {@code file:} URI on disk, or the
   *     http(s) URL of a web file (the urlstore); null otherwise
   */
  record File(String path, ContentSupplier content, Integer mode, Instant mtime, URI source)
      implements ImportEntry {
    public File {
      path = checkPath(path);
      Objects.requireNonNull(content, "content");
      checkMode(mode, path);
      if (source != null) {
        try {
          new Block.FileOrigin(source, 0);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              "the source of '" + path + "' must be an absolute path or an http(s) URL: " + source,
              e);
        }
      }
    }

    public File(String path, ContentSupplier content, Integer mode, Instant mtime) {
      this(path, content, mode, mtime, null);
    }

    public File(String path, ContentSupplier content) {
      this(path, content, null, null);
    }

    /** This entry with the path of its bytes on disk, absolute (or null for none). */
    public File withSource(Path source) {
      if (source != null && !source.isAbsolute()) {
        throw new IllegalArgumentException("the source of '" + path + "' must be absolute");
      }
      return withSource(source == null ? null : source.toUri());
    }

    /** This entry with the place of its bytes, a {@code file:} URI or an http(s) URL, or null. */
    public File withSource(URI source) {
      return new File(path, content, mode, mtime, source);
    }
  }

  /** A directory; its children follow it under its path. */
  record Directory(String path, Integer mode, Instant mtime) implements ImportEntry {
    public Directory {
      path = checkPath(path);
      checkMode(mode, path);
    }

    public Directory(String path) {
      this(path, null, null);
    }
  }

  /**
   * A symbolic link, stored as a UnixFS symlink holding its target. Kubo stores a symlink's mtime
   * but never its mode, and so does the importer.
   */
  record Symlink(String path, String target, Integer mode, Instant mtime) implements ImportEntry {
    public Symlink {
      path = checkPath(path);
      Objects.requireNonNull(target, "target");
      checkMode(mode, path);
    }

    public Symlink(String path, String target) {
      this(path, target, null, null);
    }
  }

  /**
   * Normalises a path: drops empty and {@code .} components and surrounding slashes; rejects {@code
   * ..} and paths with no component.
   */
  private static String checkPath(String path) {
    Objects.requireNonNull(path, "path");
    StringBuilder out = new StringBuilder(path.length());
    for (String part : path.split("/", -1)) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        throw new IllegalArgumentException("import path '" + path + "' must not contain '..'");
      }
      if (!out.isEmpty()) {
        out.append('/');
      }
      out.append(part);
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException("import path '" + path + "' names no entry");
    }
    return out.toString();
  }

  private static void checkMode(Integer mode, String path) {
    if (mode != null && (mode & ~07777) != 0) {
      throw new IllegalArgumentException(
          "mode 0" + Integer.toOctalString(mode) + " of '" + path + "' has bits beyond 07777");
    }
  }
}
