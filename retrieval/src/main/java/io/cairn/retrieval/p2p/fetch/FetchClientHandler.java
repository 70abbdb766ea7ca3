package io.cairn.retrieval.p2p.fetch;

import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.retrieval.p2p.UvarintFrames;
import io.cairn.storage.codec.CodecException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.handler.codec.DecoderException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The asking side of a fetch stream: sends the request, completes its future with the one answer
 * and closes. An answer that does not decode or is over the cap, or the stream ending first, fails
 * the future with a {@link P2pException} naming the peer.
 */
final class FetchClientHandler extends SimpleChannelInboundHandler<byte[]> {
  private final Stream stream;
  private final CompletableFuture<Optional<byte[]>> result = new CompletableFuture<>();
  private volatile int cap;

  FetchClientHandler(Stream stream) {
    super(byte[].class);
    this.stream = stream;
  }

  /** Sends the encoded request; the future completes with the answer's data. */
  CompletableFuture<Optional<byte[]>> request(byte[] request, int maxDataSize) {
    cap = maxDataSize;
    stream
        .channel()
        .writeAndFlush(UvarintFrames.frame(stream.channel().alloc(), request))
        .addListener(
            f -> {
              if (!f.isSuccess()) {
                fail("could not be sent a fetch request: " + f.cause());
              }
            });
    return result;
  }

  @Override
  protected void channelRead0(ChannelHandlerContext ctx, byte[] frame) {
    if (result.isDone()) {
      fail("sent more than one fetch response");
      stream.reset();
      return;
    }
    FetchCodec.Response r = FetchCodec.decodeResponse(frame);
    switch (r.status()) {
      case OK -> {
        if (r.data().length > cap) {
          fail("answered a fetch with " + r.data().length + " bytes, over the cap of " + cap);
          stream.reset();
          return;
        }
        result.complete(Optional.of(r.data()));
      }
      case NOT_FOUND -> result.complete(Optional.empty());
      case ERROR ->
          fail(
              "answered a fetch with an error: "
                  + printable(new String(r.data(), StandardCharsets.UTF_8)));
    }
    ctx.close();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt == ChannelInputShutdownEvent.INSTANCE) {
      fail("closed the fetch stream before answering");
    }
    super.userEventTriggered(ctx, evt);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    fail("closed the fetch stream before answering");
    super.channelInactive(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    Throwable c =
        cause instanceof DecoderException && cause.getCause() != null ? cause.getCause() : cause;
    fail(
        c instanceof CodecException
            ? "sent a malformed fetch response: " + c.getMessage()
            : "broke the fetch stream: " + c);
    stream.reset();
  }

  private void fail(String what) {
    result.completeExceptionally(new P2pException("peer " + stream.remotePeer() + " " + what));
  }

  /** A peer's error text, cut short and without control characters, for a log or a message. */
  private static String printable(String text) {
    String cut = text.length() > 200 ? text.substring(0, 200) + "..." : text;
    return cut.replaceAll("\\p{Cntrl}", "?");
  }
}
