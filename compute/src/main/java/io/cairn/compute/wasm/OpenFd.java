package io.cairn.compute.wasm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** What a WASI file descriptor of the job refers to. */
sealed interface OpenFd {
  /** Standard input: always at its end. */
  record Stdin() implements OpenFd {}

  /** Standard output or error. */
  record Sink(CappedSink sink) implements OpenFd {}

  /**
   * A directory, at {@code path} in the job's namespace ({@code /inputs/data}); {@code preopen}
   * when it is {@code /inputs} or {@code /outputs} as the job starts with them.
   */
  record Dir(VNode node, String path, boolean preopen) implements OpenFd {}

  /**
   * An input file. Each read opens the exporter's stream for exactly the range asked (one iovec),
   * so only the leaves holding it are fetched (a stream left open to the end of the file would read
   * ahead).
   */
  final class Input implements OpenFd {
    final VNode.InputFile file;
    long position;

    Input(VNode.InputFile file) {
      this.file = file;
    }

    /** A stream of the {@code len} bytes from {@code offset} (fewer at the end of the file). */
    InputStream open(long offset, long len) {
      if (offset >= file.size() || len == 0) {
        return InputStream.nullInputStream();
      }
      return file.exporter().open(file.cid(), offset, len);
    }
  }

  /**
   * An output file, open on the host; {@code writable} when its channel was opened to write. Its
   * host path follows the file when it (or a directory above it) is renamed ({@link
   * FdTable#moved}); once the name it was reached by is removed ({@link FdTable#removed}) the path
   * is no longer read: a new file made there is another one. Reads and writes go through the
   * channel, as they do on Linux on an unlinked file.
   */
  final class Output implements OpenFd {
    VNode.HostFile file;
    final FileChannel channel;
    final boolean append;
    final boolean writable;
    long position;

    /** The host's identity of the file (device and inode) as it was opened; null if unknown. */
    private final Object fileKey;

    /** Whether the name it was reached by was removed, and whether the file kept another. */
    private boolean unlinked;

    private boolean otherNames;

    Output(VNode.HostFile file, FileChannel channel, boolean append, boolean writable) {
      this.file = file;
      this.channel = channel;
      this.append = append;
      this.writable = writable;
      this.fileKey = keyOf(file.path());
    }

    private static Object keyOf(Path p) {
      try {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
            .fileKey();
      } catch (IOException e) {
        return null;
      }
    }

    /** The file was renamed: it is now at {@code to} on the host. */
    void moved(Path to) {
      if (!unlinked) {
        file = new VNode.HostFile(to);
      }
    }

    /** Its name was removed; {@code otherNames} when the file still had another (a hard link). */
    void unlinked(boolean otherNames) {
      if (!unlinked) {
        this.unlinked = true;
        this.otherNames = otherNames;
      }
    }

    /**
     * Its number of names (hard links), read by its name while that name is still this file; 0 once
     * its last name is removed, as fstat(2) answers. Once the name it was reached by is removed
     * while another remains, or the name is another file, 1: the JVM has no fstat, and the other
     * names are not looked for.
     */
    long nlink() {
      if (unlinked) {
        return otherNames ? 1 : 0;
      }
      Object now = keyOf(file.path());
      return fileKey != null && fileKey.equals(now) ? file.nlink() : 1;
    }

    int read(long offset, byte[] buf, int len) {
      try {
        int n = channel.read(ByteBuffer.wrap(buf, 0, len), offset);
        return Math.max(n, 0);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read output " + file.path(), e);
      }
    }

    void write(long offset, byte[] buf, int len) {
      try {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, len);
        long at = offset;
        while (b.hasRemaining()) {
          at += channel.write(b, at);
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write output " + file.path(), e);
      }
    }

    long size() {
      try {
        return channel.size();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot stat output " + file.path(), e);
      }
    }

    void close() {
      try {
        channel.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close output " + file.path(), e);
      }
    }
  }
}
