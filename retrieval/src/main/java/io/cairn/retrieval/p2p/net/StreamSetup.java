package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.ProtocolBinding;
import io.cairn.retrieval.p2p.Stream;
import io.netty.channel.ChannelHandlerContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Negotiates the protocol of each new stream with multistream-select and hands it to the binding
 * registered for it; a stream that does not agree in time is reset.
 */
final class StreamSetup {
  private static final Logger LOG = LoggerFactory.getLogger(StreamSetup.class);
  static final Duration NEGOTIATION_TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, ProtocolBinding> bindings;
  private final P2pMetrics metrics;

  StreamSetup(Map<String, ProtocolBinding> bindings, P2pMetrics metrics) {
    this.bindings = bindings;
    this.metrics = metrics;
  }

  /** A stream the peer opened: accept the first registered protocol it proposes. */
  void inbound(YamuxStream stream) {
    opened(stream);
    stream
        .pipeline()
        .addFirst(
            "multistream",
            MultistreamHandler.listener(
                id -> {
                  ProtocolBinding b = bindings.get(id);
                  return b != null && b.acceptsInbound();
                },
                stream.toString(),
                listener(stream, null)));
    timeout(stream, null);
  }

  /** A stream this side opened: propose {@code protocols} in order. */
  void outbound(YamuxStream stream, List<String> protocols, CompletableFuture<Stream> result) {
    opened(stream);
    stream
        .pipeline()
        .addFirst(
            "multistream",
            MultistreamHandler.dialer(protocols, stream.toString(), listener(stream, result)));
    timeout(stream, result);
  }

  private void opened(YamuxStream stream) {
    stream.metrics(metrics);
    metrics.streamOpened();
    stream.closeFuture().addListener(f -> metrics.streamClosed());
  }

  private void timeout(YamuxStream stream, CompletableFuture<Stream> result) {
    var task =
        stream
            .eventLoop()
            .schedule(
                () -> {
                  if (stream.protocol() == null && stream.isOpen()) {
                    fail(
                        stream,
                        result,
                        new P2pException(
                            stream
                                + " agreed on no protocol in "
                                + NEGOTIATION_TIMEOUT.toSeconds()
                                + " s"));
                  }
                },
                NEGOTIATION_TIMEOUT.toMillis(),
                TimeUnit.MILLISECONDS);
    stream
        .closeFuture()
        .addListener(
            f -> {
              task.cancel(false);
              if (result != null && stream.protocol() == null) {
                result.completeExceptionally(
                    new P2pException(
                        stream + " closed before a protocol was agreed (reset by the peer)"));
              }
            });
  }

  private MultistreamHandler.Listener listener(
      YamuxStream stream, CompletableFuture<Stream> result) {
    return new MultistreamHandler.Listener() {
      @Override
      public void selected(ChannelHandlerContext ctx, String protocol) {
        stream.protocol(protocol);
        ProtocolBinding binding = bindings.get(protocol);
        if (result == null && binding != null) {
          int limit = binding.maxInboundStreams();
          if (stream.inboundStreamsOfItsProtocol() > limit) {
            fail(
                stream,
                null,
                new P2pException(
                    stream
                        + ": the peer has "
                        + limit
                        + " "
                        + protocol
                        + " streams open, the limit"));
            return;
          }
        }
        try {
          if (binding != null) {
            binding.initStream(stream);
          }
        } catch (RuntimeException e) {
          LOG.warn("protocol {} failed to set up {}", protocol, stream, e);
          fail(
              stream,
              result,
              new P2pException("protocol " + protocol + " failed to set up " + stream, e));
          return;
        }
        if (result != null) {
          result.complete(stream);
        }
      }

      @Override
      public void failed(ChannelHandlerContext ctx, P2pException error) {
        fail(stream, result, error);
      }
    };
  }

  private static void fail(YamuxStream stream, CompletableFuture<Stream> result, P2pException e) {
    LOG.debug("resetting {}: {}", stream, e.getMessage());
    stream.reset();
    if (result != null) {
      result.completeExceptionally(e);
    }
  }
}
