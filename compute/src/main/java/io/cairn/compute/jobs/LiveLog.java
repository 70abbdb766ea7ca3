package io.cairn.compute.jobs;

import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.EnumMap;
import java.util.Map;

/**
 * The logs of one queued or running job, as its engine writes them: a reader blocks until there are
 * bytes past its offset in the engine's file, or until the job has ended. Nothing is held in
 * memory; reads go to the engine's own files, which stay in place until the engine closes the
 * stream. Bytes a reader had not read when the engine closed its stream are in the job's result,
 * which is written before the log {@link #end ends}.
 */
final class LiveLog implements LogTap {
  private final Map<LogStream, Path> files = new EnumMap<>(LogStream.class);
  private final Map<LogStream, Long> sizes = new EnumMap<>(LogStream.class);
  private boolean ended;

  @Override
  public synchronized void opened(LogStream stream, Path file) {
    files.put(stream, file);
    sizes.put(stream, 0L);
    notifyAll();
  }

  @Override
  public synchronized void wrote(LogStream stream, long size) {
    sizes.put(stream, size);
    notifyAll();
  }

  @Override
  public synchronized void closed(LogStream stream) {
    files.remove(stream);
  }

  /** Ends both streams: the job's terminal record is written, or the queue closed. */
  synchronized void end() {
    ended = true;
    files.clear();
    notifyAll();
  }

  /**
   * Reads bytes of {@code stream} from {@code offset}, waiting for the job to write some.
   *
   * @return how many bytes were read, or -1 once the job has ended (its result then holds the whole
   *     log, every byte read here included) or the queue closed
   * @throws InterruptedException if the reader is interrupted while it waits
   */
  int read(LogStream stream, long offset, byte[] buf) throws InterruptedException {
    synchronized (this) {
      while (!ended && (!files.containsKey(stream) || sizes.get(stream) <= offset)) {
        wait();
      }
      if (ended) {
        return -1;
      }
      int n = (int) Math.min(buf.length, sizes.get(stream) - offset);
      // Under the lock, so the engine cannot close and delete the file mid-read.
      try (FileChannel ch = FileChannel.open(files.get(stream), StandardOpenOption.READ)) {
        ByteBuffer b = ByteBuffer.wrap(buf, 0, n);
        while (b.hasRemaining() && ch.read(b, offset + b.position()) >= 0) {
          // until n bytes are in
        }
        return b.position();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the running job's " + stream.label(), e);
      }
    }
  }
}
