package io.cairn.retrieval.p2p.ping;

import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** Ping ({@code /ipfs/ping/1.0.0}): answers peers' pings and measures round trips to peers. */
public final class Ping {
  public static final String PROTOCOL_ID = "/ipfs/ping/1.0.0";
  static final int SIZE = 32;

  private final Host host;

  private Ping(Host host) {
    this.host = host;
  }

  /** Registers Ping on {@code host}. */
  public static Ping install(Host host) {
    host.register(new PingBinding());
    return new Ping(host);
  }

  /** Pings {@code peer} once (connecting if needed) and returns the round-trip time. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    return host.newStream(peer, List.of(PROTOCOL_ID))
        .thenCompose(
            s -> {
              PingRequester r = s.channel().attr(PingBinding.REQUESTER).get();
              return r == null
                  ? CompletableFuture.failedFuture(new P2pException("ping stream not set up"))
                  : r.result();
            });
  }
}
