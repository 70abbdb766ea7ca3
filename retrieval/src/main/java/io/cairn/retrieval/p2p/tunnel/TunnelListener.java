package io.cairn.retrieval.p2p.tunnel;

import io.cairn.storage.Multiaddr;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A tunnel end that waits for connections, as {@code p2p ls} shows it: a local TCP listener whose
 * connections are forwarded to a peer ({@code p2p forward}), or a libp2p protocol whose streams are
 * forwarded to a TCP target ({@code p2p listen}).
 */
public final class TunnelListener {
  private final String protocol;
  private final Multiaddr listenAddress;
  private final Multiaddr targetAddress;
  private final boolean local;
  private final CompletableFuture<Void> done = new CompletableFuture<>();
  private final Runnable closer;

  TunnelListener(
      String protocol,
      Multiaddr listenAddress,
      Multiaddr targetAddress,
      boolean local,
      Runnable closer) {
    this.protocol = protocol;
    this.listenAddress = listenAddress;
    this.targetAddress = targetAddress;
    this.local = local;
    this.closer = closer;
  }

  /** The libp2p protocol, such as {@code /x/ssh}. */
  public String protocol() {
    return protocol;
  }

  /**
   * Where connections arrive: the bound TCP address of a forwarder (its port resolved), {@code
   * /p2p/<this node>} for a listener.
   */
  public Multiaddr listenAddress() {
    return listenAddress;
  }

  /** Where they go: {@code /p2p/<peer>} for a forwarder, the TCP target for a listener. */
  public Multiaddr targetAddress() {
    return targetAddress;
  }

  /** Whether this is a forwarder's local TCP listener ({@code p2p forward}). */
  public boolean local() {
    return local;
  }

  /** Completes when the listener is closed ({@code p2p close}, or the node stopping). */
  public CompletionStage<Void> done() {
    return done.minimalCompletionStage();
  }

  /** The key that no two listeners of a kind share: Kubo's listen address or protocol. */
  String key() {
    return local ? listenAddress.toString() : protocol;
  }

  /** Stops taking connections; those already tunnelled go on. */
  void close() {
    if (done.complete(null)) {
      closer.run();
    }
  }
}
