package io.cairn.retrieval;

import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.Host;
import io.cairn.retrieval.p2p.identify.Identify;
import io.cairn.retrieval.p2p.net.TcpHost;
import io.cairn.retrieval.p2p.ping.Ping;
import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;

/** A running libp2p host with Identify and Ping; close it to stop. */
public final class P2pNode implements AutoCloseable {
  private final TcpHost host;
  private final Identify identify;
  private final Ping ping;
  private final P2pMetrics metrics;

  P2pNode(TcpHost host, Identify identify, Ping ping, P2pMetrics metrics) {
    this.host = host;
    this.identify = identify;
    this.ping = ping;
    this.metrics = metrics;
  }

  /** The host, for protocols to register on and open streams with. */
  public Host host() {
    return host;
  }

  public PeerId peerId() {
    return host.self();
  }

  /**
   * The announced addresses ({@link Host#announcedAddresses}), each with {@code /p2p/<peer ID>}
   * appended, as peers dial them.
   */
  public List<Multiaddr> dialAddresses() {
    Multiaddr p2p = Multiaddr.parse("/p2p/" + host.self());
    return host.announcedAddresses().stream().map(a -> a.encapsulate(p2p)).toList();
  }

  /** Pings a peer (connecting if needed) and returns the round-trip time. */
  public CompletableFuture<Duration> ping(PeerId peer) {
    return ping.ping(peer);
  }

  /** Identifies the peer of an open connection, updating the peer store. */
  public CompletableFuture<Identify.Info> identify(Connection connection) {
    return identify.identify(connection);
  }

  /**
   * Tells every connected peer this node's protocols and addresses as they are now (Identify push),
   * after a protocol was registered late.
   *
   * @return how many peers took the push
   */
  public CompletableFuture<Integer> pushIdentify() {
    return identify.pushAll();
  }

  /** Addresses peers observed this node at. */
  public Set<Multiaddr> observedAddresses() {
    return identify.observedAddresses();
  }

  /**
   * The address filters in force ({@code Swarm.AddrFilters}, as {@code swarm filters} lists them):
   * addresses in these networks are not dialed, connections from them are closed when accepted.
   */
  public List<AddressMask> addressFilters() {
    return host.addressFilters();
  }

  /**
   * Changes the address filters at once for every later dial and accepted connection (open
   * connections stay, as in Kubo); {@code change} may run more than once when changes race.
   *
   * @return the filters now in force, each once
   */
  public List<AddressMask> updateAddressFilters(UnaryOperator<List<AddressMask>> change) {
    return host.updateAddressFilters(change);
  }

  public P2pMetrics metrics() {
    return metrics;
  }

  /** Received bytes held for protocols that have not read them yet. */
  public long bufferedBytes() {
    return host.bufferedBytes();
  }

  @Override
  public void close() {
    host.close();
  }
}
