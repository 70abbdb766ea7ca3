package io.cairn.retrieval.p2p.mdns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class MdnsEngineTest {
  private static final String NAME = "selfselfselfselfselfselfselfself";

  /** A peer ID of the Ed25519 key whose bytes are all {@code n}. */
  static PeerId peer(int n) {
    byte[] key = new byte[36];
    key[0] = 0x08;
    key[1] = 0x01;
    key[2] = 0x12;
    key[3] = 0x20;
    java.util.Arrays.fill(key, 4, 36, (byte) n);
    return PeerId.fromPublicKey(key);
  }

  /** A fake host: records dials, and says whom it is connected to. */
  static final class FakeNetwork implements MdnsEngine.Network {
    final PeerId self = peer(0);
    List<Multiaddr> listen = new ArrayList<>();
    final Set<PeerId> connected = new HashSet<>();
    final List<PeerId> dialed = new ArrayList<>();
    final List<List<Multiaddr>> dialedAddresses = new ArrayList<>();
    boolean room = true;
    CompletableFuture<?> nextDial = CompletableFuture.completedFuture(null);

    @Override
    public PeerId self() {
      return self;
    }

    @Override
    public List<Multiaddr> listenAddresses() {
      return listen;
    }

    @Override
    public boolean connected(PeerId peer) {
      return connected.contains(peer);
    }

    @Override
    public boolean hasRoom() {
      return room;
    }

    @Override
    public CompletableFuture<?> dial(PeerId peer, List<Multiaddr> addresses) {
      dialed.add(peer);
      dialedAddresses.add(addresses);
      return nextDial;
    }
  }

  private final FakeNetwork net = new FakeNetwork();
  private long now = 1_000;
  private MdnsEngine engine = new MdnsEngine(net, MdnsOptions.defaults(), NAME, () -> now);

  private static MdnsMessage ptrQuery() {
    return MdnsMessage.query(List.of(new MdnsMessage.Question(MdnsEngine.SERVICE, 12)));
  }

  /** The response of peer {@code n} (its peer name {@code peer<n>...}) with these TXT strings. */
  private static MdnsMessage answer(int n, String... txt) {
    String instance = ("peer" + n).repeat(8) + "." + MdnsEngine.SERVICE;
    return MdnsMessage.response(
        List.of(new MdnsMessage.Ptr(MdnsEngine.SERVICE, 120, instance)),
        List.of(new MdnsMessage.Txt(instance, 120, List.of(txt))));
  }

  private static String dnsaddr(String address, int n) {
    return "dnsaddr=" + address + "/p2p/" + peer(n);
  }

  @Test
  void answersAPtrQueryWithThePeerNameAndOneTxtRecordPerAddress() {
    net.listen =
        List.of(
            Multiaddr.parse("/ip4/192.0.2.2/tcp/4001"),
            Multiaddr.parse("/ip6/fd00::2/tcp/4001"),
            Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    MdnsMessage r = engine.receive(ptrQuery(), false).orElseThrow();
    String instance = NAME + "._p2p._udp.local";
    assertThat(r.response()).isTrue();
    assertThat(r.answers()).containsExactly(new MdnsMessage.Ptr("_p2p._udp.local", 120, instance));
    assertThat(r.additionals())
        .filteredOn(e -> e instanceof MdnsMessage.Txt)
        .containsExactly(
            new MdnsMessage.Txt(
                instance, 120, List.of("dnsaddr=/ip4/192.0.2.2/tcp/4001/p2p/" + net.self)),
            new MdnsMessage.Txt(
                instance, 120, List.of("dnsaddr=/ip6/fd00::2/tcp/4001/p2p/" + net.self)));
    assertThat(r.additionals())
        .contains(new MdnsMessage.Srv(instance, 120, 4001, NAME + ".local"))
        .filteredOn(e -> e instanceof MdnsMessage.Address)
        .extracting(e -> ((MdnsMessage.Address) e).address().getHostAddress())
        .containsExactly("192.0.2.2", "fd00:0:0:0:0:0:0:2");
    assertThat(engine.stats().queriesAnswered()).isEqualTo(1);
  }

  @Test
  void offersLoopbackAddressesOnlyToThisHost() {
    net.listen = List.of(Multiaddr.parse("/ip4/127.0.0.1/tcp/4001"));
    assertThat(engine.receive(ptrQuery(), false)).isEmpty();
    MdnsMessage r = engine.receive(ptrQuery(), true).orElseThrow();
    assertThat(r.additionals())
        .contains(
            new MdnsMessage.Txt(
                NAME + "._p2p._udp.local",
                120,
                List.of("dnsaddr=/ip4/127.0.0.1/tcp/4001/p2p/" + net.self)));
  }

  @Test
  void ignoresOtherQuestionsAndAnswersAtMostOnceASecond() {
    net.listen = List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/4001"));
    MdnsMessage other =
        MdnsMessage.query(List.of(new MdnsMessage.Question("_http._tcp.local", 12)));
    assertThat(engine.receive(other, false)).isEmpty();
    assertThat(engine.receive(ptrQuery(), false)).isPresent();
    now += 500_000_000L;
    assertThat(engine.receive(ptrQuery(), false)).isEmpty();
    now += 600_000_000L;
    assertThat(engine.receive(ptrQuery(), false)).isPresent();
    assertThat(engine.stats().flooded()).isEqualTo(1);
  }

  @Test
  void dialsADiscoveredPeerAtMostOnceAnInterval() {
    MdnsMessage a = answer(1, dnsaddr("/ip4/192.0.2.9/tcp/4001", 1), "other=x");
    engine.receive(a, false);
    assertThat(net.dialed).containsExactly(peer(1));
    assertThat(net.dialedAddresses.get(0))
        .containsExactly(Multiaddr.parse("/ip4/192.0.2.9/tcp/4001"));
    now += Duration.ofSeconds(5).toNanos();
    engine.receive(a, false);
    assertThat(net.dialed).hasSize(1);
    now += Duration.ofSeconds(6).toNanos();
    engine.receive(a, false);
    assertThat(net.dialed).hasSize(2);
    assertThat(engine.stats().peersFound()).isEqualTo(1);
    assertThat(engine.stats().repeated()).isEqualTo(1);
    assertThat(engine.peers()).containsExactly(peer(1));
  }

  @Test
  void ignoresItsOwnAnswersByPeerNameAndByPeerId() {
    net.listen = List.of(Multiaddr.parse("/ip4/192.0.2.2/tcp/4001"));
    MdnsMessage own = engine.response(engine.advertised(false));
    engine.receive(own, true);
    engine.receive(answer(7, dnsaddr("/ip4/192.0.2.2/tcp/4001", 0)), true);
    assertThat(net.dialed).isEmpty();
    assertThat(engine.stats().self()).isEqualTo(2);
  }

  @Test
  void neitherDialsConnectedPeersNorPastTheConnectionLimit() {
    net.connected.add(peer(1));
    engine.receive(answer(1, dnsaddr("/ip4/192.0.2.9/tcp/4001", 1)), false);
    net.room = false;
    engine.receive(answer(2, dnsaddr("/ip4/192.0.2.10/tcp/4001", 2)), false);
    assertThat(net.dialed).isEmpty();
    assertThat(engine.stats().limited()).isEqualTo(1);
    net.room = true;
    engine.receive(answer(2, dnsaddr("/ip4/192.0.2.10/tcp/4001", 2)), false);
    assertThat(net.dialed).containsExactly(peer(2));
  }

  @Test
  void keepsAFewDialsInFlightAtMost() {
    net.nextDial = new CompletableFuture<>();
    for (int i = 1; i <= MdnsEngine.MAX_DIALS_IN_FLIGHT + 2; i++) {
      engine.receive(answer(i, dnsaddr("/ip4/192.0.2." + i + "/tcp/4001", i)), false);
    }
    assertThat(net.dialed).hasSize(MdnsEngine.MAX_DIALS_IN_FLIGHT);
    assertThat(engine.stats().limited()).isEqualTo(2);
  }

  @Test
  void remembersAtMostMaxPeers() {
    engine =
        new MdnsEngine(
            net,
            new MdnsOptions(Duration.ofSeconds(10), MdnsOptions.defaults().groups(), 5353, 3),
            NAME,
            () -> now);
    for (int i = 1; i <= 5; i++) {
      engine.receive(answer(i, dnsaddr("/ip4/192.0.2." + i + "/tcp/4001", i)), false);
    }
    assertThat(engine.peers()).containsExactly(peer(3), peer(4), peer(5));
    assertThat(engine.stats().peersRemembered()).isEqualTo(3);
  }

  @Test
  void ignoresAndCountsAnswersWithoutAUsableAddress() {
    List<MdnsMessage> bad =
        List.of(
            answer(1, "dnsaddr=/ip4/999.0.0.1/tcp/4001/p2p/" + peer(1)), // bogus multiaddr
            answer(1, "dnsaddr=/ip4/192.0.2.1/tcp/4001/p2p/QmNotAPeer"), // peer ID does not parse
            answer(1, "dnsaddr=/ip4/192.0.2.1/tcp/4001"), // no peer
            answer(1, "dnsaddr=garbage"),
            answer(1, "nothing=here"),
            answer(1, dnsaddr("/ip4/127.0.0.1/tcp/4001", 1)), // loopback from another host
            answer(1, dnsaddr("/ip4/0.0.0.0/tcp/4001", 1)), // wildcard
            answer(1, dnsaddr("/ip4/192.0.2.1/udp/4001/quic-v1", 1)), // not TCP
            answer(1, dnsaddr("/dns4/example.com/tcp/4001", 1))); // not an IP
    bad.forEach(m -> engine.receive(m, false));
    assertThat(net.dialed).isEmpty();
    assertThat(engine.stats().badRecords()).isGreaterThanOrEqualTo(bad.size());
  }

  @Test
  void takesOnlyTheAddressesOfTheFirstPeerAnInstanceNames() {
    engine.receive(
        answer(
            1,
            dnsaddr("/ip4/192.0.2.1/tcp/4001", 1),
            dnsaddr("/ip4/192.0.2.66/tcp/4001", 66),
            dnsaddr("/ip6/fd00::1/tcp/4001", 1)),
        false);
    assertThat(net.dialed).containsExactly(peer(1));
    assertThat(net.dialedAddresses.get(0))
        .containsExactly(
            Multiaddr.parse("/ip4/192.0.2.1/tcp/4001"), Multiaddr.parse("/ip6/fd00::1/tcp/4001"));
  }

  @Test
  void dropsPacketsOverTheRateLimit() {
    int admitted = 0;
    for (int i = 0; i < MdnsEngine.MAX_PACKETS_PER_SECOND + 50; i++) {
      admitted += engine.admit() ? 1 : 0;
    }
    assertThat(admitted).isEqualTo(MdnsEngine.MAX_PACKETS_PER_SECOND);
    assertThat(engine.stats().flooded()).isEqualTo(50);
    now += 1_000_000_000L;
    assertThat(engine.admit()).isTrue();
  }

  @Test
  void peerNamesAreRandomLabelsOf32To63Characters() {
    Set<String> names = new HashSet<>();
    for (int i = 0; i < 200; i++) {
      String n = MdnsEngine.randomPeerName();
      assertThat(n).matches("[a-z0-9]{32,63}");
      names.add(n);
    }
    assertThat(names).hasSize(200);
    assertThat(Optional.of(engine.instance())).contains(NAME + "._p2p._udp.local");
  }
}
