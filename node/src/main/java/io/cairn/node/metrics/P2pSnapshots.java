package io.cairn.node.metrics;

import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.P2pMetrics;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.P2pOptions;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.retrieval.p2p.bitswap.BitswapStat;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.retrieval.p2p.mdns.MdnsStats;
import io.cairn.retrieval.p2p.pubsub.Pubsub;
import io.cairn.retrieval.p2p.pubsub.PubsubStats;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The peer-to-peer network's metrics, read at scrape time from the counters the host, Bitswap and
 * the DHT keep: connections and streams (open now, and opened since start), bytes on the wire and
 * the streams' bytes by protocol, connections dropped by reason, Bitswap's wants, blocks and bytes,
 * the DHT's routing table, provided blocks and lookups, pubsub's messages and mDNS discovery's
 * packets and peers. Written only while the daemon's network runs.
 */
final class P2pSnapshots {
  private P2pSnapshots() {}

  static void write(NodeNetwork network, MetricSnapshots.Builder out) {
    P2pNode p2p = network.p2p();
    if (p2p == null) {
      return;
    }
    P2pMetrics m = p2p.metrics();
    out.metricSnapshot(
        MetricsRoute.gauge("cairn_p2p_connections", "Open libp2p connections.", m.connections()));
    out.metricSnapshot(
        MetricsRoute.gauge("cairn_p2p_streams", "Open libp2p streams.", m.streams()));
    Map<String, Long> opened = m.connectionsOpenedBySecurity();
    if (!opened.isEmpty()) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name("cairn_p2p_connections_opened")
              .help("libp2p connections that completed their handshakes, by security protocol.");
      opened.forEach((security, n) -> b.dataPoint(point(n, "security", securityLabel(security))));
      out.metricSnapshot(b.build());
    }
    out.metricSnapshot(
        counter("cairn_p2p_streams_opened", "libp2p streams opened.", m.streamsOpened()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_p2p_bytes")
            .help("Bytes on the libp2p sockets (encryption included), by direction.")
            .dataPoint(point(m.bytesIn(), "direction", "in"))
            .dataPoint(point(m.bytesOut(), "direction", "out"))
            .build());
    Map<String, P2pMetrics.Totals> byProtocol = m.streamBytesByProtocol();
    if (!byProtocol.isEmpty()) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name("cairn_p2p_stream_bytes")
              .help("Bytes of libp2p streams (Yamux data), by protocol and direction.");
      byProtocol.forEach(
          (protocol, t) -> {
            b.dataPoint(protocolPoint(t.in(), protocol, "in"));
            b.dataPoint(protocolPoint(t.out(), protocol, "out"));
          });
      out.metricSnapshot(b.build());
    }
    Map<String, Long> drops = m.drops();
    if (!drops.isEmpty()) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name("cairn_p2p_drops")
              .help("libp2p connections dropped, by reason (a misbehaving peer, a limit, idle).");
      drops.forEach((reason, n) -> b.dataPoint(point(n, "reason", reason)));
      out.metricSnapshot(b.build());
    }
    bitswap(network.bitswap().stat(), out);
    network.dht().ifPresent(dht -> dht(dht, out));
    network.pubsub().ifPresent(p -> pubsub(p, out));
    network.mdns().ifPresent(discovery -> mdns(discovery.stats(), out));
    if (network.names() != null) {
      ipns(network.names().stats(), out);
    }
  }

  /** mDNS discovery's counters, while it runs. */
  static void mdns(MdnsStats s, MetricSnapshots.Builder out) {
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_mdns_packets")
            .help("mDNS packets: queries sent and answered, responses read.")
            .dataPoint(point(s.queriesSent(), "event", "query_sent"))
            .dataPoint(point(s.queriesAnswered(), "event", "query_answered"))
            .dataPoint(point(s.responsesRead(), "event", "response_read"))
            .build());
    out.metricSnapshot(
        counter(
            "cairn_mdns_peers_found",
            "Peers heard of by mDNS for the first time (or again once forgotten).",
            s.peersFound()));
    out.metricSnapshot(
        counter("cairn_mdns_dials", "Dials started to peers found by mDNS.", s.dials()));
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_mdns_peers", "Peers found by mDNS and remembered now.", s.peersRemembered()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_mdns_ignored")
            .help(
                "mDNS packets and answers ignored, by reason (malformed, over the rate limits, no"
                    + " usable record, this node's own, a peer dialed lately, no room to dial).")
            .dataPoint(point(s.malformed(), "reason", "malformed"))
            .dataPoint(point(s.flooded(), "reason", "flooded"))
            .dataPoint(point(s.badRecords(), "reason", "bad_record"))
            .dataPoint(point(s.self(), "reason", "self"))
            .dataPoint(point(s.repeated(), "reason", "repeated"))
            .dataPoint(point(s.limited(), "reason", "limited"))
            .build());
  }

  private static void ipns(NameSystem.Stats s, MetricSnapshots.Builder out) {
    out.metricSnapshot(
        counter(
            "cairn_ipns_published",
            "IPNS records this node signed and published (republications included).",
            s.published()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_ipns_resolved")
            .help("IPNS names resolved, by outcome: from the cache, looked up, not found.")
            .dataPoint(point(s.cacheHits(), "result", "cached"))
            .dataPoint(point(s.resolved(), "result", "found"))
            .dataPoint(point(s.failed(), "result", "failed"))
            .build());
  }

  private static void pubsub(Pubsub pubsub, MetricSnapshots.Builder out) {
    PubsubStats s = pubsub.stats();
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_pubsub_topics", "Topics this node subscribes to.", pubsub.topics().size()));
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_pubsub_peers",
            "Peers this node exchanges pubsub messages with.",
            pubsub.peers(Optional.empty()).size()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_pubsub_messages")
            .help(
                "Pubsub messages: published here, received from peers (new and valid), delivered"
                    + " to local subscribers, sent on to peers (once per peer).")
            .dataPoint(point(s.published(), "event", "published"))
            .dataPoint(point(s.received(), "event", "received"))
            .dataPoint(point(s.delivered(), "event", "delivered"))
            .dataPoint(point(s.forwarded(), "event", "forwarded"))
            .build());
    if (!s.dropped().isEmpty()) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name("cairn_pubsub_dropped")
              .help(
                  "Pubsub messages dropped, by reason (duplicate, bad signature, a full queue...).");
      s.dropped().forEach((reason, n) -> b.dataPoint(point(n, "reason", reason)));
      out.metricSnapshot(b.build());
    }
    out.metricSnapshot(
        counter(
            "cairn_pubsub_peers_dropped",
            "Peers dropped for breaking the pubsub protocol.",
            s.peersDropped()));
    if (!s.mesh().isEmpty()) {
      GaugeSnapshot.Builder b =
          GaugeSnapshot.builder()
              .name("cairn_pubsub_mesh_peers")
              .help("Peers in this node's gossipsub mesh, by topic joined.");
      s.mesh()
          .forEach(
              (topic, n) ->
                  b.dataPoint(
                      GaugeDataPointSnapshot.builder()
                          .value(n)
                          .labels(Labels.of("topic", topic))
                          .build()));
      out.metricSnapshot(b.build());
    }
    if (!s.gossip().isEmpty()) {
      CounterSnapshot.Builder b =
          CounterSnapshot.builder()
              .name("cairn_pubsub_gossip")
              .help(
                  "Gossipsub control: GRAFT, PRUNE and IHAVE sent, message IDs asked with IWANT,"
                      + " messages sent for IWANT.");
      s.gossip().forEach((kind, n) -> b.dataPoint(point(n, "kind", kind)));
      out.metricSnapshot(b.build());
    }
  }

  /** {@code tls} for {@code /tls/1.0.0}, {@code noise} for {@code /noise}: the protocol's name. */
  private static String securityLabel(String protocol) {
    for (P2pOptions.Security s : P2pOptions.Security.values()) {
      if (s.protocolId().equals(protocol)) {
        return s.name().toLowerCase(java.util.Locale.ROOT);
      }
    }
    return protocol;
  }

  private static void bitswap(BitswapStat s, MetricSnapshots.Builder out) {
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_bitswap_wants", "Blocks this node wants from peers now.", s.wantlist().size()));
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_bitswap_partners", "Peers Bitswap keeps a ledger for.", s.peers().size()));
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_bitswap_blocks")
            .help("Blocks received from and sent to peers.")
            .dataPoint(point(s.blocksReceived(), "direction", "received"))
            .dataPoint(point(s.blocksSent(), "direction", "sent"))
            .build());
    out.metricSnapshot(
        CounterSnapshot.builder()
            .name("cairn_bitswap_data_bytes")
            .help("Block bytes received from and sent to peers.")
            .dataPoint(point(s.dataReceived(), "direction", "received"))
            .dataPoint(point(s.dataSent(), "direction", "sent"))
            .build());
    out.metricSnapshot(
        counter(
            "cairn_bitswap_dup_blocks",
            "Blocks received that the repo already held.",
            s.dupBlksReceived()));
    out.metricSnapshot(
        counter(
            "cairn_bitswap_bad_blocks",
            "Blocks received that did not match their CID (the peer is dropped).",
            s.badBlocksReceived()));
    out.metricSnapshot(
        counter(
            "cairn_bitswap_messages_received", "Bitswap messages received.", s.messagesReceived()));
    out.metricSnapshot(
        counter(
            "cairn_bitswap_peers_dropped",
            "Peers dropped for breaking the Bitswap protocol.",
            s.peersDropped()));
  }

  /**
   * The DHTs' metrics: a value of one DHT carries {@code dht="wan"} or {@code dht="lan"} (the LAN
   * DHT's only where it runs); the value records, which both share, and the misbehaviours, counted
   * for both together, carry none.
   */
  private static void dht(Kademlia dht, MetricSnapshots.Builder out) {
    List<Kademlia.Dht> dhts =
        dht.hasLan() ? List.of(Kademlia.Dht.values()) : List.of(Kademlia.Dht.WAN);
    var table = gauges("cairn_dht_routing_table_peers", "Peers in the DHT's routing table.");
    var provided =
        gauges(
            "cairn_dht_provided_blocks",
            "Blocks this node provides on the DHT (its reprovide sweep's keys).");
    var regions =
        counters(
            "cairn_dht_regions_reprovided",
            "Keyspace regions the DHT's reprovide sweep announced.");
    var lookups = counters("cairn_dht_lookups", "DHT lookups started (all kinds).");
    var running =
        gauges(
            "cairn_dht_lookups_running",
            "DHT lookups started and not yet ended (done, stopped or cancelled).");
    var queries = counters("cairn_dht_queries", "Queries the DHT's lookups sent to peers.");
    for (Kademlia.Dht d : dhts) {
      Kademlia.ReprovideStatus r = dht.reprovideStatus(d);
      Kademlia.QueryCounts q = dht.queryCounts(d);
      table.dataPoint(gaugePoint(dht.routingTable(d).size(), d));
      provided.dataPoint(gaugePoint(r.keys(), d));
      regions.dataPoint(point(r.regionsReprovided(), "dht", d.label()));
      lookups.dataPoint(point(q.lookups(), "dht", d.label()));
      running.dataPoint(gaugePoint(q.running(), d));
      queries.dataPoint(point(q.queries(), "dht", d.label()));
    }
    out.metricSnapshot(table.build());
    out.metricSnapshot(provided.build());
    out.metricSnapshot(regions.build());
    out.metricSnapshot(lookups.build());
    out.metricSnapshot(running.build());
    out.metricSnapshot(queries.build());
    out.metricSnapshot(
        MetricsRoute.gauge(
            "cairn_dht_value_records",
            "DHT value records held (IPNS records and public keys, this node's and peers').",
            dht.valueRecords()));
    out.metricSnapshot(
        counter(
            "cairn_dht_misbehaviours",
            "DHT messages that broke the protocol (bad messages, bogus addresses, too many peers).",
            dht.misbehaviours()));
  }

  private static GaugeSnapshot.Builder gauges(String name, String help) {
    return GaugeSnapshot.builder().name(name).help(help);
  }

  private static CounterSnapshot.Builder counters(String name, String help) {
    return CounterSnapshot.builder().name(name).help(help);
  }

  private static GaugeDataPointSnapshot gaugePoint(double value, Kademlia.Dht dht) {
    return GaugeDataPointSnapshot.builder()
        .value(value)
        .labels(Labels.of("dht", dht.label()))
        .build();
  }

  private static CounterSnapshot counter(String name, String help, double value) {
    return CounterSnapshot.builder()
        .name(name)
        .help(help)
        .dataPoint(CounterDataPointSnapshot.builder().value(value).build())
        .build();
  }

  private static CounterDataPointSnapshot protocolPoint(
      double value, String protocol, String direction) {
    return CounterDataPointSnapshot.builder()
        .value(value)
        .labels(Labels.of("protocol", protocol, "direction", direction))
        .build();
  }

  private static CounterDataPointSnapshot point(double value, String label, String labelValue) {
    return CounterDataPointSnapshot.builder()
        .value(value)
        .labels(Labels.of(label, labelValue))
        .build();
  }
}
