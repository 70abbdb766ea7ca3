package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the next chunk on another thread while the importer hashes and frames the current one, so
 * allocating, zeroing and filling each chunk's array (about as much CPU as SHA-256 of it) no longer
 * sits on the importer's thread. One chunk is read ahead; the source is only ever read by one
 * thread at a time. Close it before the stream: {@link #close} waits for a read in flight.
 */
final class ChunkReadAhead implements Chunker, AutoCloseable {
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          Thread.ofPlatform().daemon(true).name("unixfs-chunk-reader-", 0).factory());

  private final Chunker source;
  private Future<Chunk> pending;
  private boolean done;

  ChunkReadAhead(Chunker source) {
    this.source = source;
  }

  @Override
  public Chunk next() throws IOException {
    if (done) {
      return null;
    }
    Future<Chunk> read = pending == null ? READERS.submit(source::next) : pending;
    pending = null;
    Chunk chunk = await(read);
    if (chunk == null) {
      done = true;
    } else {
      pending = READERS.submit(source::next);
    }
    return chunk;
  }

  /** Waits for a read still in flight, so nothing reads the source after this returns. */
  @Override
  public void close() {
    done = true;
    Future<Chunk> read = pending;
    pending = null;
    if (read == null) {
      return;
    }
    boolean interrupted = false;
    while (true) {
      try {
        read.get();
        break;
      } catch (InterruptedException e) {
        interrupted = true;
      } catch (ExecutionException e) {
        break; // nobody asked for this chunk: its failure is not the caller's
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private Chunk await(Future<Chunk> read) throws IOException {
    try {
      return read.get();
    } catch (InterruptedException e) {
      pending = read; // still in flight: close waits for it
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while reading the file");
    } catch (ExecutionException e) {
      done = true;
      switch (e.getCause()) {
        case IOException io -> throw io;
        case RuntimeException r -> throw r;
        case Error err -> throw err;
        default -> throw new IOException(e.getCause());
      }
    }
  }
}
