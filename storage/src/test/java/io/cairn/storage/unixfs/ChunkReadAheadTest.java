package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The importer's chunk read-ahead: same chunks as its source, errors where they happened. */
class ChunkReadAheadTest {
  private static final byte[] DATA = TestData.bytes(0xAEADL, 3 * 1024 * 1024 + 4321);

  @Test
  void givesTheSourcesChunksInOrder() throws IOException {
    List<Integer> direct = lengths(new FixedSizeChunker(in(DATA), 262144, 11, 4));
    ByteArrayOutputStream joined = new ByteArrayOutputStream();
    List<Integer> ahead = new ArrayList<>();
    try (ChunkReadAhead c = new ChunkReadAhead(new FixedSizeChunker(in(DATA), 262144, 11, 4))) {
      for (Chunker.Chunk k = c.next(); k != null; k = c.next()) {
        ahead.add(k.length());
        joined.write(k.buffer(), k.offset(), k.length());
      }
      assertThat(c.next()).as("after the end").isNull();
    }
    assertThat(ahead).isEqualTo(direct).hasSize(13);
    assertThat(joined.toByteArray()).isEqualTo(DATA);
  }

  @Test
  void reportsAReadFailureAtTheChunkThatFailed() throws IOException {
    InputStream failing = new FailingAfter(in(DATA), 600_000);
    try (ChunkReadAhead c = new ChunkReadAhead(new FixedSizeChunker(failing, 262144, 0, 0))) {
      assertThat(c.next().length()).isEqualTo(262144);
      assertThat(c.next().length()).isEqualTo(262144);
      assertThatThrownBy(c::next).isInstanceOf(IOException.class).hasMessage("device error");
      assertThat(c.next()).as("after the failure").isNull();
    }
  }

  @Test
  void closeWaitsForTheReadInFlight() throws Exception {
    CountDownLatch reading = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch finished = new CountDownLatch(2);
    AtomicInteger reads = new AtomicInteger();
    AtomicBoolean readAfterClose = new AtomicBoolean();
    AtomicBoolean closed = new AtomicBoolean();
    Chunker slow =
        () -> {
          if (reads.incrementAndGet() == 2) {
            reading.countDown();
            try {
              release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              throw new IOException(e);
            }
          }
          readAfterClose.compareAndSet(false, closed.get());
          finished.countDown();
          return new Chunker.Chunk(new byte[] {1}, 0, 1);
        };
    ChunkReadAhead c = new ChunkReadAhead(slow);
    assertThat(c.next().length()).isEqualTo(1);
    assertThat(reading.await(10, TimeUnit.SECONDS)).as("second read started").isTrue();
    Thread closer =
        Thread.ofPlatform()
            .start(
                () -> {
                  c.close();
                  closed.set(true);
                });
    // Let close either return (wrong: the read is still in flight) or block waiting for the read.
    while (closer.getState() != Thread.State.TERMINATED
        && closer.getState() != Thread.State.WAITING) {
      Thread.onSpinWait();
    }
    release.countDown();
    assertThat(finished.await(10, TimeUnit.SECONDS)).as("second read finished").isTrue();
    closer.join(10_000);
    assertThat(closer.isAlive()).isFalse();
    assertThat(readAfterClose).isFalse();
    assertThat(reads).hasValue(2);
    assertThat(c.next()).as("after close").isNull();
  }

  private static List<Integer> lengths(Chunker c) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (Chunker.Chunk k = c.next(); k != null; k = c.next()) {
      out.add(k.length());
    }
    return out;
  }

  private static InputStream in(byte[] data) {
    return new ByteArrayInputStream(data);
  }

  /** Fails every read once {@code limit} bytes have been read. */
  private static final class FailingAfter extends FilterInputStream {
    private long left;

    FailingAfter(InputStream in, long limit) {
      super(in);
      this.left = limit;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (left <= 0) {
        throw new IOException("device error");
      }
      int n = super.read(b, off, (int) Math.min(len, left));
      left -= Math.max(n, 0);
      return n;
    }
  }
}
