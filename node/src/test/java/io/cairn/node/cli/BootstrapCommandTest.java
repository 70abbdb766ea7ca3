package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Kubo's {@code bootstrap list|add|rm}, on the config's {@code Bootstrap} list. */
@BothModes
class BootstrapCommandTest {
  @Parameter Cli.Mode mode;

  private static final String A = "12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz";
  private static final String B = "QmNnooDu7bfjPFoTZYxMNLWUQJyrVwtbZg5gBMjTezGAJN";
  private static final String A1 = "/ip4/192.0.2.7/tcp/4001/p2p/" + A;
  private static final String A2 = "/ip4/192.0.2.8/udp/4001/quic-v1/p2p/" + A;
  private static final String B1 = "/dns4/boot.example.org/tcp/4001/p2p/" + B;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void addPutsNewPeersFirstEachOnceAndPrintsThemSorted() throws IOException {
    assertThat(cli.ok("bootstrap").out()).isEmpty();
    assertThat(cli.ok("bootstrap", "add", B1).out()).isEqualTo("added " + B1 + "\n");
    assertThat(cli.ok("bootstrap", "add", A2, A1, A2).out())
        .isEqualTo("added " + A1 + "\nadded " + A2 + "\n");

    assertThat(bootstrapInConfig()).containsExactly(A2, A1, B1);
    // Sorted as text, as Kubo prints them.
    assertThat(cli.ok("bootstrap", "list").out()).isEqualTo(B1 + "\n" + A1 + "\n" + A2 + "\n");
    assertThat(cli.ok("bootstrap").out()).isEqualTo(cli.ok("bootstrap", "list").out());
    // From stdin, one per line, as Kubo's EnableStdin.
    String c = "/ip6/2001:db8::1/tcp/4001/p2p/" + B;
    assertThat(
            cli.runWithInput((c + "\n").getBytes(StandardCharsets.UTF_8), "bootstrap", "add").out())
        .isEqualTo("added " + c + "\n");
    assertThat(bootstrapInConfig()).containsExactly(c, A2, A1, B1);
  }

  @Test
  void rmTakesAWholePeerOrOneAddress() throws IOException {
    cli.ok("bootstrap", "add", A1, A2, B1);

    assertThat(cli.ok("bootstrap", "rm", A2).out()).isEqualTo("removed " + A2 + "\n");
    assertThat(bootstrapInConfig()).containsExactly(A1, B1);
    assertThat(cli.ok("bootstrap", "rm", "/p2p/" + B).out()).isEqualTo("removed " + B1 + "\n");
    assertThat(bootstrapInConfig()).containsExactly(A1);
    assertThat(cli.ok("bootstrap", "rm", B1).out()).isEmpty();

    cli.ok("bootstrap", "add", B1);
    assertThat(cli.ok("bootstrap", "rm", "all").out())
        .isEqualTo("removed " + B1 + "\nremoved " + A1 + "\n");
    assertThat(bootstrapInConfig()).isEmpty();
    cli.ok("bootstrap", "add", B1);
    assertThat(cli.ok("bootstrap", "rm", "--all").out()).isEqualTo("removed " + B1 + "\n");
    assertThat(bootstrapInConfig()).isEmpty();
  }

  @Test
  void badPeersAreRefusedByNameAndTheListIsUnchanged() throws IOException {
    cli.ok("bootstrap", "add", A1);

    assertThat(cli.fails("bootstrap", "add", "/ip4/192.0.2.7/tcp/4001"))
        .contains("invalid bootstrap address: /ip4/192.0.2.7/tcp/4001");
    assertThat(cli.fails("bootstrap", "add", "/p2p/" + A))
        .contains("bootstrap address without a transport: /p2p/" + A);
    assertThat(cli.fails("bootstrap", "add", B1, "not-an-address"))
        .contains("invalid bootstrap address: not-an-address");
    assertThat(cli.fails("bootstrap", "add", "default")).contains("Cairn has no default list");
    assertThat(cli.fails("bootstrap", "rm", "/ip4/192.0.2.7/tcp/4001"))
        .contains("it must end in /p2p/ID");
    assertThat(bootstrapInConfig()).containsExactly(A1);
  }

  private List<String> bootstrapInConfig() throws IOException {
    var tree = new ObjectMapper().readTree(Files.readString(cli.repo().resolve("config")));
    return tree.path("Bootstrap").valueStream().map(v -> v.asText()).toList();
  }
}
