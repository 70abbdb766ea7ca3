package io.cairn.retrieval.gateway;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;

/**
 * HTTP/1.1 persistent connections, as Netty's {@code HttpServerKeepAliveHandler} keeps them, with
 * one difference: a 304 is self-delimited. Netty's handler counts only responses with a length, a
 * chunked body, 1xx or 204 as delimited and closes the connection after any other, so every 304
 * (which has no body and, per RFC 9110 §8.6, no Content-Length of its own) cost a new connection.
 * Pipelined requests are counted so that the connection closes only after the last response owed.
 */
final class KeepAlive extends ChannelDuplexHandler {
  private boolean persistent = true;
  private int pending;

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
    if (msg instanceof HttpRequest request && persistent) {
      pending++;
      persistent = HttpUtil.isKeepAlive(request);
    }
    super.channelRead(ctx, msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise)
      throws Exception {
    if (msg instanceof HttpResponse response) {
      boolean informational = response.status().codeClass() == HttpStatusClass.INFORMATIONAL;
      if (!informational) {
        pending--;
      }
      if (!HttpUtil.isKeepAlive(response) || !delimited(response)) {
        pending = 0;
        persistent = false;
      }
      if (!keepAlive()) {
        HttpUtil.setKeepAlive(response, false);
      }
    }
    if (msg instanceof LastHttpContent && !keepAlive()) {
      promise = promise.unvoid().addListener(ChannelFutureListener.CLOSE);
    }
    super.write(ctx, msg, promise);
  }

  private boolean keepAlive() {
    return pending != 0 || persistent;
  }

  /** Whether the client can tell where the response ends without the connection closing. */
  private static boolean delimited(HttpResponse response) {
    int code = response.status().code();
    return HttpUtil.isContentLengthSet(response)
        || HttpUtil.isTransferEncodingChunked(response)
        || response.status().codeClass() == HttpStatusClass.INFORMATIONAL
        || code == 204
        || code == 304;
  }
}
