package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code commands} over the RPC API: the tree kubo-rpc-client's {@code commands()} reads.
 */
class CommandsRpcTest {
  @TempDir Path dir;

  @Test
  void theTreeListsEveryCommandWithItsOptions() throws Exception {
    try (Daemon d = RpcWireTest.quietDaemon(dir)) {
      JsonNode root = json(d, "commands");
      assertThat(root.get("Name").asText()).isEqualTo("cairn");
      JsonNode add = null;
      for (JsonNode c : root.get("Subcommands")) {
        if (c.get("Name").asText().equals("add")) {
          add = c;
        }
      }
      assertThat(add).isNotNull();
      assertThat(add.get("Options").toString()).contains("{\"Names\":[\"quiet\",\"q\"]}");
      assertThat(root.findValuesAsText("Name")).contains("files", "cmds", "rotate", "init");
    }
  }
}
