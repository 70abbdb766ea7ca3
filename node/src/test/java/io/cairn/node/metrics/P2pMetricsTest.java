package io.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.node.p2p.NameKeys;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.rpc.Rpcs;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.p2p.mdns.MdnsStats;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.Subscription;
import io.cairn.storage.Block;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multicodec;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The p2p network's metrics in the scrape of a daemon whose network runs. */
class P2pMetricsTest {
  @TempDir Path dir;

  @Test
  void mdnsCountersAreWrittenByEventAndReason() throws Exception {
    var stats = new MdnsStats(7, 3, 11, 2, 4, 2, 1, 5, 6, 8, 9, 10);
    var builder = MetricSnapshots.builder();
    P2pSnapshots.mdns(stats, builder);
    var out = new java.io.ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, builder.build());
    PromText p = PromText.parse(out.toString(StandardCharsets.UTF_8));
    assertThat(p.types)
        .containsEntry("cairn_mdns_packets_total", "counter")
        .containsEntry("cairn_mdns_ignored_total", "counter");
    assertThat(p.value("cairn_mdns_packets_total{event=\"query_sent\"}")).isEqualTo(7);
    assertThat(p.value("cairn_mdns_packets_total{event=\"query_answered\"}")).isEqualTo(3);
    assertThat(p.value("cairn_mdns_packets_total{event=\"response_read\"}")).isEqualTo(11);
    assertThat(p.value("cairn_mdns_peers_found_total")).isEqualTo(2);
    assertThat(p.value("cairn_mdns_dials_total")).isEqualTo(4);
    assertThat(p.types).containsEntry("cairn_mdns_peers", "gauge");
    assertThat(p.value("cairn_mdns_peers")).isEqualTo(2);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"malformed\"}")).isEqualTo(1);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"flooded\"}")).isEqualTo(5);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"bad_record\"}")).isEqualTo(6);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"self\"}")).isEqualTo(8);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"repeated\"}")).isEqualTo(9);
    assertThat(p.value("cairn_mdns_ignored_total{reason=\"limited\"}")).isEqualTo(10);
  }

  @Test
  void scrapeCountsPubsubMessagesWhenPubsubRuns() throws Exception {
    Metrics metrics = new Metrics(Rpcs.all().paths());
    try (Daemon a =
        NetworkDaemons.startWithPubsub(
            dir.resolve("a"), node -> List.of(metrics.route(node)), metrics)) {
      Pubsub pubsub = a.service(NodeNetwork.class).orElseThrow().pubsub().orElseThrow();
      try (Subscription sub = pubsub.subscribe("t")) {
        pubsub.publish("t", new byte[] {1});
        pubsub.publish("t", new byte[] {2});
        PromText p = PromText.parse(scrape(a));
        assertThat(p.types)
            .containsEntry("cairn_pubsub_topics", "gauge")
            .containsEntry("cairn_pubsub_messages_total", "counter")
            .containsEntry("cairn_pubsub_peers_dropped_total", "counter");
        assertThat(p.value("cairn_pubsub_topics")).isEqualTo(1);
        assertThat(p.value("cairn_pubsub_messages_total{event=\"published\"}")).isEqualTo(2);
        assertThat(p.value("cairn_pubsub_messages_total{event=\"delivered\"}")).isEqualTo(2);
        assertThat(p.value("cairn_pubsub_messages_total{event=\"forwarded\"}")).isZero();
        // the daemon runs gossipsub (Pubsub.Router's default): a mesh, empty without peers
        assertThat(p.types)
            .containsEntry("cairn_pubsub_mesh_peers", "gauge")
            .containsEntry("cairn_pubsub_gossip_total", "counter");
        assertThat(p.value("cairn_pubsub_mesh_peers{topic=\"t\"}")).isZero();
        assertThat(p.value("cairn_pubsub_gossip_total{kind=\"graft\"}")).isZero();
        assertThat(sub.next(java.time.Duration.ofSeconds(1))).isNotNull();
      }
    }
  }

  @Test
  void scrapeCountsConnectionsBytesAndBitswapBlocks() throws Exception {
    Metrics metrics = new Metrics(Rpcs.all().paths());
    try (Daemon a =
            NetworkDaemons.start(dir.resolve("a"), node -> List.of(metrics.route(node)), metrics);
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      byte[] data = "a block for the metrics\n".getBytes(StandardCharsets.UTF_8);
      Block block = Block.create(Multicodec.RAW, data);
      b.storage().blocks().put(block);
      NodeNetwork net = a.service(NodeNetwork.class).orElseThrow();
      net.p2p()
          .host()
          .connect(b.config().peerId(), List.of(Multiaddr.parse(NetworkDaemons.dialAddress(b))))
          .join();
      assertThat(net.blocks(false).get(block.cid())).contains(data);
      NameSystem.Publication published =
          net.names()
              .publish(
                  NameKeys.signer(a.config().identity().key()),
                  "/ipfs/" + block.cid(),
                  // whether b took it does not matter here (b may not be in a's table yet)
                  new NameSystem.PublishOptions(
                      NameSystem.DEFAULT_LIFETIME, NameSystem.DEFAULT_TTL, null, true, true))
              .get(30, TimeUnit.SECONDS);
      net.names().record(published.name()).get(30, TimeUnit.SECONDS); // from the cache

      PromText p = PromText.parse(scrape(a));
      assertThat(p.types)
          .containsEntry("cairn_dht_value_records", "gauge")
          .containsEntry("cairn_ipns_published_total", "counter")
          .containsEntry("cairn_ipns_resolved_total", "counter");
      assertThat(p.value("cairn_dht_value_records")).isEqualTo(1);
      assertThat(p.value("cairn_ipns_published_total")).isEqualTo(1);
      assertThat(p.value("cairn_ipns_resolved_total{result=\"cached\"}")).isZero();
      assertThat(p.value("cairn_ipns_resolved_total{result=\"found\"}")).isEqualTo(1);
      assertThat(p.types)
          .containsEntry("cairn_p2p_connections", "gauge")
          .containsEntry("cairn_p2p_streams", "gauge")
          .containsEntry("cairn_p2p_connections_opened_total", "counter")
          .containsEntry("cairn_p2p_bytes_total", "counter")
          .containsEntry("cairn_bitswap_wants", "gauge")
          .containsEntry("cairn_bitswap_blocks_total", "counter")
          .containsEntry("cairn_bitswap_data_bytes_total", "counter")
          .containsEntry("cairn_bitswap_bad_blocks_total", "counter")
          .containsEntry("cairn_dht_routing_table_peers", "gauge")
          .containsEntry("cairn_dht_provided_blocks", "gauge")
          .containsEntry("cairn_dht_lookups_total", "counter")
          .containsEntry("cairn_dht_lookups_running", "gauge")
          .containsEntry("cairn_dht_queries_total", "counter");
      // a value of each DHT, labelled: both bootstrapped; on loopback the LAN table stays empty
      assertThat(p.value("cairn_dht_lookups_total{dht=\"wan\"}")).isPositive();
      assertThat(p.value("cairn_dht_lookups_total{dht=\"lan\"}")).isPositive();
      assertThat(p.value("cairn_dht_routing_table_peers{dht=\"lan\"}")).isZero();
      assertThat(p.value("cairn_dht_provided_blocks{dht=\"lan\"}")).isNotNegative();
      assertThat(p.value("cairn_p2p_connections")).isEqualTo(1);
      // two Cairn daemons agree on TLS
      assertThat(p.value("cairn_p2p_connections_opened_total{security=\"tls\"}")).isEqualTo(1);
      assertThat(p.value("cairn_p2p_bytes_total{direction=\"in\"}")).isGreaterThan(data.length);
      assertThat(p.value("cairn_p2p_bytes_total{direction=\"out\"}")).isPositive();
      // The block came on a Bitswap stream, inside the host's bytes.
      assertThat(p.types).containsEntry("cairn_p2p_stream_bytes_total", "counter");
      double bitswapIn =
          p.value(
              "cairn_p2p_stream_bytes_total{direction=\"in\",protocol=\"/ipfs/bitswap/1.2.0\"}");
      assertThat(bitswapIn)
          .isGreaterThan(data.length)
          .isLessThan(p.value("cairn_p2p_bytes_total{direction=\"in\"}"));
      assertThat(p.value("cairn_bitswap_blocks_total{direction=\"received\"}")).isEqualTo(1);
      assertThat(p.value("cairn_bitswap_blocks_total{direction=\"sent\"}")).isZero();
      assertThat(p.value("cairn_bitswap_data_bytes_total{direction=\"received\"}"))
          .isEqualTo(data.length);
      assertThat(p.value("cairn_bitswap_wants")).isZero();
      assertThat(p.value("cairn_bitswap_bad_blocks_total")).isZero();
    }
  }

  private static String scrape(Daemon d) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + d.apiAddress().getPort() + Metrics.PATH))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }
}
