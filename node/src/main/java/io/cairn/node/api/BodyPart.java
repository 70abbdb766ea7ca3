package io.cairn.node.api;

import io.cairn.storage.unixfs.ImportEntry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Iterator;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * One file, directory or symlink of a request body, as Kubo sends them in a multipart upload:
 * slash-separated paths (empty for an unnamed stream such as stdin), with optional mode and mtime.
 *
 * @param content the bytes of a file or the target of a symlink; opened once, in order
 * @param source where a file's bytes come from (Kubo's {@code Abspath-Encoded} header), for {@code
 *     add --nocopy}: its absolute path on the sender's disk as a {@code file:} URI, or the http(s)
 *     URL of a web file; null when not sent
 */
public record BodyPart(
    String path,
    Kind kind,
    ImportEntry.ContentSupplier content,
    Integer mode,
    Instant mtime,
    URI source) {

  /** What a part is, by its Content-Type. */
  public enum Kind {
    FILE("application/octet-stream"),
    DIRECTORY("application/x-directory"),
    SYMLINK("application/symlink");

    private final String contentType;

    Kind(String contentType) {
      this.contentType = contentType;
    }

    public String contentType() {
      return contentType;
    }
  }

  /** The longest symlink target kept (in memory, as the importer takes it); longer is refused. */
  static final int MAX_SYMLINK_TARGET = 64 * 1024;

  public BodyPart {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(kind, "kind");
    if (kind != Kind.DIRECTORY) {
      Objects.requireNonNull(content, "content");
    }
  }

  public BodyPart(
      String path, Kind kind, ImportEntry.ContentSupplier content, Integer mode, Instant mtime) {
    this(path, kind, content, mode, mtime, null);
  }

  /** This part with another content supplier (the rest as it is). */
  public BodyPart withContent(ImportEntry.ContentSupplier content) {
    return new BodyPart(path, kind, content, mode, mtime, source);
  }

  /** This part without its place on disk, so its bytes are copied wherever they come from. */
  public BodyPart withoutSource() {
    return source == null ? this : new BodyPart(path, kind, content, mode, mtime, null);
  }

  /** A file part. */
  public static BodyPart file(String path, ImportEntry.ContentSupplier content) {
    return new BodyPart(path, Kind.FILE, content, null, null);
  }

  /** The part for an import entry read from disk. */
  public static BodyPart of(ImportEntry entry) {
    return switch (entry) {
      case ImportEntry.File f ->
          new BodyPart(f.path(), Kind.FILE, f.content(), f.mode(), f.mtime(), f.source());
      case ImportEntry.Directory d ->
          new BodyPart(d.path(), Kind.DIRECTORY, null, d.mode(), d.mtime());
      case ImportEntry.Symlink s ->
          new BodyPart(
              s.path(),
              Kind.SYMLINK,
              () -> new ByteArrayInputStream(s.target().getBytes(StandardCharsets.UTF_8)),
              s.mode(),
              s.mtime());
    };
  }

  /** This part as an import entry (its path must name something). */
  public ImportEntry toImportEntry() {
    return switch (kind) {
      case FILE -> new ImportEntry.File(path, content, mode, mtime, source);
      case DIRECTORY -> new ImportEntry.Directory(path, mode, mtime);
      case SYMLINK -> new ImportEntry.Symlink(path, readTarget(), mode, mtime);
    };
  }

  private String readTarget() {
    try (InputStream in = content.open()) {
      byte[] target = in.readNBytes(MAX_SYMLINK_TARGET + 1);
      if (target.length > MAX_SYMLINK_TARGET) {
        throw ApiException.client(
            "symlink " + path + ": its target is longer than " + MAX_SYMLINK_TARGET + " bytes");
      }
      return new String(target, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read symlink " + path + ": " + e.getMessage(), e);
    }
  }

  /** The parts without their places on disk, lazily, so that their bytes are copied. */
  public static Iterator<BodyPart> withoutSources(Iterator<BodyPart> parts) {
    return map(parts, BodyPart::withoutSource);
  }

  /** Each part through {@code f}, lazily, as the parts are asked for. */
  public static Iterator<BodyPart> map(Iterator<BodyPart> parts, UnaryOperator<BodyPart> f) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return parts.hasNext();
      }

      @Override
      public BodyPart next() {
        return f.apply(parts.next());
      }
    };
  }

  /** Maps import entries to parts, lazily. */
  public static Iterator<BodyPart> of(Iterator<ImportEntry> entries) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return entries.hasNext();
      }

      @Override
      public BodyPart next() {
        return of(entries.next());
      }
    };
  }
}
