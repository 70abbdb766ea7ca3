package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code diag cmds} (its t0065-active-requests.sh): the running command shows as active, a
 * long one too, and once it ends as inactive until cleared.
 */
class DiagCmdsRpcTest {
  @TempDir Path dir;
  private Daemon d;

  @BeforeEach
  void start() {
    d = RpcWireTest.quietDaemon(dir);
  }

  @AfterEach
  void stop() {
    d.close();
  }

  private List<JsonNode> entries(String command) throws IOException {
    List<JsonNode> out = new ArrayList<>();
    json(d, "diag/cmds").forEach(e -> out.add(e));
    return out.stream().filter(e -> e.path("Command").asText().equals(command)).toList();
  }

  @Test
  void runningAndFinishedCommandsAreListedAsKuboListsThem() throws Exception {
    JsonNode first = json(d, "diag/cmds");
    JsonNode self = first.get(first.size() - 1);
    assertThat(self.path("Command").asText()).isEqualTo("diag/cmds");
    assertThat(self.path("Active").asBoolean()).isTrue();
    assertThat(self.path("EndTime").asText()).isEqualTo("0001-01-01T00:00:00Z");
    assertThat(self.path("Args").isArray()).isTrue();
    assertThat(self.path("ID").isInt()).isTrue();
    assertThat(Instant.parse(self.path("StartTime").asText())).isBefore(Instant.now());

    assertThat(post(d, "diag/cmds/set-time", "1m").status()).isEqualTo(200);
    CompletableFuture<Integer> tail =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(d, "log/tail?timeout=2s").status();
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              }
            });
    Optional<JsonNode> running = Optional.empty();
    for (int i = 0; i < 100 && running.isEmpty(); i++) {
      running = entries("log/tail").stream().filter(e -> e.path("Active").asBoolean()).findFirst();
      Thread.sleep(20);
    }
    assertThat(running).as("log/tail listed while it runs").isPresent();
    assertThat(running.get().path("Options").path("timeout").asText()).isEqualTo("2s");

    // ends at its deadline (with Kubo's "context deadline exceeded" when nothing was logged)
    assertThat(tail.get(30, TimeUnit.SECONDS)).isIn(200, 500);
    JsonNode done = entries("log/tail").get(0);
    assertThat(done.path("Active").asBoolean()).isFalse();
    assertThat(Instant.parse(done.path("EndTime").asText()))
        .isAfter(Instant.parse(done.path("StartTime").asText()));
    assertThat(done.path("ID").asInt()).isEqualTo(running.get().path("ID").asInt());

    assertThat(post(d, "diag/cmds/clear").status()).isEqualTo(200);
    assertThat(entries("log/tail")).isEmpty();
    JsonNode after = json(d, "diag/cmds");
    assertThat(after).allMatch(e -> !e.path("Command").asText().equals("diag/cmds/set-time"));

    var bad = post(d, "diag/cmds/set-time", "soon");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyText()).contains("time: invalid duration \\\"soon\\\"");
  }
}
