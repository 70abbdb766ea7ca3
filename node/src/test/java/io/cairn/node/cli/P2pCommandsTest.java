package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.node.p2p.NodeNetwork;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer-to-peer commands of the CLI ({@code swarm}, {@code ping}, {@code routing}, {@code
 * bitswap}, {@code stats bitswap|reprovide}, {@code id PEER}): Kubo's text output against two
 * daemons on 127.0.0.1, and one clear line when no daemon runs.
 */
class P2pCommandsTest {
  @TempDir Path dir;

  @Test
  void withoutADaemonEachCommandSaysItNeedsOne() {
    Cli cli = Cli.init(dir.resolve("repo"), Cli.Mode.IN_PROCESS);
    String[][] commands = {
      {"swarm", "peers"},
      {"swarm", "connect", "/ip4/127.0.0.1/tcp/4001/p2p/" + cli.ok("id", "-f", "<id>").out()},
      {"swarm", "addrs"},
      {"swarm", "peering", "ls"},
      {"swarm", "filters"},
      {"swarm", "filters", "add", "/ip4/10.0.0.0/ipcidr/8"},
      {"log", "ls"},
      {"log", "level"},
      {"stats", "dht"},
      {"ping", "-n", "1", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"},
      {"routing", "findprovs", "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"},
      {"routing", "reprovide"},
      {"dht", "query", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"},
      {"bitswap", "stat"},
      {"bitswap", "wantlist"},
      {"stats", "bitswap"},
      {"stats", "reprovide"},
      {"stats", "bw"},
      {"repo", "reprovide"},
      {"id", "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA"}
    };
    for (String[] c : commands) {
      assertThat(cli.fails(c))
          .as(String.join(" ", c))
          .isEqualTo("this command needs a running daemon: start one with 'cairn daemon'");
    }
  }

  @Test
  void swarmPingBitswapAndIdPrintKubosText() {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cli = new Cli(dir.resolve("a"), Cli.Mode.IN_PROCESS);
      String peerB = NetworkDaemons.peerId(b);
      String addrB = NetworkDaemons.dialAddress(b);
      // what the daemon printed when it started, as Kubo's does
      assertThat(b.service(NodeNetwork.class).orElseThrow().listeningLine())
          .isEqualTo(
              "Swarm listening on "
                  + addrB.replaceAll("/p2p/.*", "")
                  + "\nRun 'cairn id' to inspect announced and discovered multiaddrs of this node.");

      assertThat(cli.ok("swarm", "connect", addrB).out())
          .isEqualTo("connect " + peerB + " success\n");
      assertThat(cli.ok("swarm", "peers").out()).isEqualTo(addrB + "\n");
      assertThat(cli.ok("swarm", "peers", "--direction").out()).isEqualTo(addrB + " outbound\n");
      assertThat(cli.ok("swarm", "peers", "--enc=json").json().get("Peers").get(0).get("Peer"))
          .hasToString('"' + peerB + '"');
      assertThat(cli.ok("swarm", "addrs", "local", "--id").out())
          .contains(NetworkDaemons.dialAddress(a));
      assertThat(cli.ok("swarm", "addrs").out()).contains(peerB + " (");

      String ping = cli.ok("ping", "-n", "2", peerB).out();
      assertThat(ping.lines().toList()).hasSize(4);
      assertThat(ping)
          .startsWith("PING " + peerB + ".\nPong received: time=")
          .containsPattern("Average latency: [0-9.]+ms\n$");

      String stat = cli.ok("bitswap", "stat").out();
      assertThat(stat).startsWith("bitswap status\n\tprovides buffer: 0\n\tblocks received: 0\n");
      assertThat(cli.ok("stats", "bitswap").out()).isEqualTo(stat);
      assertThat(cli.ok("bitswap", "ledger", peerB).out())
          .startsWith("Ledger for " + peerB + "\nDebt ratio:\t0.000000\nExchanges:\t0\n");
      assertThat(cli.ok("stats", "reprovide").out())
          .startsWith("TotalProvides:\t0\nLastRun:\tnever\n");
      assertThat(cli.ok("repo", "reprovide").out())
          .startsWith("TotalProvides:\t0\nLastRun:\tnever\n");
      // the LAN DHT's sweep (a daemon on loopback runs one, with no peers)
      assertThat(cli.ok("stats", "reprovide", "--lan").out())
          .startsWith("TotalProvides:\t0\nLastRun:\tnever\n");
      assertThat(cli.ok("id", peerB, "-f", "<id> <aver>").out()).startsWith(peerB + " cairn/");
      // Kubo's text: after the connect, ping and identify, some bytes went each way.
      assertThat(cli.ok("stats", "bw").out())
          .matches(
              "Bandwidth\nTotalIn: [0-9.]+ k?B\nTotalOut: [0-9.]+ k?B\nRateIn: [0-9.]+ k?B/s"
                  + "\nRateOut: [0-9.]+ k?B/s\n")
          .doesNotContain("TotalIn: 0 B");
      // The streams with peer b (identify, ping) moved bytes both ways; Bitswap's none yet.
      assertThat(cli.ok("stats", "bw", "--peer", peerB).out())
          .startsWith("Bandwidth\nTotalIn: ")
          .doesNotContain("TotalIn: 0 B")
          .doesNotContain("TotalOut: 0 B");
      assertThat(cli.ok("stats", "bw", "-t", "/ipfs/bitswap/1.2.0").out())
          .startsWith("Bandwidth\nTotalIn: 0 B\nTotalOut: 0 B\n");
      // Kubo's table: b is in a's routing table, connected.
      assertThat(cli.ok("stats", "dht").out())
          .startsWith("DHT wan (1 peers):")
          .containsPattern("\n  @ " + peerB + " +never +never +cairn/");
      assertThat(cli.ok("stats", "dht").out()).contains("\nDHT lan (0 peers):");
      assertThat(cli.ok("stats", "dht", "lan").out()).startsWith("DHT lan (0 peers):");
      assertThat(cli.fails("stats", "bw", "--peer", peerB, "--proto", "/ipfs/ping/1.0.0"))
          .contains("please only specify peer OR protocol");

      // Kubo's log lines: subsystems one per line, a single level without its name.
      assertThat(cli.ok("log", "ls").out()).contains("bitswap\n").contains("dht\n");
      assertThat(cli.ok("log", "level", "dht").out()).matches("(trace|debug|info|warn|error)\n");
      assertThat(cli.ok("log", "level", "all").out()).contains("\ndht: ").contains("(default): ");

      // Kubo's peering lines; removed again before the disconnect, which it would undo.
      assertThat(cli.ok("swarm", "peering", "add", addrB).out())
          .isEqualTo("add " + peerB + " success\n");
      assertThat(cli.ok("swarm", "peering", "ls").out())
          .isEqualTo(peerB + "\n\t" + addrB.replaceAll("/p2p/.*", "") + "\n");
      assertThat(cli.ok("swarm", "peering", "rm", peerB).out())
          .isEqualTo("remove " + peerB + " success\n");
      assertThat(cli.ok("swarm", "peering", "ls").out()).isEmpty();

      assertThat(cli.ok("swarm", "disconnect", peerB).out())
          .isEqualTo("disconnect " + peerB + " success\n");
      assertThat(cli.ok("swarm", "peers").out()).isEmpty();
    }
  }

  @Test
  void routingFindPeerOfAnUnknownPeerPrintsKubosNotFoundAndFails() {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"));
        Daemon b = NetworkDaemons.start(dir.resolve("b"))) {
      Cli cli = new Cli(dir.resolve("a"), Cli.Mode.IN_PROCESS);
      cli.ok("swarm", "connect", NetworkDaemons.dialAddress(b));

      assertThat(cli.fails("routing", "findpeer", "Qmd7qZS4T7xXtsNFdRoK1trfMs5zU94EpokQ9WFtxdPxsZ"))
          .isEqualTo("routing: not found");
    }
  }
}
