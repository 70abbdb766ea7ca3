package io.cairn.retrieval.gateway;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.p2p.bitswap.FetchingBlockStore;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.GenericFutureListener;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One request answered on a worker thread: the gateway builds the response, then it is written to
 * the connection, a streamed body chunk by chunk with back-pressure. A streamed body that fails
 * after its head was sent cannot change its status: the connection is closed so the client sees the
 * response is incomplete.
 */
final class Exchange implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Exchange.class);

  private final Gateway gateway;
  private final GatewayRequest request;
  private final Channel channel;
  private final WritabilityGate gate;
  private final long stallNanos;
  private final boolean closeAfter;
  private final GatewayListener listener;
  private final Runnable done;

  /**
   * @param closeAfter whether the connection closes after this response (the request had a body the
   *     gateway does not read)
   * @param done run once the response is written or abandoned
   */
  Exchange(
      Gateway gateway,
      GatewayRequest request,
      Channel channel,
      WritabilityGate gate,
      long stallNanos,
      boolean closeAfter,
      GatewayListener listener,
      Runnable done) {
    this.gateway = gateway;
    this.request = request;
    this.channel = channel;
    this.gate = gate;
    this.stallNanos = stallNanos;
    this.closeAfter = closeAfter;
    this.listener = listener;
    this.done = done;
  }

  /**
   * Builds and sends the response; if the client closes the connection meanwhile, the network
   * fetches for it stop (their wants withdrawn) rather than run to their time-out.
   */
  @Override
  public void run() {
    CompletableFuture<Throwable> gone = new CompletableFuture<>();
    GenericFutureListener<Future<? super Void>> closed =
        f -> gone.complete(new IOException("the client closed the connection"));
    channel.closeFuture().addListener(closed);
    try {
      FetchingBlockStore.runCancellable(gone, () -> send(gateway.handle(request)));
    } finally {
      channel.closeFuture().removeListener(closed);
    }
  }

  /** Writes a response (also used on the event loop for responses made there). */
  void send(Response response) {
    HttpResponseStatus status = response.status();
    HttpHeaders headers = response.headers();
    if (closeAfter) {
      headers.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
    }
    Body body = response.body();
    boolean noBody =
        request.isHead()
            || body instanceof Body.None
            || status.code() == 304
            || status.code() == 204
            || status.code() < 200;
    if (noBody || body instanceof Body.Bytes) {
      ByteBuf content = Unpooled.EMPTY_BUFFER;
      if (!noBody) {
        byte[] data = ((Body.Bytes) body).data();
        content = channel.alloc().directBuffer(data.length, data.length).writeBytes(data);
      }
      if (!headers.contains(HttpHeaderNames.CONTENT_LENGTH)
          && !headers.contains(HttpHeaderNames.TRANSFER_ENCODING)
          && status.code() != 304) {
        if (body.length() >= 0) {
          headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length());
        } else {
          headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
      }
      long sent = content.readableBytes();
      DefaultFullHttpResponse full =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, status, content, headers, new DefaultHttpHeaders());
      channel.writeAndFlush(full).addListener(f -> finished(response, f.isSuccess() ? sent : 0));
      return;
    }
    Body.Stream stream = (Body.Stream) body;
    if (stream.length() >= 0) {
      headers.set(HttpHeaderNames.CONTENT_LENGTH, stream.length());
    } else {
      headers.remove(HttpHeaderNames.CONTENT_LENGTH);
      headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    ChannelSink sink =
        new ChannelSink(
            channel,
            new DefaultHttpResponse(HttpVersion.HTTP_1_1, status, headers),
            gate,
            stallNanos);
    try {
      stream.writer().writeTo(sink);
      if (stream.length() >= 0 && sink.written() != stream.length()) {
        throw new IOException(
            "the body was " + sink.written() + " bytes, not the " + stream.length() + " announced");
      }
      ChannelFuture last = sink.finish();
      last.addListener(f -> finished(response, sink.written()));
    } catch (Throwable t) {
      sink.discard();
      if (!sink.headSent() && channel.isActive()) {
        // Nothing has left yet: the client gets the error's own status rather than a 200 that
        // breaks off (a TAR refused at its first entries, a block missing at the start).
        LOG.debug(
            "gateway response {} {} failed before its head was sent: {}",
            request.method(),
            request.rawPath(),
            t.toString());
        send(gateway.decorated(Errors.of(t)));
        return;
      }
      if (t instanceof IOException || !channel.isActive()) {
        LOG.debug("gateway response to {} abandoned: {}", channel.remoteAddress(), t.toString());
      } else {
        LOG.warn(
            "gateway response {} {} failed after its head was sent; closing the connection: {}",
            request.method(),
            request.rawPath(),
            t.toString());
      }
      // What was produced goes out, without the final chunk: the client sees it is incomplete.
      channel.flush();
      channel.close();
      response.kind("error");
      finished(response, sink.written());
    }
  }

  private void finished(Response response, long bytes) {
    try {
      listener.requestDone(
          request.method().name(),
          response.status().code(),
          bytes,
          System.nanoTime() - request.arrivalNanos(),
          response.kind());
    } catch (RuntimeException e) {
      LOG.warn("gateway listener failed", e);
    }
    done.run();
  }
}
