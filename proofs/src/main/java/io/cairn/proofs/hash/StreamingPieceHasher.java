package io.cairn.proofs.hash;

import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceHasher;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.store.PieceTrees;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fills one of two backend buffers with payload while the backend hashes the other on a worker
 * thread; the level-10 roots come back in order into a {@link NodeList}. The first unit of payload
 * is held in a small array: a payload of one unit or less never reaches the backend (its whole tree
 * is hashed here), and the backend's buffers are only taken once there is more.
 */
public final class StreamingPieceHasher implements PieceHasher {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  private final HashBackend backend;
  private final ByteBuffer[] buffers = new ByteBuffer[2];
  private final byte[][] roots = new byte[2][];
  private final NodeList units = new NodeList();
  private byte[] head = new byte[UNIT];
  private ExecutorService worker;
  private int current;
  private Future<?> inFlight;
  private long count;
  private boolean done;

  public StreamingPieceHasher(HashBackend backend) {
    this.backend = backend;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    checkOpen();
    PieceCid.heightFor(count + length); // refuses payloads past the largest piece
    if (head != null) {
      int n = Math.min(length, UNIT - (int) count);
      System.arraycopy(bytes, offset, head, (int) count, n);
      count += n;
      offset += n;
      length -= n;
      if (length == 0) {
        return;
      }
      start();
    }
    ByteBuffer buf = buffers[current];
    while (length > 0) {
      int n = Math.min(length, buf.remaining());
      buf.put(bytes, offset, n);
      offset += n;
      length -= n;
      count += n;
      if (!buf.hasRemaining()) {
        submit();
        buf = buffers[current];
      }
    }
  }

  @Override
  public long write(InputStream in) {
    return write(Channels.newChannel(in));
  }

  @Override
  public long write(ReadableByteChannel channel) {
    checkOpen();
    long total = 0;
    try {
      if (head != null) {
        ByteBuffer h = ByteBuffer.wrap(head, (int) count, UNIT - (int) count);
        while (h.hasRemaining()) {
          int n = channel.read(h);
          if (n < 0) {
            return total;
          }
          total += n;
          count += n;
        }
      }
      while (true) {
        if (head != null) {
          ByteBuffer probe = ByteBuffer.allocate(1);
          int n = channel.read(probe);
          if (n < 0) {
            return total;
          }
          if (n == 0) {
            continue;
          }
          start();
          buffers[current].put(probe.flip());
          total++;
          count++;
        }
        ByteBuffer buf = buffers[current];
        int n = channel.read(buf);
        if (n < 0) {
          return total;
        }
        total += n;
        count += n;
        PieceCid.heightFor(count);
        if (!buf.hasRemaining()) {
          submit();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the payload after " + count + " bytes", e);
    }
  }

  @Override
  public long count() {
    return count;
  }

  @Override
  public OutputStream asOutputStream() {
    return new OutputStream() {
      @Override
      public void write(int b) {
        StreamingPieceHasher.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) {
        StreamingPieceHasher.this.write(b, off, len);
      }
    };
  }

  @Override
  public PieceTree finish() {
    checkOpen();
    try {
      int height = PieceCid.heightFor(count);
      if (head != null) {
        byte[] root = new byte[NodeHasher.NODE];
        new SubtreeHasher().root(head, 0, (int) count, height, root, 0);
        return PieceTrees.inMemory(PieceCid.forPayload(count, root), null);
      }
      ByteBuffer buf = buffers[current];
      int partial = buf.position() % UNIT;
      if (partial != 0) {
        buf.put(new byte[UNIT - partial]);
      }
      if (buf.position() > 0) {
        submit();
      }
      await();
      UpperLayers upper = UpperLayers.build(units, height);
      return PieceTrees.inMemory(PieceCid.forPayload(count, upper.root()), upper);
    } finally {
      close();
    }
  }

  @Override
  public void close() {
    if (done) {
      return;
    }
    done = true;
    if (worker != null) {
      worker.shutdownNow();
      try {
        await();
      } catch (RuntimeException ignored) {
        // closing: the piece is abandoned
      }
    }
    for (ByteBuffer b : buffers) {
      if (b != null) {
        backend.release(b);
      }
    }
    head = null;
  }

  /** Takes the backend's buffers and moves the first unit of payload into them. */
  private void start() {
    int batch = Math.max(2, backend.batchUnits());
    for (int i = 0; i < 2; i++) {
      buffers[i] = backend.allocate(batch * UNIT);
      roots[i] = new byte[batch * NodeHasher.NODE];
    }
    buffers[0].put(head, 0, (int) count);
    head = null;
    worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-commp-" + backend.name());
              t.setDaemon(true);
              return t;
            });
  }

  private void submit() {
    await();
    ByteBuffer job = buffers[current].flip();
    byte[] out = roots[current];
    int n = job.remaining() / UNIT;
    inFlight =
        worker.submit(
            () -> {
              backend.unitRoots(job, out, 0);
              units.add(out, 0, n);
            });
    current ^= 1;
    buffers[current].clear();
  }

  private void await() {
    if (inFlight == null) {
      return;
    }
    try {
      inFlight.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while hashing the piece", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException("hashing the piece failed: " + e.getCause(), e.getCause());
    } finally {
      inFlight = null;
    }
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("this piece hasher is finished or closed");
    }
  }
}
