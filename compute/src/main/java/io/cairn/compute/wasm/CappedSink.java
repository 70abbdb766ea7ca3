package io.cairn.compute.wasm;

import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard output or error of a job, written to a scratch file up to a cap; a write past the cap
 * keeps the bytes that fit and ends the job with {@code output-limit}. Each write reaches the file
 * before the {@link LogTap} hears of it, so the job's logs can be followed while it runs.
 */
final class CappedSink implements AutoCloseable {
  private final String name;
  private final LogStream stream;
  private final Path file;
  private final long cap;
  private final LogTap tap;
  private final OutputStream out;
  private long written;
  private boolean closed;

  CappedSink(LogStream stream, Path file, long cap, LogTap tap) {
    this.name = stream.label();
    this.stream = stream;
    this.file = file;
    this.cap = cap;
    this.tap = tap;
    try {
      this.out = Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scratch file for " + name, e);
    }
    tap.opened(stream, file);
  }

  /** Writes the first {@code len} bytes of {@code bytes}. */
  void write(byte[] bytes, int len) {
    long room = cap - written;
    int n = (int) Math.min(room, len);
    if (n > 0) {
      try {
        out.write(bytes, 0, n);
        out.flush();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot write the job's " + name, e);
      }
      written += n;
      tap.wrote(stream, written);
    }
    if (n < len) {
      throw new JobAbort(WasmOutcome.Kind.OUTPUT_LIMIT, name + " over " + cap + " bytes");
    }
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the job's " + name, e);
    } finally {
      tap.closed(stream);
    }
  }
}
