package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code provide clear|once|stat} against daemons with their p2p network: a one-off
 * announcement a peer finds but the sweep does not keep, a queue that waits without peers and is
 * cleared, the statistics that count both, and Kubo's refusals.
 */
class ProvideRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;

  private static String putBlock(Daemon d, long seed) throws IOException {
    RawHttp put =
        P2pRpcTest.upload(d, "/api/v0/block/put?pin=false", "b.bin", TestData.bytes(seed, 200));
    assertThat(put.status()).as(put.bodyText()).isEqualTo(200);
    return JSON.readTree(put.body()).get("Key").asText();
  }

  private static JsonNode sweep(Daemon d) {
    try {
      return P2pRpcTest.json(d, "provide/stat").get("Sweep");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String error(RawHttp r) throws IOException {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(500);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  @Test
  void provideOnceAnnouncesToAPeerWithoutSchedulingAndStatCountsIt() throws Exception {
    Daemon a = NetworkDaemons.start(dir.resolve("a"));
    Daemon b = null;
    try {
      // b announces only pinned DAGs: a block it puts unpinned is in its repo, not its schedule
      b = NetworkDaemons.start(dir.resolve("b"));
      P2pRpcTest.json(b, "config", "Provide.Strategy", "pinned");
      b.close();
      b = NetworkDaemons.start(dir.resolve("b"));
      String cid = putBlock(b, 61);
      assertThat(error(P2pRpcTest.post(b, "provide/once", cid)))
          .isEqualTo("cannot provide: no connected peers");

      P2pRpcTest.json(b, "swarm/connect", P2pRpcTest.dialAddress(a));
      P2pRpcTest.json(b, "id", P2pRpcTest.peerId(a));
      P2pRpcTest.json(a, "id", P2pRpcTest.peerId(b));
      JsonNode before = sweep(b);
      long scheduled = before.get("schedule").get("keys").asLong();
      assertThat(before.get("connectivity").get("status").asText()).isEqualTo("online");
      assertThat(before.get("workers").get("max").asInt()).isZero();
      assertThat(P2pRpcTest.json(b, "provide/stat").get("Legacy").isNull()).isTrue();

      List<JsonNode> queued = P2pRpcTest.stream(b, "provide/once", cid, cid);
      assertThat(queued).hasSize(1);
      assertThat(queued.get(0).get("Queued").asText()).isEqualTo(cid);
      Daemon provider = b;
      P2pRpcTest.await(
          "the one-off provide done",
          Duration.ofSeconds(20),
          () -> sweep(provider).get("operations").get("past").get("keys_provided").asLong() >= 1);
      JsonNode after = sweep(b);
      assertThat(after.get("schedule").get("keys").asLong()).isEqualTo(scheduled);
      assertThat(after.get("queues").get("pending_key_provides").asLong()).isZero();
      assertThat(after.get("operations").get("past").get("records_provided").asLong()).isPositive();
      assertThat(after.get("network").get("replication_factor").asInt()).isEqualTo(20);

      List<JsonNode> found = P2pRpcTest.stream(a, "routing/findprovs?num-providers=1", cid);
      assertThat(found).hasSize(1);
      assertThat(found.get(0).get("Responses").get(0).get("ID").asText())
          .isEqualTo(P2pRpcTest.peerId(b));

      String absent = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
      assertThat(error(P2pRpcTest.post(b, "provide/once", absent)))
          .isEqualTo("block " + absent + " not found locally, cannot provide");
      // --lan: the LAN DHT's provider (Kubo's dual DHT), not summed with the WAN one's; on
      // loopback it has no peers, so its copy of the one-off key waits in its queue
      JsonNode lan = P2pRpcTest.json(b, "provide/stat?lan=true").get("Sweep");
      assertThat(lan.get("connectivity").get("status").asText()).isEqualTo("offline");
      assertThat(lan.get("queues").get("pending_key_provides").asLong()).isEqualTo(1);
      assertThat(lan.get("schedule").get("keys").asLong()).isEqualTo(scheduled);
      assertThat(lan.get("operations").get("past").get("keys_provided").asLong()).isZero();
      assertThat(P2pRpcTest.json(b, "stats/reprovide?lan=true").get("TotalProvides").asLong())
          .isEqualTo(scheduled);
    } finally {
      NetworkDaemons.closeAll(a, b);
    }
  }

  @Test
  void withoutPeersTheQueueWaitsAndProvideClearEmptiesIt() throws Exception {
    try (Daemon lone = NetworkDaemons.start(dir.resolve("lone"))) {
      putBlock(lone, 62);
      putBlock(lone, 63);
      JsonNode s = sweep(lone);
      assertThat(s.get("connectivity").get("status").asText()).isEqualTo("offline");
      assertThat(s.get("queues").get("pending_key_provides").asLong()).isEqualTo(2);
      assertThat(s.get("schedule").get("keys").asLong()).isEqualTo(2);

      assertThat(P2pRpcTest.json(lone, "provide/clear").asLong()).isEqualTo(2);
      assertThat(sweep(lone).get("queues").get("pending_key_provides").asLong()).isZero();
      assertThat(sweep(lone).get("schedule").get("keys").asLong()).isEqualTo(2);
      RawHttp quiet = P2pRpcTest.post(lone, "provide/clear?quiet=true");
      assertThat(quiet.status()).isEqualTo(200);
      assertThat(quiet.bodyText()).isBlank();
    }
  }

  @Test
  void aDaemonWithoutItsNetworkRefusesOnceAndStat() throws IOException {
    try (Daemon offline = RpcWireTest.quietDaemon(dir)) {
      String offlineText =
          "this command must be run in online mode: this daemon runs offline; restart it"
              + " without --offline";
      assertThat(error(P2pRpcTest.post(offline, "provide/stat"))).isEqualTo(offlineText);
      assertThat(
              error(
                  P2pRpcTest.post(
                      offline,
                      "provide/once",
                      "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy")))
          .isEqualTo(offlineText);
      assertThat(P2pRpcTest.json(offline, "provide/clear").asLong()).isZero();
    }
  }
}
