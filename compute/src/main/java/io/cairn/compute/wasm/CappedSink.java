package io.cairn.compute.wasm;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Standard output or error of a job, written to a scratch file up to a cap; a write past the cap
 * keeps the bytes that fit and ends the job with {@code output-limit}.
 */
final class CappedSink implements AutoCloseable {
  private final String name;
  private final Path file;
  private final long cap;
  private final OutputStream out;
  private long written;

  CappedSink(String name, Path file, long cap) {
    this.name = name;
    this.file = file;
    this.cap = cap;
    try {
      this.out = Files.newOutputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the scratch file for " + name, e);
    }
  }

  void write(byte[] bytes) {
    long room = cap - written;
    int n = (int) Math.min(room, bytes.length);
    try {
      out.write(bytes, 0, n);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the job's " + name, e);
    }
    written += n;
    if (n < bytes.length) {
      throw new JobAbort(WasmOutcome.Kind.OUTPUT_LIMIT, name + " over " + cap + " bytes");
    }
  }

  Path file() {
    return file;
  }

  @Override
  public void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the job's " + name, e);
    }
  }
}
