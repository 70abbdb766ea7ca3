package io.cairn.node.pinning.mfs;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.PinningConfig;
import io.cairn.node.pinning.PinningNode;
import io.cairn.node.pinning.StubService;
import io.cairn.storage.Cid;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One poll of the MFS pinning policy at a time, on a clock the test moves, against Cairn's own
 * pinning service: what is sent, when, and what is not.
 */
class MfsPinningTest {
  private static final String PEER = "12D3KooWMfsPolicyTestPeer";
  private static final String PIN_NAME = "policy/" + PEER + "/mfs";

  @TempDir Path dir;
  PinningNode service;
  String endpoint;
  final SettableClock clock = new SettableClock(Instant.parse("2024-05-01T12:00:00Z"));
  final AtomicReference<Map<String, PinningConfig.RemoteService>> services =
      new AtomicReference<>(Map.of());
  final AtomicReference<Cid> root = new AtomicReference<>();
  List<String> origins;
  MfsPinning policy;

  @BeforeEach
  void start() {
    service = PinningNode.create(dir, "1h");
    endpoint = service.base() + "/pinning";
    origins = List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + service.daemon().config().peerId());
    policy =
        new MfsPinning(
            () -> new PinningConfig(services.get()),
            root::get,
            PEER,
            () -> origins,
            Duration.ofMillis(50),
            clock);
  }

  @AfterEach
  void stop() {
    policy.stop();
    service.close();
  }

  private PinningConfig.RemoteService enabled(String key, String interval) {
    return new PinningConfig.RemoteService(
        endpoint, key, new PinningConfig.MfsPolicy(true, "", interval));
  }

  @Test
  void pinsTheRootThenReplacesItOnceChangedAndTheIntervalPassed() throws Exception {
    services.set(Map.of("svc", enabled(PinningNode.TOKEN, "1m")));
    Cid a = service.addUnpinned("a", "first root".getBytes(StandardCharsets.UTF_8));
    Cid b = service.addUnpinned("b", "second root".getBytes(StandardCharsets.UTF_8));

    root.set(a);
    policy.poll();
    awaitCount(() -> service.answered(202), 1);
    JsonNode first = onlyPin();
    assertThat(first.at("/pin/cid").asText()).isEqualTo(a.toString());
    assertThat(first.at("/pin/origins/0").asText()).isEqualTo(origins.getFirst());
    int reads = service.settled(200, Duration.ofMillis(200));

    // The same root: nothing is sent, not even a listing.
    clock.advance(Duration.ofSeconds(30));
    policy.poll();
    assertThat(service.answered(202)).isEqualTo(1);
    assertThat(service.answered(200)).isEqualTo(reads);

    // A new root within RepinInterval (1m) of the last pin waits...
    root.set(b);
    policy.poll();
    assertThat(service.answered(202)).isEqualTo(1);
    assertThat(service.answered(200)).isEqualTo(reads);

    // ...and replaces the pin once it has passed: one pin of that name, a new request.
    clock.advance(Duration.ofSeconds(31));
    policy.poll();
    awaitCount(() -> service.answered(202), 2);
    JsonNode second = onlyPin();
    assertThat(second.at("/pin/cid").asText()).isEqualTo(b.toString());
    assertThat(second.path("requestid").asText()).isNotEqualTo(first.path("requestid").asText());
    assertThat(second.at("/pin/name").asText()).isEqualTo(PIN_NAME);

    // That root, however late: nothing more.
    reads = service.settled(200, Duration.ofMillis(200));
    clock.advance(Duration.ofDays(1));
    policy.poll();
    assertThat(service.answered(202)).isEqualTo(2);
    assertThat(service.answered(200)).isEqualTo(reads);
  }

  @Test
  void aPinOfTheRootTheServiceHoldsIsNotSentAgain() throws Exception {
    services.set(Map.of("svc", enabled(PinningNode.TOKEN, "")));
    Cid a = service.addUnpinned("a", "root".getBytes(StandardCharsets.UTF_8));
    String held =
        service
            .post("/pinning/pins", "{\"cid\":\"" + a + "\",\"name\":\"" + PIN_NAME + "\"}")
            .json()
            .path("requestid")
            .asText();
    awaitCount(() -> service.answered(202), 1);

    // A daemon started again knows no last pin: it lists, finds the root pinned, sends nothing.
    root.set(a);
    int reads = service.settled(200, Duration.ofMillis(200));
    policy.poll();
    awaitCount(() -> service.answered(200), reads + 1);
    assertThat(service.answered(202)).isEqualTo(1);
    assertThat(onlyPin().path("requestid").asText()).isEqualTo(held);
  }

  @Test
  void aFailingServiceIsRetriedEveryPollWithoutHoldingBackTheOthers() throws Exception {
    Map<String, PinningConfig.RemoteService> two = new LinkedHashMap<>();
    two.put("badkey", enabled("wrong-key", "1m"));
    two.put("svc", enabled(PinningNode.TOKEN, "1m"));
    two.put(
        "disabled",
        new PinningConfig.RemoteService(
            endpoint, "wrong-key", new PinningConfig.MfsPolicy(false, "", "")));
    two.put("badinterval", enabled("wrong-key", "soon"));
    services.set(two);
    root.set(service.addUnpinned("a", "root".getBytes(StandardCharsets.UTF_8)));

    policy.poll();
    awaitCount(() -> service.answered(202), 1);
    awaitCount(() -> service.answered(401), 1);
    assertThat(onlyPin().at("/pin/cid").asText()).isEqualTo(root.get().toString());

    policy.poll();
    awaitCount(() -> service.answered(401), 2);
    assertThat(service.answered(202)).isEqualTo(1);
  }

  @Test
  void stoppingCancelsACallThatHangs() throws Exception {
    try (StubService hanging = StubService.hanging()) {
      services.set(
          Map.of(
              "hangs",
              new PinningConfig.RemoteService(
                  hanging.endpoint(), "k", new PinningConfig.MfsPolicy(true, "", ""))));
      root.set(Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn"));
      policy.start();
      Thread.sleep(300); // a poll has started its listing, which gets no answer
      long started = System.nanoTime();
      policy.stop();
      assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }
  }

  /** The one pin of the policy's name on the service, in any status. */
  private JsonNode onlyPin() throws Exception {
    JsonNode list =
        service
            .get(
                "/pinning/pins?status=queued,pinning,pinned,failed&name="
                    + URLEncoder.encode(PIN_NAME, StandardCharsets.UTF_8))
            .json();
    assertThat(list.path("count").asInt()).as("%s", list).isEqualTo(1);
    return list.path("results").get(0);
  }

  private static void awaitCount(IntSupplier count, int want) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (count.getAsInt() < want && System.nanoTime() < deadline) {
      LockSupport.parkNanos(1_000_000);
    }
    assertThat(count.getAsInt()).isEqualTo(want);
  }

  /** A clock the test moves. */
  static final class SettableClock extends Clock {
    private volatile Instant now;

    SettableClock(Instant start) {
      now = start;
    }

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public Instant instant() {
      return now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }
  }
}
