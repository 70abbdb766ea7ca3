package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn swarm filters [add|rm]}: Kubo's lines against a daemon on 127.0.0.1. */
class SwarmFiltersCommandTest {
  @TempDir Path dir;

  @Test
  void addsListsAndRemovesFiltersOneALine() {
    try (Daemon a = NetworkDaemons.start(dir.resolve("a"))) {
      Cli cli = new Cli(a.paths().root(), Cli.Mode.IN_PROCESS);
      assertThat(cli.ok("swarm", "filters").out()).isEmpty();

      assertThat(
              cli.ok("swarm", "filters", "add", "/ip4/10.1.0.0/ipcidr/8", "/ip6/fc00::/ipcidr/7")
                  .out())
          .isEqualTo("/ip4/10.1.0.0/ipcidr/8\n/ip6/fc00::/ipcidr/7\n");
      assertThat(cli.ok("swarm", "filters").out())
          .isEqualTo("/ip4/10.0.0.0/ipcidr/8\n/ip6/fc00::/ipcidr/7\n");
      assertThat(cli.ok("config", "Swarm.AddrFilters").out())
          .contains("/ip4/10.1.0.0/ipcidr/8")
          .contains("/ip6/fc00::/ipcidr/7");
      assertThat(cli.ok("swarm", "filters", "--enc=json").json().get("Strings").size())
          .isEqualTo(2);

      assertThat(cli.fails("swarm", "filters", "add", "10.0.0.0/8"))
          .isEqualTo("invalid multiaddr-filter format");
      assertThat(cli.fails("config", "--json", "Swarm.AddrFilters", "[\"10.0.0.0/8\"]"))
          .contains(
              "Swarm.AddrFilters: incorrectly formatted address filter in config: '10.0.0.0/8'");
      assertThat(cli.ok("swarm", "filters", "rm", "/ip6/fc00::/ipcidr/7").out())
          .isEqualTo("/ip6/fc00::/ipcidr/7\n");
      assertThat(cli.ok("swarm", "filters", "rm", "all").out())
          .isEqualTo("/ip4/10.1.0.0/ipcidr/8\n");
      assertThat(cli.ok("swarm", "filters").out()).isEmpty();
    }
  }
}
