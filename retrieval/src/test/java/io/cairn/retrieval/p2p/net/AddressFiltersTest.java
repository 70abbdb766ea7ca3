package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.P2pException;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code Swarm.AddrFilters} on two real hosts on 127.0.0.1: a filtered address is not dialed (no
 * socket reaches it), a connection from a filtered address is closed when it is accepted, and
 * removing the filter lets the hosts connect.
 */
class AddressFiltersTest {
  private static final AddressMask LOOPBACK = AddressMask.parse("/ip4/127.0.0.0/ipcidr/8");

  @Test
  void aFilteredAddressIsNeverDialedNorAcceptedUntilTheFilterIsRemoved() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      P2pNode a = hosts.get(0);
      P2pNode b = hosts.get(1);

      a.updateAddressFilters(f -> List.of(LOOPBACK));
      assertThat(refusal(a, b.peerId(), b.host().listenAddresses()))
          .startsWith("cannot connect to peer " + b.peerId() + ": ")
          .contains(
              "the address filter /ip4/127.0.0.0/ipcidr/8 (Swarm.AddrFilters) refuses "
                  + b.host().listenAddresses().get(0));
      assertThat(b.host().connections()).isEmpty();

      // addresses the peer store learnt (from Identify, the DHT, mDNS) are refused the same way
      a.host()
          .peerStore()
          .addAddresses(b.peerId(), b.host().listenAddresses(), Duration.ofMinutes(1));
      assertThat(refusal(a, b.peerId(), List.of())).contains("refuses");

      a.updateAddressFilters(f -> List.of());
      b.updateAddressFilters(f -> List.of(LOOPBACK));
      assertThatThrownBy(
              () ->
                  a.host()
                      .connect(b.peerId(), b.host().listenAddresses())
                      .get(10, TimeUnit.SECONDS))
          .isInstanceOf(ExecutionException.class);
      assertThat(b.metrics().drops("address-filter")).isPositive();
      assertThat(b.host().connection(a.peerId())).isEmpty();

      b.updateAddressFilters(f -> List.of());
      Connection c = hosts.connect(0, 1);
      assertThat(c.remotePeer()).isEqualTo(b.peerId());
    }
  }

  @Test
  void aFilteredAddressIsSkippedAndThePeersOtherAddressDialed() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {});
        ServerSocket decoy = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.2"))) {
      P2pNode a = hosts.get(0);
      P2pNode b = hosts.get(1);
      decoy.setSoTimeout(300);
      Multiaddr filtered = Multiaddr.parse("/ip4/127.0.0.2/tcp/" + decoy.getLocalPort());
      a.updateAddressFilters(f -> List.of(AddressMask.parse("/ip4/127.0.0.2/ipcidr/32")));

      List<Multiaddr> addresses = new ArrayList<>(List.of(filtered));
      addresses.addAll(b.host().listenAddresses());
      Connection c = a.host().connect(b.peerId(), addresses).get(10, TimeUnit.SECONDS);

      assertThat(c.remotePeer()).isEqualTo(b.peerId());
      assertThatThrownBy(decoy::accept).isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void theFiltersOfTheOptionsHoldFromTheStartAndChangesKeepEachMaskOnce() throws Exception {
    AddressMask ula = AddressMask.parse("/ip6/fc00::/ipcidr/7");
    P2pOptions options = P2pOptions.loopback().withAddrFilters(List.of(LOOPBACK, ula, LOOPBACK));
    try (TestHosts hosts = TestHosts.start(1, options, n -> {});
        ServerSocket peer = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      P2pNode a = hosts.get(0);
      peer.setSoTimeout(300);
      assertThat(a.addressFilters()).containsExactly(LOOPBACK, ula);

      String why =
          refusal(
              a,
              PeerId.parse("12D3KooWCryG7Mon9orvQxcS1rYZjotPgpwoJNHHKcLLfE4Hf5mV"),
              List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/" + peer.getLocalPort())));
      assertThat(why).contains("/ip4/127.0.0.0/ipcidr/8");
      assertThatThrownBy(peer::accept).isInstanceOf(SocketTimeoutException.class);

      List<AddressMask> after =
          a.updateAddressFilters(
              f -> {
                List<AddressMask> more = new ArrayList<>(f);
                more.add(AddressMask.parse("/ip4/127.1.2.3/ipcidr/8"));
                more.remove(ula);
                return more;
              });
      assertThat(after).containsExactly(LOOPBACK).isEqualTo(a.addressFilters());
    }
  }

  /** The message of the failed dial. */
  private static String refusal(P2pNode from, PeerId to, List<Multiaddr> addresses)
      throws Exception {
    CompletableFuture<Connection> dial = from.host().connect(to, addresses);
    Throwable e = dial.handle((c, t) -> t).get(10, TimeUnit.SECONDS);
    assertThat(e).isInstanceOf(P2pException.class);
    return e.getMessage();
  }
}
