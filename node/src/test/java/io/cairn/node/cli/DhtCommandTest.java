package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.PeerId;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn dht query} and Kubo's removed {@code dht} subcommands: Kubo's text. */
class DhtCommandTest {
  @TempDir Path dir;

  @Test
  void queryPrintsTheClosestPeersAndWithVerboseEachQuery() throws Exception {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cli = new Cli(dir.resolve("a"), Cli.Mode.IN_PROCESS);
      String idB = NetworkDaemons.peerId(b);
      cli.ok("swarm", "connect", NetworkDaemons.dialAddress(b));
      var table = a.service(NodeNetwork.class).orElseThrow().dht().orElseThrow();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (!table.routingTable().contains(PeerId.parse(idB))) {
        assertThat(System.nanoTime()).as("b enters a's routing table").isLessThan(deadline);
        Thread.sleep(20);
      }

      assertThat(cli.ok("dht", "query", idB).out()).isEqualTo(idB + "\n");

      List<String> verbose = cli.ok("dht", "query", "-v", idB).out().lines().toList();
      String time = "\\d\\d:\\d\\d:\\d\\d\\.\\d{3}: ";
      assertThat(verbose.get(0)).matches(time + "\\* querying " + idB);
      assertThat(verbose.get(1)).matches(time + "\\* " + idB + " says use .*");
      assertThat(verbose.get(verbose.size() - 1)).matches(time + idB);

      assertThat(cli.ok("dht", "query", idB, "--enc=json").out().lines())
          .last()
          .isEqualTo("{\"Extra\":\"\",\"ID\":\"" + idB + "\",\"Responses\":null,\"Type\":2}");
      assertThat(cli.fails("dht", "query", "not-a-peer")).isEqualTo("invalid peer ID");
    }
  }

  @Test
  void removedSubcommandsPointToRouting() {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
    for (String removed : List.of("findprovs", "findpeer", "get", "put", "provide")) {
      assertThat(cli.fails("dht", removed, "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"))
          .as(removed)
          .isEqualTo("removed, use 'cairn routing' instead");
    }
  }
}
