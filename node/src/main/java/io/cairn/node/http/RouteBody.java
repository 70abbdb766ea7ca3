package io.cairn.node.http;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * The body of one route request, gathered whole before the route runs: at most the route's {@link
 * HttpRoute#maxBody()} bytes, each taken from the {@link RouteBodies} budget the server's
 * connections share. A declared {@code Content-Length} is checked and taken at once, before any of
 * the body is read; a chunked body takes its buffer's growth as it comes. Used on the connection's
 * event loop until {@link #take()}, then by the route's worker, which calls {@link #release()}.
 */
final class RouteBody {
  /** Why a body is refused: the HTTP status and a message naming the limit. */
  record Refusal(int status, String message) {}

  private static final int FIRST_CHUNKED = 8 * 1024;

  private final RouteBodies budget;
  private final String path;
  private final int max;
  private byte[] bytes = new byte[0];
  private int size;
  private long taken;

  RouteBody(RouteBodies budget, String path, int max) {
    this.budget = budget;
    this.path = path;
    this.max = max;
  }

  /**
   * Starts with the length the request head declares ({@code -1} for a chunked body).
   *
   * @return why the body is refused, or null
   */
  Refusal start(long declared) {
    if (declared > max) {
      return tooLarge(declared + " bytes");
    }
    if (declared > 0) {
      Refusal r = grow((int) declared);
      if (r != null) {
        return r;
      }
    }
    return null;
  }

  /**
   * Adds the next piece of the body.
   *
   * @return why the body is refused, or null
   */
  Refusal append(ByteBuf b) {
    int n = b.readableBytes();
    if ((long) size + n > max) {
      return tooLarge("more than " + max + " bytes");
    }
    if (size + n > bytes.length) {
      long doubled = Math.max(FIRST_CHUNKED, 2L * bytes.length);
      Refusal r = grow((int) Math.min(max, Math.max(size + n, doubled)));
      if (r != null) {
        return r;
      }
    }
    b.getBytes(b.readerIndex(), bytes, size, n);
    size += n;
    return null;
  }

  private Refusal grow(int capacity) {
    if (!budget.tryTake(capacity - bytes.length)) {
      return new Refusal(
          503,
          String.format(
              "the server is holding its limit of %d bytes of request bodies for other requests"
                  + " (%d bytes now); try again shortly",
              budget.total(), budget.used()));
    }
    taken += capacity - bytes.length;
    bytes = Arrays.copyOf(bytes, capacity);
    return null;
  }

  private Refusal tooLarge(String sent) {
    return new Refusal(
        413,
        "the request body is too large: "
            + path
            + " accepts at most "
            + max
            + " bytes, and "
            + sent
            + " were sent");
  }

  /** The URL path of the request. */
  String path() {
    return path;
  }

  /** The whole body. Its bytes stay counted against the budget until {@link #release()}. */
  byte[] take() {
    return size == bytes.length ? bytes : Arrays.copyOf(bytes, size);
  }

  /** Gives the body's bytes back to the budget; later calls do nothing. */
  void release() {
    bytes = null;
    if (taken > 0) {
      budget.give(taken);
      taken = 0;
    }
  }
}
