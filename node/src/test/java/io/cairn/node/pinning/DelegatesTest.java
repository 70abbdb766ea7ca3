package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.AddressesConfig;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.util.List;
import org.junit.jupiter.api.Test;

class DelegatesTest {
  private static final PeerId PEER =
      PeerId.parse("12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz");
  private static final String P2P = "/p2p/" + PEER;

  @Test
  void announcedAddressesWinAndEachEndsInThePeerId() {
    List<String> d =
        Delegates.of(
            addresses(
                List.of("/ip4/0.0.0.0/tcp/4001"),
                List.of("/dns4/node.example/tcp/4001", "/ip4/198.51.100.7/tcp/4001" + P2P),
                List.of(),
                List.of()),
            PEER);
    assertThat(d)
        .containsExactly("/dns4/node.example/tcp/4001" + P2P, "/ip4/198.51.100.7/tcp/4001" + P2P);
  }

  @Test
  void swarmAddressesWithAppendedOnesLessTheNoAnnounceOnes() {
    List<String> d =
        Delegates.of(
            addresses(
                List.of("/ip4/192.0.2.1/tcp/4001", "/ip4/192.0.2.2/tcp/4001"),
                List.of(),
                List.of("/dns4/extra.example/tcp/4001"),
                List.of("/ip4/192.0.2.2/tcp/4001")),
            PEER);
    assertThat(d)
        .containsExactly("/ip4/192.0.2.1/tcp/4001" + P2P, "/dns4/extra.example/tcp/4001" + P2P);
  }

  @Test
  void anUnspecifiedHostStandsForTheInterfacesWithLoopbackLast() {
    List<String> d =
        Delegates.of(
            addresses(List.of("/ip4/0.0.0.0/tcp/4001"), List.of(), List.of(), List.of()), PEER);
    assertThat(d).contains("/ip4/127.0.0.1/tcp/4001" + P2P);
    assertThat(d.getLast()).startsWith("/ip4/127.");
    assertThat(d).allMatch(a -> a.endsWith("/tcp/4001" + P2P) && !a.contains("0.0.0.0"));
  }

  @Test
  void withoutSwarmAddressesTheApiAddressStandsIn() {
    List<String> d = Delegates.of(addresses(List.of(), List.of(), List.of(), List.of()), PEER);
    assertThat(d).containsExactly("/ip4/127.0.0.1/tcp/5001" + P2P);
  }

  private static AddressesConfig addresses(
      List<String> swarm, List<String> announce, List<String> append, List<String> no) {
    return new AddressesConfig(
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/5001")),
        List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/8080")),
        swarm.stream().map(Multiaddr::parse).toList(),
        announce.stream().map(Multiaddr::parse).toList(),
        append.stream().map(Multiaddr::parse).toList(),
        no.stream().map(Multiaddr::parse).toList());
  }
}
