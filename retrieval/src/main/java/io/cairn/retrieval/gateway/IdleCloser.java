package io.cairn.retrieval.gateway;

import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * First in the pipeline: closes a connection that has neither read nor written a byte for the idle
 * timeout. Output counts as activity only while it drains, so a client that stops reading a
 * response is closed too. The API port uses it too.
 */
public final class IdleCloser extends IdleStateHandler {
  private static final Logger LOG = LoggerFactory.getLogger(IdleCloser.class);

  public IdleCloser(Duration idle) {
    super(true, 0, 0, idle.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  protected void channelIdle(ChannelHandlerContext ctx, IdleStateEvent evt) {
    LOG.debug("closing idle connection {}", ctx.channel().remoteAddress());
    ctx.close();
  }
}
