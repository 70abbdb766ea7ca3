package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.GoDurations;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn stats dht}: the DHTs' routing tables by bucket, as Kubo prints them. */
@Command(
    name = "dht",
    description = {
      "List the DHTs' routing tables by bucket: each peer, whether it is connected (@), when it"
          + " last answered with peers or providers (last useful) and at all (last queried), and"
          + " its agent version (daemon only).",
      "wan is the public network's DHT (/ipfs/kad/1.0.0), lan the local network's"
          + " (/ipfs/lan/kad/1.0.0); wanserver and lanserver are the same tables. Both are listed"
          + " by default."
    })
final class StatsDhtCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "DHT",
      arity = "0..*",
      description = "wan, lan, wanserver or lanserver (default: wan and lan).")
  List<String> dhts = List.of();

  @Override
  public void run() {
    ApiRequest.Builder request = ApiRequest.to("stats/dht");
    request.args(dhts);
    ctx.print(request.build(), v -> ctx.out().print(text(v, Instant.now())));
  }

  /**
   * Kubo's text: Go's tabwriter with a minimum width of 4 and padding 2, every line of four cells;
   * times as "2m3s ago", rounded to the second.
   */
  static String text(JsonNode table, Instant now) {
    TabWriter tw = new TabWriter(4, 2);
    int count = 0;
    for (JsonNode bucket : table.path("Buckets")) {
      count += bucket.path("Peers").size();
    }
    tw.row("DHT " + table.path("Name").asText() + " (" + count + " peers):", "", "", "");
    int i = 0;
    for (JsonNode bucket : table.path("Buckets")) {
      JsonNode peers = bucket.path("Peers");
      tw.row(
          String.format(
              "  Bucket %2d (%d peers) - refreshed %s:",
              i++, peers.size(), since(bucket.path("LastRefresh").asText(), now)),
          "",
          "",
          "");
      tw.row("    Peer", "last useful", "last queried", "Agent Version");
      for (JsonNode p : peers) {
        tw.row(
            "  " + (p.path("Connected").asBoolean() ? "@" : " ") + " " + p.path("ID").asText(),
            since(p.path("LastUsefulAt").asText(), now),
            since(p.path("LastQueriedAt").asText(), now),
            p.path("AgentVersion").asText());
      }
      tw.row("", "", "", "");
    }
    return tw.render();
  }

  private static String since(String time, Instant now) {
    if (time.isEmpty()) {
      return "never";
    }
    Instant t = OffsetDateTime.parse(time).toInstant();
    return GoDurations.format(
            Duration.ofSeconds(Duration.between(t, now).plusMillis(500).toSeconds()))
        + " ago";
  }
}
