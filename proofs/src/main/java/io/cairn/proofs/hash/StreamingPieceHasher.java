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
 * thread; the level-10 roots come back in order into a {@link NodeList}. A payload of one unit or
 * less never reaches the backend: its whole tree is hashed here.
 */
public final class StreamingPieceHasher implements PieceHasher {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  private final HashBackend backend;
  private final ByteBuffer[] buffers = new ByteBuffer[2];
  private final byte[][] roots = new byte[2][];
  private final ExecutorService worker;
  private final NodeList units = new NodeList();
  private int current;
  private Future<?> inFlight;
  private long count;
  private boolean done;

  public StreamingPieceHasher(HashBackend backend) {
    this.backend = backend;
    int batch = Math.max(2, backend.batchUnits());
    for (int i = 0; i < 2; i++) {
      buffers[i] = backend.allocate(batch * UNIT);
      roots[i] = new byte[batch * NodeHasher.NODE];
    }
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "cairn-commp-" + backend.name());
              t.setDaemon(true);
              return t;
            });
  }

  @Override
  public void write(byte[] bytes, int offset, int length) {
    checkOpen();
    grow(length);
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
      while (true) {
        ByteBuffer buf = buffers[current];
        int n = channel.read(buf);
        if (n < 0) {
          return total;
        }
        total += n;
        count += n;
        PieceCid.heightFor(count); // refuses payloads past the largest piece
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
    done = true;
    try {
      int height = PieceCid.heightFor(count);
      ByteBuffer buf = buffers[current];
      if (count <= UNIT) {
        byte[] payload = new byte[(int) count];
        buf.get(0, payload);
        byte[] root = new byte[NodeHasher.NODE];
        new SubtreeHasher().root(payload, 0, payload.length, height, root, 0);
        return PieceTrees.inMemory(PieceCid.forPayload(count, root), null);
      }
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
      worker.shutdownNow();
    }
  }

  @Override
  public void close() {
    done = true;
    worker.shutdownNow();
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

  private void grow(long length) {
    PieceCid.heightFor(count + length);
  }

  private void checkOpen() {
    if (done) {
      throw new IllegalStateException("this piece hasher is finished or closed");
    }
  }
}
