package io.cairn.retrieval.p2p;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed connection to one peer (TCP, TLS or Noise, Yamux). */
public interface Connection {
  /** The remote peer, authenticated by the TLS or Noise handshake. */
  PeerId remotePeer();

  /**
   * The security protocol agreed on, {@code /tls/1.0.0} or {@code /noise}; empty for a connection
   * that is not secured by one (an in-memory test network's).
   */
  default String security() {
    return "";
  }

  /** The remote address, such as {@code /ip4/127.0.0.1/tcp/4001}. */
  Multiaddr remoteAddress();

  /** The local address of the socket. */
  Multiaddr localAddress();

  /** Whether this side dialed the connection. */
  boolean initiator();

  /**
   * Opens a stream and negotiates the first of {@code protocols} the peer accepts. The binding
   * registered on the host for the agreed protocol sets the stream up (see {@link
   * ProtocolBinding#initStream}) before the future completes.
   *
   * @return a future that fails with {@link P2pException} if the peer accepts none of them, the
   *     connection closes, or the stream limit is reached
   */
  CompletableFuture<Stream> newStream(List<String> protocols);

  /** The number of streams open on this connection. */
  int streamCount();

  /**
   * The protocol of each stream open on this connection, as negotiated; a stream still negotiating
   * shows as an empty string. For {@code swarm peers --streams}.
   */
  List<String> streamProtocols();

  /** Whether the connection is still open. */
  boolean isOpen();

  /** Closes the connection (Yamux GoAway, then the socket); completes when the socket is closed. */
  CompletableFuture<Void> close();
}
