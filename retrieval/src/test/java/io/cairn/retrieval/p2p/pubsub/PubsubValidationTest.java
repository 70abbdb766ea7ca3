package io.cairn.retrieval.p2p.pubsub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Topic validators: in the engine alone, then across a line of real hosts with either router. */
class PubsubValidationTest {
  private static PubsubEngine engine(int host, PubsubOptions options) {
    return new PubsubEngine(Keys.peer(host), Keys.signer(host), options, System::nanoTime);
  }

  /** Host 1's engine: one, so its messages' sequence numbers differ. */
  private final PubsubEngine author = engine(1, PubsubOptions.DEFAULTS);

  private PubsubMessage authored(String topic, String data) {
    return author.publish(topic, bytes(data));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String text(PubsubMessage m) {
    return new String(m.data(), StandardCharsets.UTF_8);
  }

  /** Rejects "bad", ignores "meh", accepts the rest. */
  private static TopicValidator.Result judge(PeerId from, PubsubMessage m) {
    return switch (text(m)) {
      case "bad" -> TopicValidator.Result.REJECT;
      case "meh" -> TopicValidator.Result.IGNORE;
      default -> TopicValidator.Result.ACCEPT;
    };
  }

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    PubsubNetworkTest.await(condition, what, 10);
  }

  private static long dropped(PubsubStats s, String reason) {
    return s.dropped().getOrDefault(reason, 0L);
  }

  @Test
  void onlyAcceptedMessagesAreDeliveredAndRejectionsCountAgainstTheSender() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    e.peer(Keys.peer(2));
    e.validation().register("t", PubsubValidationTest::judge);
    Subscription sub = e.subscribe("t");
    Subscription other = e.subscribe("u");
    for (String data : List.of("bad", "meh", "good")) {
      e.onMessage(Keys.peer(2), authored("t", data));
    }
    e.onMessage(Keys.peer(2), authored("u", "bad")); // no validator on u
    assertThat(text(sub.next(Duration.ofSeconds(5)))).isEqualTo("good");
    assertThat(text(other.next(Duration.ofSeconds(5)))).isEqualTo("bad");
    await(() -> e.stats().dropped().size() == 2, "the verdicts");
    PubsubStats s = e.stats();
    assertThat(sub.next(Duration.ofMillis(50))).isNull();
    assertThat(s.received()).isEqualTo(2);
    assertThat(s.dropped())
        .containsEntry(PubsubStats.VALIDATION_REJECTED, 1L)
        .containsEntry(PubsubStats.VALIDATION_IGNORED, 1L);
    assertThat(s.rejected()).isEqualTo(Map.of(Keys.peer(2), 1L));
  }

  @Test
  void aMessageSeenIsNotValidatedAgain() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    AtomicInteger calls = new AtomicInteger();
    e.validation()
        .register(
            "t",
            (from, m) -> {
              calls.incrementAndGet();
              return judge(from, m);
            });
    PubsubMessage bad = authored("t", "bad");
    PubsubMessage good = authored("t", "good");
    e.onMessage(Keys.peer(2), bad);
    await(() -> calls.get() == 1, "the first validation");
    e.onMessage(Keys.peer(2), good);
    await(() -> e.stats().received() == 1, "the second message");
    e.onMessage(Keys.peer(3), bad);
    e.onMessage(Keys.peer(3), good);
    assertThat(calls).hasValue(2);
    assertThat(dropped(e.stats(), PubsubStats.DUPLICATE)).isEqualTo(2);
  }

  @Test
  void theValidationQueueIsBoundedAndDropsWhatGoesPastIt() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS.withValidation(1, 1));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    e.validation()
        .register(
            "t",
            (from, m) -> {
              started.countDown();
              try {
                release.await();
              } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
              }
              return TopicValidator.Result.ACCEPT;
            });
    Subscription sub = e.subscribe("t");
    e.onMessage(Keys.peer(2), authored("t", "one"));
    assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
    e.onMessage(Keys.peer(2), authored("t", "two")); // waits in the queue
    e.onMessage(Keys.peer(2), authored("t", "three")); // finds it full
    assertThat(dropped(e.stats(), PubsubStats.VALIDATION_THROTTLED)).isEqualTo(1);
    release.countDown();
    List<String> got = new ArrayList<>();
    got.add(text(sub.next(Duration.ofSeconds(5))));
    got.add(text(sub.next(Duration.ofSeconds(5))));
    assertThat(got).containsExactly("one", "two");
    assertThat(sub.next(Duration.ofMillis(50))).isNull();
  }

  @Test
  void ownMessagesAreValidatedAndAFailingValidatorIgnores() throws Exception {
    PubsubEngine e = engine(0, PubsubOptions.DEFAULTS);
    List<PeerId> froms = new CopyOnWriteArrayList<>();
    e.validation()
        .register(
            "t",
            (from, m) -> {
              froms.add(from);
              if (text(m).equals("boom")) {
                throw new IllegalStateException("a bug");
              }
              return judge(from, m);
            });
    assertThatThrownBy(() -> e.validation().register("t", PubsubValidationTest::judge))
        .hasMessage("duplicate validator for topic t");
    Subscription sub = e.subscribe("t");
    assertThatThrownBy(() -> e.publish("t", bytes("bad")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("validation failed");
    assertThatThrownBy(() -> e.publish("t", bytes("meh"))).hasMessage("validation ignored");
    assertThatThrownBy(() -> e.publish("t", bytes("boom"))).hasMessage("validation ignored");
    e.publish("t", bytes("good"));
    assertThat(text(sub.next(Duration.ofSeconds(1)))).isEqualTo("good");
    assertThat(sub.next(Duration.ofMillis(20))).isNull();
    assertThat(e.stats().published()).isEqualTo(1);
    assertThat(froms).containsOnly(Keys.peer(0)).hasSize(4);

    assertThat(e.validation().unregister("t")).isTrue();
    assertThat(e.validation().unregister("t")).isFalse();
    e.publish("t", bytes("bad"));
    assertThat(text(sub.next(Duration.ofSeconds(1)))).isEqualTo("bad");
  }

  /**
   * A line A - B - C, B validating: what B rejects or ignores reaches neither B's subscriber nor C,
   * with floodsub and with gossipsub; B counts A's rejected messages against A.
   */
  @ParameterizedTest
  @EnumSource(PubsubOptions.Router.class)
  void aMiddleHostForwardsOnlyWhatItAccepts(PubsubOptions.Router router) throws Exception {
    PubsubOptions options =
        router == PubsubOptions.Router.GOSSIPSUB
            ? PubsubOptions.DEFAULTS.withGossipsub(GossipsubNetworkTest.SMALL)
            : PubsubOptions.DEFAULTS;
    try (TestHosts hosts = TestHosts.start(3, n -> {})) {
      List<Pubsub> ps = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        ps.add(new Pubsub(hosts.get(i).host(), Keys.signer(i), options));
        ps.get(i).start();
      }
      ps.get(1).registerTopicValidator("news", PubsubValidationTest::judge);
      Subscription atB = ps.get(1).subscribe("news");
      Subscription atC = ps.get(2).subscribe("news");
      ps.get(0).subscribe("news");
      hosts.connect(0, 1);
      hosts.connect(1, 2);
      PeerId a = hosts.get(0).peerId();
      await(() -> ps.get(0).peers(Optional.of("news")).contains(hosts.get(1).peerId()), "B at A");
      await(() -> ps.get(1).peers(Optional.of("news")).contains(hosts.get(2).peerId()), "C at B");
      if (router == PubsubOptions.Router.GOSSIPSUB) {
        await(() -> ps.get(0).meshPeers("news").size() == 1, "A's mesh");
        await(() -> ps.get(1).meshPeers("news").size() == 2, "B's mesh");
      }

      for (String data : List.of("bad", "meh", "bad")) {
        ps.get(0).publish("news", bytes(data));
      }
      await(() -> ps.get(1).stats().rejected().getOrDefault(a, 0L) == 2, "B to reject twice");
      await(() -> dropped(ps.get(1).stats(), PubsubStats.VALIDATION_IGNORED) == 1, "B to ignore");
      ps.get(0).publish("news", bytes("good"));
      assertThat(text(atC.next(Duration.ofSeconds(10)))).isEqualTo("good");
      assertThat(text(atB.next(Duration.ofSeconds(1)))).isEqualTo("good");
      assertThat(atB.next(Duration.ofMillis(100))).isNull();
      assertThat(atC.next(Duration.ofMillis(100))).isNull();
      assertThat(ps.get(2).stats().received()).isEqualTo(1);
      assertThat(ps.get(1).stats().received()).isEqualTo(1);
    }
  }
}
