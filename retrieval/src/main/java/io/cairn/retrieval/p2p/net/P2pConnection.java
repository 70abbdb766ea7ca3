package io.cairn.retrieval.p2p.net;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.Stream;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.netty.channel.Channel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** A secured, multiplexed TCP connection: the socket channel and its Yamux session. */
final class P2pConnection implements Connection {
  private final TcpHost host;
  private final Channel channel;
  private final YamuxSession session;
  private final PeerId remote;
  private final boolean initiator;
  private final String security;
  private final Multiaddr remoteAddress;
  private final Multiaddr localAddress;

  P2pConnection(
      TcpHost host,
      Channel channel,
      YamuxSession session,
      PeerId remote,
      boolean initiator,
      String security) {
    this.host = host;
    this.security = security;
    this.channel = channel;
    this.session = session;
    this.remote = remote;
    this.initiator = initiator;
    this.remoteAddress = Multiaddr.tcp((InetSocketAddress) channel.remoteAddress());
    this.localAddress = Multiaddr.tcp((InetSocketAddress) channel.localAddress());
  }

  @Override
  public PeerId remotePeer() {
    return remote;
  }

  @Override
  public Multiaddr remoteAddress() {
    return remoteAddress;
  }

  @Override
  public Multiaddr localAddress() {
    return localAddress;
  }

  @Override
  public String security() {
    return security;
  }

  @Override
  public boolean initiator() {
    return initiator;
  }

  Channel channel() {
    return channel;
  }

  YamuxSession session() {
    return session;
  }

  @Override
  public CompletableFuture<Stream> newStream(List<String> protocols) {
    if (protocols.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("no protocol to open"));
    }
    CompletableFuture<Stream> result = new CompletableFuture<>();
    channel
        .eventLoop()
        .execute(
            () -> {
              try {
                YamuxStream stream = session.open();
                host.streams().outbound(stream, protocols, result);
              } catch (P2pException e) {
                result.completeExceptionally(e);
              }
            });
    return result;
  }

  @Override
  public int streamCount() {
    return session.openStreams();
  }

  @Override
  public List<String> streamProtocols() {
    return session.streamProtocols();
  }

  @Override
  public boolean isOpen() {
    return channel.isActive();
  }

  @Override
  public CompletableFuture<Void> close() {
    CompletableFuture<Void> done = new CompletableFuture<>();
    channel.closeFuture().addListener(f -> done.complete(null));
    channel
        .eventLoop()
        .execute(
            () -> {
              session.goAway(YamuxFrame.GO_AWAY_NORMAL);
              channel.close();
            });
    return done;
  }

  @Override
  public String toString() {
    return "connection to " + remote + " at " + remoteAddress;
  }
}
