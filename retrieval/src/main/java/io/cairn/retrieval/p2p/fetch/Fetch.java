package io.cairn.retrieval.p2p.fetch;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The libp2p fetch protocol ({@code /libp2p/fetch/0.0.1}): serves this node's values to peers
 * through lookup functions registered by key prefix, and fetches a value from a peer. Each fetch
 * opens a stream, sends {@code FetchRequest{identifier}} and reads one {@code FetchResponse}: data
 * for {@code OK}, nothing for {@code NOT_FOUND}, a failure for {@code ERROR}. An answer that does
 * not decode, carries more than the data cap or does not come in time fails the fetch with a {@link
 * P2pException} and resets the stream; what a peer sends is never trusted beyond that one answer.
 */
public final class Fetch {
  public static final String PROTOCOL_ID = "/libp2p/fetch/0.0.1";

  /**
   * Finds the value under an identifier. Runs on a network thread: it must answer from memory and
   * not block.
   */
  @FunctionalInterface
  public interface Lookup {
    /** The value under {@code identifier}, if this node holds one. */
    Optional<byte[]> find(byte[] identifier);
  }

  private final Host host;
  private final FetchEngine engine;

  private Fetch(Host host, FetchEngine engine) {
    this.host = host;
    this.engine = engine;
  }

  /** Registers fetch on {@code host}. */
  public static Fetch install(Host host, FetchOptions options) {
    FetchEngine engine = new FetchEngine(Objects.requireNonNull(options, "options"));
    host.register(new FetchBinding(engine));
    return new Fetch(host, engine);
  }

  /**
   * Serves the identifiers that start with {@code prefix} (its UTF-8 bytes) from {@code lookup}.
   *
   * @throws IllegalArgumentException if a lookup already serves that prefix
   */
  public void register(String prefix, Lookup lookup) {
    engine.register(
        Objects.requireNonNull(prefix, "prefix"), Objects.requireNonNull(lookup, "lookup"));
  }

  /** Stops serving {@code prefix}; false if nothing served it. */
  public boolean unregister(String prefix) {
    return engine.unregister(prefix);
  }

  /** Fetches the value under {@code identifier} from {@code peer}, with the default limits. */
  public CompletableFuture<Optional<byte[]>> fetch(PeerId peer, byte[] identifier) {
    return fetch(peer, identifier, engine.options().timeout(), engine.options().maxDataSize());
  }

  /**
   * Fetches the value under {@code identifier} from {@code peer}: empty when the peer answers
   * {@code NOT_FOUND}.
   *
   * @param maxDataSize the most data accepted (at most the options' cap)
   */
  public CompletableFuture<Optional<byte[]>> fetch(
      PeerId peer, byte[] identifier, Duration timeout, int maxDataSize) {
    if (identifier.length > engine.options().maxIdentifierSize()) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException(
              "a fetch identifier may be at most "
                  + engine.options().maxIdentifierSize()
                  + " bytes, not "
                  + identifier.length));
    }
    int cap = Math.min(maxDataSize, engine.options().maxDataSize());
    byte[] request = FetchCodec.encodeRequest(identifier);
    CompletableFuture<io.cairn.retrieval.p2p.Stream> opened =
        host.newStream(peer, List.of(PROTOCOL_ID));
    CompletableFuture<Optional<byte[]>> answer =
        opened.thenCompose(
            stream -> {
              FetchClientHandler client = stream.channel().attr(FetchBinding.CLIENT).get();
              if (client == null) {
                stream.reset();
                return CompletableFuture.failedFuture(new P2pException("fetch stream not set up"));
              }
              return client.request(request, cap);
            });
    return answer
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete(
            (v, e) -> {
              if (e != null) {
                opened.thenAccept(io.cairn.retrieval.p2p.Stream::reset);
              }
            })
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(failure(peer, timeout, e)));
  }

  private static Throwable failure(PeerId peer, Duration timeout, Throwable e) {
    Throwable c = e;
    while (c instanceof CompletionException && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof TimeoutException) {
      return new P2pException(
          "peer " + peer + " did not answer a fetch within " + timeout.toMillis() + " ms");
    }
    return c;
  }
}
