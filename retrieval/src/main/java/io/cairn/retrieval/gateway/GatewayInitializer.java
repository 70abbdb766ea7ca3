package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.retrieval.NameResolver;
import io.cairn.storage.BlockStore;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;

/**
 * The pipeline of every gateway connection: the idle timeout first, the connection limit, the
 * HTTP/1.1 codec with the configured line and header limits, the request-head deadline, keep-alive
 * handling, and the handler that answers requests on worker threads.
 */
public final class GatewayInitializer extends ChannelInitializer<SocketChannel> {
  /**
   * The HTTP codec's own limit on requests decoded but not yet answered, which it enforces by
   * failing the connection without a word: lifted, since {@link GatewayHandler} bounds pipelining
   * itself and answers what it refuses.
   */
  static final int PIPELINE_DEPTH = Integer.MAX_VALUE;

  private final GatewayOptions.Limits limits;
  private final Gateway gateway;
  private final Executor workers;
  private final Semaphore permits;
  private final GatewayListener listener;
  private final ConnectionLimiter limiter;
  private final ChannelGroup channels;

  /**
   * @param workers runs request work off the event loop; the number of requests in progress is
   *     capped at {@code options.limits().maxConcurrentRequests()}
   * @param channels every connection is added to it, so a server can close them all
   */
  public GatewayInitializer(
      GatewayOptions options,
      BlockStore blocks,
      NameResolver names,
      GatewayListener listener,
      Executor workers,
      ChannelGroup channels) {
    this.channels = channels;
    this.limits = options.limits();
    this.gateway = new Gateway(options, blocks, names);
    this.workers = workers;
    this.permits = new Semaphore(limits.maxConcurrentRequests());
    this.listener = listener;
    this.limiter = new ConnectionLimiter(limits.maxConnections(), limits.maxConnectionsPerClient());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(limits.maxUrlLength())
            .setMaxHeaderSize(limits.maxHeaderSize())
            .setMaxChunkSize(16 * 1024);
    channels.add(ch);
    ChannelPipeline p = ch.pipeline();
    p.addLast("idle", new IdleCloser(limits.idleTimeout()));
    p.addLast("limit", limiter);
    p.addLast("codec", new HttpServerCodec(decoder, PIPELINE_DEPTH));
    p.addLast("deadline", new RequestDeadline(limits.requestTimeout()));
    p.addLast("keep-alive", new KeepAlive());
    p.addLast(
        "gateway",
        new GatewayHandler(gateway, workers, permits, listener, limits.idleTimeout().toNanos()));
  }

  /** Connections open now. */
  public int openConnections() {
    return limiter.open();
  }
}
