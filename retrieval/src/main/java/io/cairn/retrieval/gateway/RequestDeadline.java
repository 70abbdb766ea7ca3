package io.cairn.retrieval.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that does not deliver a complete request head within the request timeout of
 * opening or of its previous response ending: slowloris clients that trickle headers, and idle
 * keep-alive connections. Sits after the HTTP codec, where whole request heads and response ends
 * are visible. The API port uses it too.
 */
public final class RequestDeadline extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(RequestDeadline.class);

  private final long timeoutNanos;
  private ScheduledFuture<?> timer;
  private int outstanding;

  public RequestDeadline(Duration timeout) {
    this.timeoutNanos = timeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    if (ctx.channel().isActive()) {
      arm(ctx);
    }
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    arm(ctx);
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest) {
      outstanding++;
      disarm();
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof LastHttpContent) {
      promise.addListener(
          f -> {
            outstanding = Math.max(0, outstanding - 1);
            if (outstanding == 0 && ctx.channel().isActive()) {
              arm(ctx);
            }
          });
    }
    super.write(ctx, msg, promise);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    disarm();
    super.channelInactive(ctx);
  }

  private void arm(ChannelHandlerContext ctx) {
    disarm();
    timer =
        ctx.executor()
            .schedule(
                () -> {
                  if (outstanding == 0) {
                    LOG.debug(
                        "closing connection {}: no complete request in time",
                        ctx.channel().remoteAddress());
                    ctx.close();
                  }
                },
                timeoutNanos,
                TimeUnit.NANOSECONDS);
  }

  private void disarm() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }
}
