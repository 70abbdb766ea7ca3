package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.storage.Cid;
import io.cairn.storage.dag.DagWalker;
import io.cairn.storage.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pinning service of a node with a network fetches what it is asked to pin from peers. */
@Tag("p2p")
class PinningFetchTest {
  @TempDir Path dir;

  @Test
  void fetchesTheDagFromTheRequestsOriginsAndPinsIt() throws Exception {
    try (PinningNode holder = PinningNode.create(dir.resolve("holder"), "1m", true);
        PinningNode service = PinningNode.create(dir.resolve("service"), "1m", true)) {
      Cid root = holder.addUnpinned("nft.bin", TestData.bytes(7, 3 * 1024 * 1024 + 5));
      String origin = NetworkDaemons.dialAddress(holder.daemon());
      String id =
          request(
              service,
              "{\"cid\":\"" + root + "\",\"name\":\"nft\",\"origins\":[\"" + origin + "\"]}");

      service.awaitStatus(id, "pinned");
      assertThat(service.recursivePins()).containsEntry(root, "nft");
      // Every block is now in the service's own repo: a walk that may not fetch finds them all.
      assertThat(blocksOf(service, root)).isEqualTo(blocksOf(holder, root)).hasSizeGreaterThan(2);
    }
  }

  @Test
  void aDagNoPeerHasFailsAtTheDeadlineWithoutHoldingTheWorkerLonger() throws Exception {
    try (PinningNode service = PinningNode.create(dir.resolve("service"), "3s", true)) {
      Cid nobodyHasIt = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
      String id = request(service, "{\"cid\":\"" + nobodyHasIt + "\"}");

      service.await(id, "pinning", "fetching the DAG from peers");
      // Each wait for the block ends at the request's deadline, not after the network's minute.
      JsonNode failed = service.awaitStatus(id, "failed");
      assertThat(failed.at("/info/status_details").asText())
          .contains("gave up after 3s", "block " + nobodyHasIt, "no peer sent it");
    }
  }

  @Test
  void aRequestStillFetchingDoesNotHoldUpTheOnesBehindIt() throws Exception {
    PinningNode service = PinningNode.create(dir.resolve("service"), "1m", true);
    try {
      Cid nobodyHasIt = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
      String stuck = request(service, "{\"cid\":\"" + nobodyHasIt + "\"}");
      service.await(stuck, "pinning", "fetching the DAG from peers");

      // With one worker thread this one waited for the first request's minute.
      Cid local = service.addUnpinned("local.bin", TestData.bytes(3, 100_000));
      String next = request(service, "{\"cid\":\"" + local + "\"}");
      service.awaitStatus(next, "pinned");
      assertThat(service.get("/pinning/pins/" + stuck).json().path("status").asText())
          .isEqualTo("pinning");

      // Stopping interrupts the fetch at once; it used to wait out the worker's 10 s time-out.
      long start = System.nanoTime();
      service.close();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(8));
    } finally {
      service.close();
    }
  }

  /** Posts a pin request; returns its ID. */
  private static String request(PinningNode node, String body) throws Exception {
    return node.post("/pinning/pins", body).json().path("requestid").asText();
  }

  private static Set<Cid> blocksOf(PinningNode node, Cid root) {
    Set<Cid> seen = new HashSet<>();
    new DagWalker(node.daemon().storage().blocks(), DagWalker.OnMissing.FAIL)
        .walk(root, seen, (c, d) -> true);
    return seen;
  }
}
