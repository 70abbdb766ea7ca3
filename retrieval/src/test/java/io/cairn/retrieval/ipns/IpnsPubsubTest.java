package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.fetch.FetchOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** IPNS over pubsub between real Cairn hosts on 127.0.0.1 running floodsub and fetch. */
class IpnsPubsubTest {
  private static final Signer KEY = TestSigners.ed25519(42);
  private static final PeerId NAME = PeerId.fromPublicKey(KEY.publicKeyProtobuf());

  private static IpnsRecord record(Signer key, String value, long seq) {
    return IpnsRecord.create(
        key, value, seq, Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5), true);
  }

  /** One host's pubsub, fetch and IPNS over pubsub. */
  private record Node(Pubsub pubsub, Fetch fetch, IpnsPubsub names) {}

  private static Node start(P2pNode host, int i) {
    Pubsub ps =
        new Pubsub(host.host(), TestSigners.ed25519(TestHosts.seed(i)), PubsubOptions.DEFAULTS);
    ps.start();
    Fetch fetch = Fetch.install(host.host(), FetchOptions.DEFAULTS);
    return new Node(
        ps, fetch, new IpnsPubsub(ps, fetch, InstantSource.system(), IpnsPubsub.Options.DEFAULTS));
  }

  private static List<Node> start(TestHosts hosts) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      nodes.add(start(hosts.get(i), i));
    }
    return nodes;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  private static Optional<IpnsRecord> get(Node n, PeerId name) throws Exception {
    return n.names().get(name).get(10, TimeUnit.SECONDS);
  }

  @Test
  void theTopicIsRecordThenTheRoutingKeyInUnpaddedBase64url() {
    String topic = IpnsPubsub.topic(NAME);
    assertThat(topic).startsWith("/record/L2lwbnMv").doesNotContain("=", "+", "/ipns");
    assertThat(Base64.getUrlDecoder().decode(topic.substring("/record/".length())))
        .containsExactly(IpnsRecord.routingKey(NAME));
  }

  @Test
  void aNameIsFetchedFromTheTopicPeerThenUpdatedByMessages() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      List<Node> n = start(hosts);
      hosts.connect(1, 0);
      List<PeerId> updates = new CopyOnWriteArrayList<>();
      n.get(1).names().onUpdate(updates::add);
      IpnsRecord first = record(KEY, "/ipfs/bafkqaaa", 1);
      n.get(0).names().put(NAME, first);
      String topic = IpnsPubsub.topic(NAME);
      await(
          () -> n.get(1).pubsub().peers(Optional.of(topic)).contains(hosts.get(0).peerId()),
          "A on the topic at B");

      assertThat(get(n.get(1), NAME)).contains(first);
      assertThat(n.get(1).names().subscriptions()).containsExactly(NAME);
      assertThat(updates).containsExactly(NAME);
      await(
          () -> n.get(0).pubsub().peers(Optional.of(topic)).contains(hosts.get(1).peerId()),
          "B on the topic at A");

      IpnsRecord second = record(KEY, "/ipfs/bafkqaaib", 2);
      n.get(0).names().put(NAME, second);
      await(() -> updates.size() == 2, "the new record to arrive by message");
      assertThat(get(n.get(1), NAME)).contains(second);
    }
  }

  @Test
  void aNewerRecordFetchedIsPublishedAgainOnTheTopic() throws Exception {
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      List<Node> n = start(hosts);
      IpnsRecord r = record(KEY, "/ipfs/bafkqaaa", 1);
      n.get(0).names().put(NAME, r); // nobody follows the topic yet: the message reaches no one
      hosts.connect(1, 0);
      hosts.connect(2, 1);
      String topic = IpnsPubsub.topic(NAME);
      assertThat(get(n.get(2), NAME)).isEmpty(); // C follows the topic, knows no peer on it
      await(
          () ->
              n.get(1)
                  .pubsub()
                  .peers(Optional.of(topic))
                  .containsAll(List.of(hosts.get(0).peerId(), hosts.get(2).peerId())),
          "A and C on the topic at B");

      List<PeerId> atC = new CopyOnWriteArrayList<>();
      n.get(2).names().onUpdate(atC::add);
      assertThat(get(n.get(1), NAME)).contains(r); // B fetches from A and publishes to C
      await(() -> !atC.isEmpty(), "the record to reach C by message");
      assertThat(get(n.get(2), NAME)).contains(r);
    }
  }

  @Test
  void aRecordNotOfTheTopicsNameIsNotKept() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      List<Node> n = start(hosts);
      hosts.connect(1, 0);
      Signer other = TestSigners.ed25519(43);
      PeerId otherName = PeerId.fromPublicKey(other.publicKeyProtobuf());
      String topic = IpnsPubsub.topic(NAME);
      // a rogue peer: on the topic, answering fetches and publishing with another name's records
      var sub = n.get(0).pubsub().subscribe(topic);
      n.get(0).names().close();
      byte[] rogue = record(other, "/ipfs/bafkqaaa", 9).bytes();
      n.get(0).fetch().register("/ipns/", id -> Optional.of(rogue));
      await(
          () -> n.get(1).pubsub().peers(Optional.of(topic)).contains(hosts.get(0).peerId()),
          "A on the topic at B");

      assertThat(get(n.get(1), NAME)).isEmpty();
      await(
          () -> n.get(0).pubsub().peers(Optional.of(topic)).contains(hosts.get(1).peerId()),
          "B on the topic at A");
      n.get(0).pubsub().publish(topic, rogue);
      n.get(0).pubsub().publish(topic, new byte[] {1, 2, 3});
      IpnsRecord good = record(KEY, "/ipfs/bafkqaaib", 1);
      n.get(0).pubsub().publish(topic, good.bytes());
      await(() -> n.get(1).names().get(NAME).join().isPresent(), "the valid record");
      assertThat(get(n.get(1), NAME)).contains(good);
      assertThat(get(n.get(1), otherName)).isEmpty();
      sub.close();
    }
  }

  @Test
  void cancelLeavesTheTopic() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      Node a = start(hosts.get(0), 0);
      get(a, NAME);
      assertThat(a.names().subscriptions()).containsExactly(NAME);
      assertThat(a.pubsub().topics()).containsExactly(IpnsPubsub.topic(NAME));
      assertThat(a.names().cancel(NAME)).isTrue();
      assertThat(a.names().cancel(NAME)).isFalse();
      assertThat(a.names().subscriptions()).isEmpty();
      assertThat(a.pubsub().topics()).isEmpty();
    }
  }

  @Test
  void theTopicsFollowedAreBounded() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      Pubsub ps =
          new Pubsub(
              hosts.get(0).host(), TestSigners.ed25519(TestHosts.seed(0)), PubsubOptions.DEFAULTS);
      ps.start();
      IpnsPubsub names =
          new IpnsPubsub(
              ps,
              Fetch.install(hosts.get(0).host(), FetchOptions.DEFAULTS),
              InstantSource.system(),
              new IpnsPubsub.Options(2, Duration.ofSeconds(1)));
      List<PeerId> ids = new ArrayList<>();
      for (int i = 50; i < 53; i++) {
        ids.add(PeerId.fromPublicKey(TestSigners.ed25519(i).publicKeyProtobuf()));
        names.get(ids.get(ids.size() - 1)).get(10, TimeUnit.SECONDS);
      }
      assertThat(names.subscriptions()).containsExactly(ids.get(1), ids.get(2));
      assertThat(ps.topics()).hasSize(2);
    }
  }
}
