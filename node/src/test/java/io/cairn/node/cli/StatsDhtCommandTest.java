package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatsDhtCommandTest {
  /**
   * Kubo's text for a table with an empty bucket and two peers: Go's tabwriter (minimum width 4,
   * padding 2) over lines of four cells, so the first column is as wide as the widest bucket line
   * plus 2 and the empty cells of the header lines are padded too.
   */
  @Test
  void theTableIsPrintedAsKuboPrintsIt() throws Exception {
    String json =
        """
        {"Name": "wan", "Buckets": [
          {"LastRefresh": "", "Peers": null},
          {"LastRefresh": "2026-12-07T10:00:00Z", "Peers": [
            {"ID": "12D3KooWA", "Connected": true, "AgentVersion": "cairn/0.1.0",
             "LastUsefulAt": "2026-12-07T10:00:00Z", "LastQueriedAt": "2026-12-07T10:01:00Z"},
            {"ID": "12D3KooWBB", "Connected": false, "AgentVersion": "",
             "LastUsefulAt": "", "LastQueriedAt": ""}]}]}
        """;
    String text =
        StatsDhtCommand.text(
            new ObjectMapper().readTree(json), Instant.parse("2026-12-07T10:02:03.600Z"));

    String row = "%-45s%-13s%-14s%s\n";
    assertThat(text)
        .isEqualTo(
            String.format(row, "DHT wan (2 peers):", "", "", "")
                + String.format(row, "  Bucket  0 (0 peers) - refreshed never:", "", "", "")
                + String.format(row, "    Peer", "last useful", "last queried", "Agent Version")
                + String.format(row, "", "", "", "")
                + String.format(row, "  Bucket  1 (2 peers) - refreshed 2m4s ago:", "", "", "")
                + String.format(row, "    Peer", "last useful", "last queried", "Agent Version")
                + String.format(row, "  @ 12D3KooWA", "2m4s ago", "1m4s ago", "cairn/0.1.0")
                + String.format(row, "    12D3KooWBB", "never", "never", "")
                + String.format(row, "", "", "", ""));
  }

  @Test
  void anEmptyTableIsItsHeaderLine() throws Exception {
    String text =
        StatsDhtCommand.text(
            new ObjectMapper().readTree("{\"Name\": \"wan\", \"Buckets\": []}"), Instant.EPOCH);
    assertThat(text).isEqualTo("DHT wan (0 peers):" + " ".repeat(2 + 4 + 4) + "\n");
  }
}
