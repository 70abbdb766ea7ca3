package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes decoded requests off one connection and answers them one at a time, in order: malformed
 * ones with 400, 414 or 431 (then the connection closes), the rest on a worker thread, since
 * answering reads blocks. Requests pipelined behind the one in progress wait in a queue; once
 * {@link #MAX_PIPELINED} wait, reading stops until the queue has been served, and a request decoded
 * beyond {@link #MAX_QUEUED} gets 429 in its turn, after which the connection closes. Request
 * bodies are not read. Never blocks the event loop.
 */
final class GatewayHandler extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);

  /** Requests waiting behind the one being answered at which reading stops. */
  static final int MAX_PIPELINED = 16;

  /**
   * Requests that may wait: more than {@link #MAX_PIPELINED} arrive when a client sends many in one
   * packet, all decoded at once.
   */
  static final int MAX_QUEUED = 256;

  private final Gateway gateway;
  private final Executor workers;
  private final Semaphore permits;
  private final GatewayListener listener;
  private final long stallNanos;
  private final WritabilityGate gate = new WritabilityGate();
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private boolean busy;
  private boolean refusing;

  /** A request to answer, or (with {@code refusal}) one to refuse before closing. */
  private record Pending(GatewayRequest request, boolean closeAfter, Response refusal) {}

  GatewayHandler(
      Gateway gateway,
      Executor workers,
      Semaphore permits,
      GatewayListener listener,
      long stallNanos) {
    this.gateway = gateway;
    this.workers = workers;
    this.permits = permits;
    this.listener = listener;
    this.stallNanos = stallNanos;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    try {
      if (refusing || !(msg instanceof HttpRequest req)) {
        return; // request body parts are not read; nothing after a refusal is
      }
      if (req.decoderResult().isFailure()) {
        malformed(ctx, req.decoderResult().cause());
        return;
      }
      if (req.protocolVersion().majorVersion() != 1) {
        refuse(
            ctx,
            HttpResponseStatus.HTTP_VERSION_NOT_SUPPORTED,
            "HTTP version " + req.protocolVersion().text() + " is not supported; use HTTP/1.1");
        return;
      }
      if (busy && queue.size() >= MAX_QUEUED) {
        refuse(
            ctx,
            HttpResponseStatus.TOO_MANY_REQUESTS,
            "more than " + MAX_QUEUED + " pipelined requests; send fewer at once");
        return;
      }
      boolean hasBody =
          HttpUtil.isTransferEncodingChunked(req) || HttpUtil.getContentLength(req, 0L) > 0;
      enqueue(ctx, new Pending(GatewayRequest.of(req, System.nanoTime()), hasBody, null));
    } finally {
      ReferenceCountUtil.release(msg);
    }
  }

  /** Starts {@code p} now, or queues it behind the request in progress. */
  private void enqueue(ChannelHandlerContext ctx, Pending p) {
    if (!busy) {
      start(ctx, p);
      return;
    }
    queue.add(p);
    if (queue.size() >= MAX_PIPELINED && ctx.channel().config().isAutoRead()) {
      LOG.debug(
          "{} requests pipelined on {}: reading stops until they are answered",
          queue.size(),
          ctx.channel().remoteAddress());
      ctx.channel().config().setAutoRead(false);
    }
  }

  private void start(ChannelHandlerContext ctx, Pending p) {
    busy = true;
    if (p.refusal() != null) {
      new Exchange(
              gateway, p.request(), ctx.channel(), gate, stallNanos, true, listener, ctx::close)
          .send(gateway.decorated(p.refusal()));
      return;
    }
    Runnable done = () -> ctx.executor().execute(() -> next(ctx));
    Exchange exchange =
        new Exchange(
            gateway, p.request(), ctx.channel(), gate, stallNanos, p.closeAfter(), listener, done);
    if (!permits.tryAcquire()) {
      Response busyResponse =
          Errors.text(
              HttpResponseStatus.TOO_MANY_REQUESTS,
              "too many requests in progress on this gateway; retry shortly");
      busyResponse.header("Retry-After", "1");
      exchange.send(gateway.decorated(busyResponse));
      return;
    }
    try {
      workers.execute(
          () -> {
            try {
              exchange.run();
            } finally {
              permits.release();
            }
          });
    } catch (RejectedExecutionException e) {
      permits.release();
      ctx.close();
    }
  }

  private void next(ChannelHandlerContext ctx) {
    busy = false;
    Pending p = queue.poll();
    if (p != null && ctx.channel().isActive()) {
      start(ctx, p);
    } else if (!ctx.channel().config().isAutoRead()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /** 400, 414 or 431 for a request the codec could not decode, then close. */
  private void malformed(ChannelHandlerContext ctx, Throwable cause) {
    HttpResponseStatus status;
    String message;
    if (cause instanceof TooLongHttpLineException) {
      status = HttpResponseStatus.REQUEST_URI_TOO_LONG;
      message = "request line too long: " + cause.getMessage();
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE;
      message = "request headers too large: " + cause.getMessage();
    } else {
      status = HttpResponseStatus.BAD_REQUEST;
      message = "malformed HTTP request: " + cause.getMessage();
    }
    refuse(ctx, status, message);
  }

  /** Answers with an error in turn, then closes the connection; later requests are dropped. */
  private void refuse(ChannelHandlerContext ctx, HttpResponseStatus status, String message) {
    LOG.debug("{} from {}: {}", status.code(), ctx.channel().remoteAddress(), message);
    refusing = true;
    GatewayRequest placeholder =
        new GatewayRequest(HttpMethod.GET, "/", new DefaultHttpHeaders(), System.nanoTime());
    enqueue(ctx, new Pending(placeholder, true, Errors.text(status, message)));
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    gate.signal();
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    queue.clear();
    gate.signal();
    super.channelInactive(ctx);
  }

  /**
   * I/O errors (a reset, a broken pipe) end the connection quietly; protocol errors are logged at
   * debug; anything else is a bug worth a warning. The connection is closed in every case.
   */
  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (cause instanceof IOException) {
      LOG.debug(
          "gateway connection {} failed: {}", ctx.channel().remoteAddress(), cause.toString());
    } else if (cause instanceof DecoderException || cause instanceof TooLongFrameException) {
      LOG.debug(
          "protocol error on gateway connection {}: {}",
          ctx.channel().remoteAddress(),
          cause.toString());
    } else {
      LOG.warn("unexpected error on gateway connection {}", ctx.channel().remoteAddress(), cause);
    }
    ctx.close();
  }
}
