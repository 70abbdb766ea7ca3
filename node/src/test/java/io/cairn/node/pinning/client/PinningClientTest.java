package io.cairn.node.pinning.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.node.api.Cancellation;
import io.cairn.node.pinning.PinningNode;
import io.cairn.node.pinning.StubService;
import io.cairn.storage.Cid;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against Cairn's own pinning service, and against services that misbehave. */
class PinningClientTest {
  private static final Cid SOME_CID =
      Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
  private static final PinFilter PINNED =
      new PinFilter(List.of(), "", List.of(RemotePin.Status.PINNED));

  @TempDir Path dir;

  @Test
  void addsReadsListsOverPagesAndDeletes() throws Exception {
    try (PinningNode service = PinningNode.create(dir, "1h")) {
      PinningClient client = client(service.base() + "/pinning", PinningNode.TOKEN);
      List<Cid> cids = new ArrayList<>();
      List<String> ids = new ArrayList<>();
      for (int i = 0; i < 23; i++) {
        Cid cid = service.addUnpinned("f" + i, ("file " + i).getBytes(StandardCharsets.UTF_8));
        cids.add(cid);
        RemotePin queued = client.add(cid, "pin-" + i, List.of());
        assertThat(queued.cid()).isEqualTo(cid);
        assertThat(queued.name()).isEqualTo("pin-" + i);
        ids.add(queued.requestId());
      }
      for (String id : ids) {
        service.awaitStatus(id, "pinned");
      }
      assertThat(client.status(ids.get(0)).status()).isEqualTo(RemotePin.Status.PINNED);
      assertThat(client.count(PINNED)).isEqualTo(23);

      // Three pages of ten, newest first, each page read with the last one's cursor.
      List<String> listed = new ArrayList<>();
      client.list(PINNED, p -> listed.add(p.requestId()));
      assertThat(listed).containsExactlyElementsOf(ids.reversed());

      client.delete(ids.get(5));
      assertThat(client.count(PINNED)).isEqualTo(22);
      List<String> named = new ArrayList<>();
      client.list(
          new PinFilter(List.of(), "pin-7", List.of(RemotePin.Status.PINNED)),
          p -> named.add(p.name()));
      assertThat(named).containsExactly("pin-7");
    }
  }

  @Test
  void replaceMovesARequestToAnotherCidUnderANewId() throws Exception {
    try (PinningNode service = PinningNode.create(dir, "1h")) {
      PinningClient client = client(service.base() + "/pinning", PinningNode.TOKEN);
      Cid a = service.addUnpinned("a", "a".getBytes(StandardCharsets.UTF_8));
      Cid b = service.addUnpinned("b", "b".getBytes(StandardCharsets.UTF_8));
      RemotePin first = client.add(a, "site", List.of());
      service.awaitStatus(first.requestId(), "pinned");

      RemotePin second = client.replace(first.requestId(), b, "site", List.of());
      assertThat(second.cid()).isEqualTo(b);
      assertThat(second.name()).isEqualTo("site");
      assertThat(second.requestId()).isNotEqualTo(first.requestId());
      service.awaitStatus(second.requestId(), "pinned");
      List<RemotePin> named = new ArrayList<>();
      client.list(new PinFilter(List.of(), "site", List.of(RemotePin.Status.values())), named::add);
      assertThat(named).extracting(RemotePin::cid).containsExactly(b);
      assertThatThrownBy(() -> client.status(first.requestId()))
          .isInstanceOf(RemotePinningException.class);
    }
  }

  @Test
  void aWrongKeyGivesTheServicesReasonAnd401() throws Exception {
    try (PinningNode service = PinningNode.create(dir, "1h")) {
      PinningClient client = client(service.base() + "/pinning", "wrong-key");
      assertThatThrownBy(() -> client.count(PINNED))
          .isInstanceOf(RemotePinningException.class)
          .hasMessageStartingWith("reason: \"UNAUTHORIZED\", details: ")
          .hasMessageEndingWith(": 401 Unauthorized");
    }
  }

  @Test
  void anUnreachableServiceIsNamedAsSuch() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    PinningClient client = client("http://127.0.0.1:" + port, "k");
    assertThatThrownBy(() -> client.add(SOME_CID, "", List.of()))
        .isInstanceOf(RemotePinningException.class)
        .hasMessageStartingWith(
            "empty response from remote pinning service: POST http://127.0.0.1:" + port + "/pins: ")
        .hasMessageContaining("connection refused");
  }

  @Test
  void aServiceThatNeverAnswersTimesOut() throws Exception {
    try (StubService stub = StubService.hanging()) {
      PinningClient client =
          new PinningClient(stub.endpoint(), "k", Duration.ofSeconds(1), new Cancellation());
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.status("abc"))
          .hasMessage(
              "empty response from remote pinning service: GET "
                  + stub.endpoint()
                  + "/pins/abc: no answer within 1s");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  @Test
  void aCancelledCommandStopsTheCallInFlight() throws Exception {
    try (StubService stub = StubService.hanging()) {
      Cancellation cancellation = new Cancellation();
      PinningClient client =
          new PinningClient(stub.endpoint(), "k", Duration.ofSeconds(30), cancellation);
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  Thread.sleep(300);
                } catch (InterruptedException e) {
                  return;
                }
                cancellation.cancel(
                    new io.cairn.node.api.ApiException(
                        io.cairn.node.api.ApiException.Kind.NORMAL, "context canceled"));
              });
      long start = System.nanoTime();
      assertThatThrownBy(() -> client.status("abc")).hasMessage("context canceled");
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }
  }

  /**
   * Every thread of the JVM's common pool is busy (here parked without telling the pool, as a
   * thread blocked reading a pipe is): the call still gets its answer, as it depends on no pool the
   * rest of the process shares. On a 2-core host that pool has one thread.
   */
  @Test
  void answersWhileTheCommonPoolIsBusy() throws Exception {
    String pinned =
        "{\"requestid\": \"r1\", \"status\": \"pinned\", \"created\": \"2024-01-01T00:00:00Z\","
            + " \"pin\": {\"cid\": \""
            + SOME_CID
            + "\"}, \"delegates\": []}";
    int threads = ForkJoinPool.getCommonPoolParallelism();
    CountDownLatch busy = new CountDownLatch(threads);
    AtomicBoolean release = new AtomicBoolean();
    try (StubService stub = StubService.answering(200, pinned)) {
      for (int i = 0; i < threads; i++) {
        ForkJoinPool.commonPool()
            .execute(
                () -> {
                  busy.countDown();
                  while (!release.get()) {
                    LockSupport.parkNanos(10_000_000);
                  }
                });
      }
      assertThat(busy.await(10, TimeUnit.SECONDS)).isTrue();
      PinningClient client =
          new PinningClient(stub.endpoint(), "k", Duration.ofSeconds(3), new Cancellation());
      assertThat(client.status("r1").status()).isEqualTo(RemotePin.Status.PINNED);
    } finally {
      release.set(true);
    }
  }

  @Test
  void junkAnswersNameWhatIsWrong() throws Exception {
    try (StubService stub = StubService.answering(200, "<html>hello</html>")) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").count(PINNED))
          .hasMessageStartingWith(
              "invalid pinning service response to GET "
                  + stub.endpoint()
                  + "/pins?limit=1&status=pinned: not JSON: ");
    }
    try (StubService stub = StubService.answering(200, "{\"results\": []}")) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").count(PINNED))
          .hasMessageEndingWith(": PinResults.count is missing");
    }
    String badStatus =
        "{\"count\": 1, \"results\": [{\"requestid\": \"r1\", \"status\": \"done\","
            + " \"created\": \"2024-01-01T00:00:00Z\", \"pin\": {\"cid\": \""
            + SOME_CID
            + "\"}}]}";
    try (StubService stub = StubService.answering(200, badStatus)) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").list(PINNED, p -> {}))
          .hasMessageEndingWith(
              ": PinResults.results[0].status \"done\" is not one of queued, pinning, pinned,"
                  + " failed");
    }
    try (StubService stub = StubService.answering(200, "{\"count\": 3, \"results\": []}")) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").list(PINNED, p -> {}))
          .hasMessage(
              "invalid pinning service response: PinResults.count=3 but no PinResults.results");
    }
    try (StubService stub = StubService.answering(200, "x".repeat(PinningClient.MAX_BODY + 1))) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").count(PINNED))
          .hasMessage(
              "invalid pinning service response to GET "
                  + stub.endpoint()
                  + "/pins?limit=1&status=pinned: the answer is larger than "
                  + PinningClient.MAX_BODY
                  + " bytes");
    }
    try (StubService stub = StubService.answering(500, "oops")) {
      assertThatThrownBy(() -> client(stub.endpoint(), "k").count(PINNED))
          .hasMessage("remote pinning service returned http error 500: 500 Internal Server Error");
    }
  }

  private static PinningClient client(String endpoint, String key) {
    return new PinningClient(endpoint, key, Duration.ofSeconds(10), new Cancellation());
  }
}
