package io.cairn.node.http;

import io.cairn.retrieval.gateway.IdleCloser;
import io.cairn.retrieval.gateway.RequestDeadline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.function.IntFunction;

/**
 * The pipeline of every API connection, as on the gateway port: the stall timeout first, the
 * HTTP/1.1 codec, the request-head deadline (which also closes idle keep-alive connections), and
 * the handler that answers requests in order.
 */
final class ApiInitializer extends ChannelInitializer<Channel> {
  private static final int MAX_INITIAL_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 32 * 1024;
  private static final int MAX_CHUNK = 64 * 1024;

  private final ApiServerOptions options;
  private final IntFunction<ApiChannelHandler> handler;

  /**
   * @param handler makes a connection's request handler, given the port the API listens on
   */
  ApiInitializer(ApiServerOptions options, IntFunction<ApiChannelHandler> handler) {
    this.options = options;
    this.handler = handler;
  }

  @Override
  protected void initChannel(Channel ch) {
    int port =
        ch.localAddress() instanceof InetSocketAddress a ? a.getPort() : options.bind().getPort();
    // The codec's limit on requests decoded but not yet answered fails the connection without a
    // word; ApiChannelHandler answers pipelined requests in order and stops reading meanwhile.
    HttpDecoderConfig decoder =
        new HttpDecoderConfig()
            .setMaxInitialLineLength(MAX_INITIAL_LINE)
            .setMaxHeaderSize(MAX_HEADERS)
            .setMaxChunkSize(MAX_CHUNK);
    ch.pipeline()
        .addLast("idle", new IdleCloser(options.stallTimeout()))
        .addLast("http", new HttpServerCodec(decoder, Integer.MAX_VALUE))
        .addLast("deadline", new RequestDeadline(options.requestTimeout()))
        .addLast("api", handler.apply(port));
  }
}
