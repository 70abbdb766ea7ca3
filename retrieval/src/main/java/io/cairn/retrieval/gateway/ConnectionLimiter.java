package io.cairn.retrieval.gateway;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Caps open connections, in all and per client address: a connection over either limit is closed as
 * soon as it opens, before anything is read from it. Shared by every connection.
 */
@ChannelHandler.Sharable
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  private static final AttributeKey<InetAddress> COUNTED =
      AttributeKey.valueOf(ConnectionLimiter.class, "counted");

  private final int maxTotal;
  private final int maxPerClient;
  private final AtomicInteger total = new AtomicInteger();
  private final ConcurrentHashMap<InetAddress, AtomicInteger> perClient = new ConcurrentHashMap<>();

  ConnectionLimiter(int maxTotal, int maxPerClient) {
    this.maxTotal = maxTotal;
    this.maxPerClient = maxPerClient;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = address(ctx.channel().remoteAddress());
    int all = total.incrementAndGet();
    int own =
        perClient
            .compute(
                client,
                (k, n) -> {
                  AtomicInteger c = n == null ? new AtomicInteger() : n;
                  c.incrementAndGet();
                  return c;
                })
            .get();
    ctx.channel().attr(COUNTED).set(client);
    if (all > maxTotal || own > maxPerClient) {
      LOG.debug(
          "refusing gateway connection from {}: {} open ({} from it), limits {} and {}",
          client,
          all,
          own,
          maxTotal,
          maxPerClient);
      ctx.close();
      return;
    }
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    InetAddress client = ctx.channel().attr(COUNTED).getAndSet(null);
    if (client != null) {
      total.decrementAndGet();
      perClient.computeIfPresent(client, (k, n) -> n.decrementAndGet() <= 0 ? null : n);
    }
    super.channelInactive(ctx);
  }

  /** Open connections, for tests and metrics. */
  int open() {
    return total.get();
  }

  private static InetAddress address(SocketAddress a) {
    if (a instanceof InetSocketAddress i && i.getAddress() != null) {
      return i.getAddress();
    }
    return InetAddress.getLoopbackAddress();
  }
}
