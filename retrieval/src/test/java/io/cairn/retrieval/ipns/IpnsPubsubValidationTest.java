package io.cairn.retrieval.ipns;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.p2p.fetch.Fetch;
import io.cairn.retrieval.p2p.fetch.FetchOptions;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubOptions;
import io.cairn.retrieval.p2p.pubsub.PubsubStats;
import io.cairn.retrieval.p2p.pubsub.Subscription;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/**
 * IPNS over pubsub between real Cairn hosts on 127.0.0.1 (floodsub and fetch): the topic validator
 * keeps bad and stale records from spreading, a host that starts following a name or meets a new
 * peer on its topic fetches the record, and the records held are published again.
 */
class IpnsPubsubValidationTest {
  private static final Signer KEY = TestSigners.ed25519(42);
  private static final PeerId NAME = PeerId.fromPublicKey(KEY.publicKeyProtobuf());
  private static final String TOPIC = IpnsPubsub.topic(NAME);

  private record Node(Pubsub pubsub, Fetch fetch, IpnsPubsub names) {}

  private static IpnsRecord record(Signer key, String value, long seq) {
    return IpnsRecord.create(
        key, value, seq, Instant.now().plus(Duration.ofHours(1)), Duration.ofMinutes(5), true);
  }

  private static List<Node> start(TestHosts hosts, IpnsPubsub.Options options) {
    List<Node> nodes = new ArrayList<>();
    for (int i = 0; i < hosts.size(); i++) {
      Pubsub ps =
          new Pubsub(
              hosts.get(i).host(), TestSigners.ed25519(TestHosts.seed(i)), PubsubOptions.DEFAULTS);
      ps.start();
      Fetch fetch = Fetch.install(hosts.get(i).host(), FetchOptions.DEFAULTS);
      nodes.add(new Node(ps, fetch, new IpnsPubsub(ps, fetch, InstantSource.system(), options)));
    }
    return nodes;
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(20);
    }
  }

  /** Follows NAME (fetching from the topic's peers while nothing is held), as a lookup does. */
  private static Optional<IpnsRecord> follow(Node n) {
    return n.names().get(NAME).join();
  }

  /** The record held of NAME, without fetching (a lookup would fetch from the topic's peers). */
  private static Optional<IpnsRecord> held(Node n) {
    return n.names().held(NAME);
  }

  private static long dropped(Node n, String reason) {
    return n.pubsub().stats().dropped().getOrDefault(reason, 0L);
  }

  private static void onTopic(Node at, TestHosts hosts, int peer) throws InterruptedException {
    await(
        () -> at.pubsub().peers(Optional.of(TOPIC)).contains(hosts.get(peer).peerId()),
        "host " + peer + " on the topic");
  }

  /** A record of NAME whose v2 signature is flipped. */
  private static byte[] badSignature(IpnsRecord good) {
    IpnsEntry e = IpnsEntry.decode(good.bytes());
    byte[] sig = e.signatureV2().clone();
    sig[0] ^= 1;
    return new IpnsEntry(
            e.value(),
            e.signatureV1(),
            e.validityType(),
            e.validity(),
            e.sequence(),
            e.ttl(),
            e.pubKey(),
            sig,
            e.data())
        .encode();
  }

  /**
   * A line A - B - C, A a rogue publishing straight on the topic: B rejects records with a bad
   * signature or of another name and ignores an older one, so only the good records reach C.
   */
  @Test
  void badAndStaleRecordsAreNeitherDeliveredNorForwarded() throws Exception {
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      List<Node> n = start(hosts, IpnsPubsub.Options.DEFAULTS);
      n.get(0).names().close();
      Subscription rogue = n.get(0).pubsub().subscribe(TOPIC);
      assertThat(follow(n.get(1))).isEmpty();
      assertThat(follow(n.get(2))).isEmpty();
      hosts.connect(0, 1);
      hosts.connect(1, 2);
      onTopic(n.get(0), hosts, 1);
      onTopic(n.get(2), hosts, 1);
      onTopic(n.get(1), hosts, 2);
      onTopic(n.get(1), hosts, 0);
      Pubsub a = n.get(0).pubsub();

      IpnsRecord five = record(KEY, "/ipfs/bafkqaaa", 5);
      a.publish(TOPIC, five.bytes());
      await(() -> held(n.get(2)).isPresent(), "the good record at C");
      await(() -> held(n.get(1)).isPresent(), "the good record at B");
      assertThat(held(n.get(1))).contains(five);
      assertThat(held(n.get(2))).contains(five);

      a.publish(TOPIC, badSignature(record(KEY, "/ipfs/bafkqaaib", 6)));
      a.publish(TOPIC, record(TestSigners.ed25519(43), "/ipfs/bafkqaaib", 7).bytes());
      a.publish(TOPIC, record(KEY, "/ipfs/bafkqaaib", 4).bytes());
      a.publish(TOPIC, five.bytes()); // the same record again, not from B itself
      await(() -> dropped(n.get(1), PubsubStats.VALIDATION_REJECTED) == 2, "B to reject two");
      await(() -> dropped(n.get(1), PubsubStats.VALIDATION_IGNORED) >= 2, "B to ignore two");
      assertThat(n.get(1).pubsub().stats().rejected()).containsEntry(hosts.get(0).peerId(), 2L);

      IpnsRecord eight = record(KEY, "/ipfs/bafkqaaib", 8);
      a.publish(TOPIC, eight.bytes());
      await(() -> held(n.get(2)).filter(eight::equals).isPresent(), "the newer record at C");
      await(() -> held(n.get(1)).filter(eight::equals).isPresent(), "the newer record at B");
      // C got the two good messages and nothing else: B forwarded no other
      assertThat(n.get(2).pubsub().stats().received()).isEqualTo(2);
      assertThat(n.get(2).pubsub().stats().dropped()).isEmpty();
      assertThat(n.get(1).pubsub().stats().received()).isEqualTo(2);
      rogue.close();
    }
  }

  @Test
  void aHostPublishesOnlyARecordAsGoodAsTheOneItHolds() throws Exception {
    try (TestHosts hosts = TestHosts.start(1, n -> {})) {
      Node a = start(hosts, IpnsPubsub.Options.DEFAULTS).get(0);
      a.names().put(NAME, record(KEY, "/ipfs/bafkqaaib", 2));
      a.names().put(NAME, record(KEY, "/ipfs/bafkqaaa", 1)); // older: kept out, not published
      assertThat(a.pubsub().stats().published()).isEqualTo(1);
      assertThat(held(a).map(IpnsRecord::sequence)).contains(2L);
    }
  }

  /**
   * B follows the name before it meets A, which published while alone: when A's subscription
   * reaches B, B fetches the record from A, with no new publish.
   */
  @Test
  void aPeerJoiningAFollowedTopicIsAskedForItsRecord() throws Exception {
    try (TestHosts hosts = TestHosts.start(2, n -> {})) {
      List<Node> n = start(hosts, IpnsPubsub.Options.DEFAULTS);
      IpnsRecord r = record(KEY, "/ipfs/bafkqaaa", 1);
      n.get(0).names().put(NAME, r);
      assertThat(follow(n.get(1))).isEmpty(); // B follows the topic, no peer on it yet
      hosts.connect(1, 0);
      await(() -> held(n.get(1)).isPresent(), "the record at B");
      assertThat(held(n.get(1))).contains(r);
      assertThat(n.get(0).pubsub().stats().published()).isEqualTo(1);
      assertThat(n.get(1).pubsub().stats().received()).isZero();
    }
  }

  /**
   * A publishes while alone and answers no fetch; B and C (a line A - B - C) follow the name: A's
   * rebroadcast brings the record to B, which forwards it to C.
   */
  @Test
  void theRebroadcastReachesHostsThatMissedTheRecord() throws Exception {
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      IpnsPubsub.Options fast =
          IpnsPubsub.Options.DEFAULTS.withRebroadcast(Duration.ZERO, Duration.ofMillis(300));
      List<Node> n = start(hosts, fast);
      n.get(0).fetch().unregister("/ipns/");
      IpnsRecord r = record(KEY, "/ipfs/bafkqaaa", 1);
      n.get(0).names().put(NAME, r);
      assertThat(follow(n.get(1))).isEmpty();
      assertThat(follow(n.get(2))).isEmpty();
      hosts.connect(0, 1);
      hosts.connect(1, 2);
      await(() -> held(n.get(2)).isPresent(), "the record at C");
      await(() -> held(n.get(1)).isPresent(), "the record at B");
      assertThat(held(n.get(1))).contains(r);
      assertThat(held(n.get(2))).contains(r);
      assertThat(n.get(0).pubsub().stats().published()).isGreaterThan(1);
      // B holds the record now: A's later rebroadcasts are ignored there, not forwarded again
      long atC = n.get(2).pubsub().stats().received();
      long rebroadcasts = n.get(0).pubsub().stats().published();
      await(
          () -> n.get(0).pubsub().stats().published() > rebroadcasts + 1, "two more rebroadcasts");
      assertThat(n.get(2).pubsub().stats().received()).isEqualTo(atC);
      assertThat(dropped(n.get(1), PubsubStats.VALIDATION_IGNORED)).isPositive();
    }
  }
}
