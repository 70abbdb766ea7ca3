package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The router's policy without a network: signatures, the seen cache, forwarding, queue bounds. */
class PubsubEngineTest {
  private final AtomicLong now = new AtomicLong();

  private PubsubEngine engine(int host, PubsubOptions options) {
    return new PubsubEngine(Keys.peer(host), Keys.signer(host), options, now::get);
  }

  /** A message that host {@code author} published to {@code topic}, as its engine signs it. */
  private PubsubMessage authored(int author, String topic, String data) {
    return engine(author, PubsubOptions.DEFAULTS)
        .publish(topic, data.getBytes(StandardCharsets.UTF_8));
  }

  private static PubsubCodec.Rpc subscribe(String topic) {
    return new PubsubCodec.Rpc(List.of(new PubsubCodec.SubOpt(true, topic)), List.of(), 0);
  }

  @Test
  void acceptsAMessageSignedByItsAuthorAndDeliversItOnce() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    Subscription sub = e.subscribe("t");
    PubsubMessage m = authored(1, "t", "hello");
    assertThat(PubsubEngine.checkSignature(m)).isNull();
    e.onMessage(Keys.peer(1), m);
    e.onMessage(Keys.peer(2), m);
    assertThat(new String(sub.next(Duration.ofSeconds(1)).data(), StandardCharsets.UTF_8))
        .isEqualTo("hello");
    assertThat(sub.next(Duration.ofMillis(50))).isNull();
    assertThat(e.stats().received()).isEqualTo(1);
    assertThat(e.stats().dropped()).containsEntry(PubsubStats.DUPLICATE, 1L);
  }

  @Test
  void dropsTamperedUnsignedAndMisattributedMessages() {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    Subscription sub = e.subscribe("t");
    PubsubMessage m = authored(1, "t", "hello");
    PubsubMessage tampered =
        new PubsubMessage(
            m.from(),
            "HELLO".getBytes(StandardCharsets.UTF_8),
            m.seqno(),
            m.topics(),
            m.signature(),
            null);
    PubsubMessage unsigned =
        new PubsubMessage(m.from(), m.data(), new byte[] {9}, m.topics(), null, null);
    // signed by host 1, claiming to be from host 2
    PubsubMessage forged =
        new PubsubMessage(Keys.peer(2), m.data(), m.seqno(), m.topics(), m.signature(), null);
    // a key that is not the author's
    PubsubMessage wrongKey =
        new PubsubMessage(
            m.from(),
            m.data(),
            m.seqno(),
            m.topics(),
            m.signature(),
            Keys.signer(2).publicKeyProtobuf());
    for (PubsubMessage bad : List.of(tampered, unsigned, forged, wrongKey)) {
      e.onMessage(Keys.peer(3), bad);
    }
    assertThat(e.stats().received()).isZero();
    assertThat(e.stats().delivered()).isZero();
    assertThat(e.stats().dropped())
        .containsEntry(PubsubStats.BAD_SIGNATURE, 3L)
        .containsEntry(PubsubStats.UNSIGNED, 1L);
    // a forged copy did not poison the seen cache: the real message still goes through
    e.onMessage(Keys.peer(3), m);
    assertThat(e.stats().delivered()).isEqualTo(1);
    assertThat(sub.isClosed()).isFalse();
  }

  @Test
  void forwardsToSubscribedPeersExceptTheSenderAndTheAuthor() {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    for (int p = 1; p <= 4; p++) {
      e.peer(Keys.peer(p));
    }
    e.onRpc(Keys.peer(1), subscribe("t"));
    e.onRpc(Keys.peer(2), subscribe("t"));
    e.onRpc(Keys.peer(3), subscribe("t"));
    e.onRpc(Keys.peer(4), subscribe("other"));
    assertThat(e.peers(Optional.of("t")))
        .containsExactlyInAnyOrder(Keys.peer(1), Keys.peer(2), Keys.peer(3));

    PubsubMessage m = authored(1, "t", "x"); // authored by 1, relayed by 2
    e.onMessage(Keys.peer(2), m);
    assertThat(e.peer(Keys.peer(1)).outbox.queuedBytes()).isZero(); // the author
    assertThat(e.peer(Keys.peer(2)).outbox.queuedBytes()).isZero(); // the sender
    assertThat(e.peer(Keys.peer(3)).outbox.queuedBytes()).isPositive();
    assertThat(e.peer(Keys.peer(4)).outbox.queuedBytes()).isZero(); // not subscribed
    assertThat(e.stats().forwarded()).isEqualTo(1);

    // an unsubscribe stops forwarding
    e.onRpc(
        Keys.peer(3),
        new PubsubCodec.Rpc(List.of(new PubsubCodec.SubOpt(false, "t")), List.of(), 0));
    e.onMessage(Keys.peer(2), authored(1, "t", "y"));
    assertThat(e.stats().forwarded()).isEqualTo(1);
  }

  @Test
  void aSlowPeersQueueIsBoundedInBytes() {
    PubsubEngine e =
        engine(
            0, PubsubOptions.DEFAULTS.withPeerQueueBytes(PubsubOptions.DEFAULT_MAX_MESSAGE_SIZE));
    PeerId slow = Keys.peer(1);
    e.peer(slow);
    e.onRpc(slow, subscribe("t"));
    byte[] data = new byte[300_000];
    for (int i = 0; i < 5; i++) {
      e.publish("t", data);
    }
    assertThat(e.peer(slow).outbox.queuedBytes())
        .isLessThanOrEqualTo(PubsubOptions.DEFAULT_MAX_MESSAGE_SIZE);
    assertThat(e.stats().forwarded()).isEqualTo(3);
    assertThat(e.stats().dropped()).containsEntry(PubsubStats.PEER_QUEUE_FULL, 2L);
  }

  @Test
  void aSlowSubscriberLosesMessagesButNeverBlocksTheRouter() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS.withSubscriberQueue(2));
    Subscription slow = e.subscribe("t");
    Subscription other = e.subscribe("t");
    for (int i = 0; i < 5; i++) {
      e.publish("t", new byte[] {(byte) i});
    }
    assertThat(e.stats().published()).isEqualTo(5);
    assertThat(e.stats().delivered()).isEqualTo(4);
    assertThat(e.stats().dropped()).containsEntry(PubsubStats.SUBSCRIBER_FULL, 6L);
    assertThat(slow.next(Duration.ofSeconds(1)).data()).containsExactly(0);
    other.close();
    assertThat(e.topics()).containsExactly("t");
    slow.close();
    assertThat(e.topics()).isEmpty();
  }

  @Test
  void dropsMessagesThatClaimToBeOwn() {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    e.onMessage(Keys.peer(1), authored(0, "t", "echo"));
    assertThat(e.stats().dropped()).containsEntry(PubsubStats.SELF, 1L);
  }

  @Test
  void refusesToPublishOverTheLimit() {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    assertThatThrownBy(() -> e.publish("t", new byte[PubsubOptions.DEFAULT_MAX_MESSAGE_SIZE]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("over the pubsub limit");
  }

  /**
   * A message whose author left the data field out (go-libp2p-pubsub publishing nil data) is signed
   * without it, and checked without it.
   */
  @Test
  void aMessageWithoutItsDataFieldIsCheckedAsItsAuthorSignedIt() {
    PubsubMessage unsigned =
        new PubsubMessage(
            Keys.peer(1), new byte[0], new byte[] {1}, List.of("t"), null, null, true);
    PubsubMessage signed =
        new PubsubMessage(
            unsigned.from(),
            unsigned.data(),
            unsigned.seqno(),
            unsigned.topics(),
            Keys.signer(1).sign(unsigned.signedBytes()),
            null,
            true);
    PubsubMessage back =
        PubsubCodec.decode(PubsubCodec.encode(List.of(), List.of(signed))).messages().get(0);
    assertThat(back.dataAbsent()).isTrue();
    assertThat(PubsubEngine.checkSignature(back)).isNull();
    PubsubMessage withEmptyData =
        new PubsubMessage(
            back.from(), back.data(), back.seqno(), back.topics(), back.signature(), null, false);
    assertThat(PubsubEngine.checkSignature(withEmptyData)).isEqualTo(PubsubStats.BAD_SIGNATURE);
  }

  @Test
  void codecRoundTripsAndSignsGoStyle() {
    PubsubMessage m = authored(1, "t", "hello");
    byte[] rpc = PubsubCodec.encode(List.of(new PubsubCodec.SubOpt(true, "t")), List.of(m));
    PubsubCodec.Rpc back = PubsubCodec.decode(rpc);
    assertThat(back.subscriptions()).containsExactly(new PubsubCodec.SubOpt(true, "t"));
    PubsubMessage d = back.messages().get(0);
    assertThat(d.id()).isEqualTo(m.id());
    assertThat(PubsubEngine.checkSignature(d)).isNull();
    assertThat(new String(m.signedBytes(), 0, 14, StandardCharsets.US_ASCII))
        .isEqualTo("libp2p-pubsub:");
  }
}
