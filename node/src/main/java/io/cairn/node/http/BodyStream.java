package io.cairn.node.http;

import io.netty.buffer.ByteBuf;
import io.netty.util.concurrent.EventExecutor;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A request body as a blocking stream for the command reading it, fed with Netty buffers from the
 * event loop. Reading from the socket stops while more than {@link #HIGH_WATER} bytes wait, and
 * resumes once the reader has taken them down to {@link #LOW_WATER}: an upload never sits in memory
 * beyond a few MiB, however large. What waits also counts against the {@link CommandBodies} budget
 * the server's connections share: while it is spent, reading stops as soon as more than {@link
 * #FLOOR} bytes wait, and resumes once the reader has taken them down to half of that, so that many
 * uploads at once hold about the budget rather than {@code HIGH_WATER} each. The connection's
 * handler does the stopping and resuming, told through {@link Flow}, since it also stops reading
 * for reasons of its own.
 */
final class BodyStream extends InputStream {
  static final long HIGH_WATER = 4L << 20;
  static final long LOW_WATER = 1L << 20;

  /** What a body may hold when the shared budget is spent: one chunk the codec decodes. */
  static final long FLOOR = 64L << 10;

  private static final ByteBuf END = io.netty.buffer.Unpooled.EMPTY_BUFFER;

  /** Told on the event loop when a body's queue fills up or drains. */
  interface Flow {
    void bodyFull(BodyStream body, boolean full);
  }

  private final EventExecutor loop;
  private final Flow flow;
  private final CommandBodies shared;
  private final LinkedBlockingQueue<ByteBuf> queue = new LinkedBlockingQueue<>();
  private volatile boolean complete;
  private volatile String failure;
  private ByteBuf current;
  private boolean ended;

  // Guarded by this: shared by the event loop, which offers, and the reader.
  private long queued;
  private boolean full;
  private long resumeBelow;
  private boolean discarding;

  BodyStream(EventExecutor loop, Flow flow, CommandBodies shared) {
    this.loop = loop;
    this.flow = flow;
    this.shared = shared;
  }

  /** Event loop: a piece of the body arrived (ownership passes to this stream). */
  void offer(ByteBuf content) {
    int n = content.readableBytes();
    boolean stop;
    synchronized (this) {
      if (discarding || n == 0) {
        content.release();
        return;
      }
      queue.add(content);
      queued += n;
      shared.add(n);
      stop = !full && (queued > HIGH_WATER || (queued > FLOOR && shared.spent()));
      if (stop) {
        full = true;
        resumeBelow = queued > HIGH_WATER ? LOW_WATER : FLOOR / 2;
      }
    }
    if (stop) {
      flow.bodyFull(this, true);
    }
  }

  /** Event loop: the body is complete. */
  void end() {
    complete = true;
    queue.add(END);
  }

  /** Event loop: the connection closed before the body was complete. */
  void fail(String why) {
    failure = why;
    queue.add(END);
  }

  /** Whether the whole body arrived. */
  boolean complete() {
    return complete;
  }

  /**
   * Worker thread: waits until the event loop has handed over what it already decoded, so that
   * {@link #complete()} also counts a body end that arrived with the request head.
   */
  void awaitDecoded() {
    try {
      loop.submit(() -> {}).await(1, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the connection's event loop is gone: nothing more will arrive
    }
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    if (len == 0) {
      return 0;
    }
    while (current == null || !current.isReadable()) {
      if (current != null) {
        current.release();
        current = null;
      }
      if (ended) {
        return -1;
      }
      ByteBuf next;
      try {
        next = queue.poll(10, TimeUnit.MINUTES);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IOException("interrupted while reading the request body", e);
      }
      if (next == null) {
        throw new IOException("request body stalled for 10 minutes");
      }
      if (next == END) {
        ended = true;
        if (failure != null) {
          throw new IOException(failure);
        }
        return -1;
      }
      current = next;
      boolean resume;
      synchronized (this) {
        queued -= next.readableBytes();
        shared.give(next.readableBytes());
        resume = full && queued < resumeBelow;
      }
      if (resume) {
        resume();
      }
    }
    int n = Math.min(len, current.readableBytes());
    current.readBytes(b, off, n);
    return n;
  }

  /** Drops what is queued and whatever else arrives, and lets the socket be read again. */
  @Override
  public void close() {
    if (current != null) {
      current.release();
      current = null;
    }
    synchronized (this) {
      discarding = true;
      ByteBuf b;
      while ((b = queue.poll()) != null) {
        if (b != END) {
          b.release();
        }
      }
      shared.give(queued);
      queued = 0;
    }
    resume();
  }

  private void resume() {
    try {
      loop.execute(
          () -> {
            synchronized (this) {
              if (!full) {
                return;
              }
              full = false;
            }
            flow.bodyFull(this, false);
          });
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the connection's event loop is gone (the server is stopping): there is nothing to resume
    }
  }
}
