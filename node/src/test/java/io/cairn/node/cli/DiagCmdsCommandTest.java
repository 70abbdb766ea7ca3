package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.junit.jupiter.api.Test;

class DiagCmdsCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void theTableIsKubosInBothForms() throws Exception {
    JsonNode entries =
        JSON.readTree(
            """
            [{"StartTime": "2026-03-04T05:06:07.5Z", "EndTime": "2026-03-04T05:06:09Z",
              "Active": false, "Command": "log/tail",
              "Options": {"log-level": "error", "stream-channels": "true"},
              "Args": [], "ID": 7},
             {"StartTime": "2026-03-04T05:06:07Z", "EndTime": "2026-03-04T05:06:08.25Z",
              "Active": false, "Command": "cat", "Options": {}, "Args": ["Qm", "x"], "ID": 12}]
            """);
    String stamp =
        DateTimeFormatter.ofPattern("MMM ppd HH:mm:ss", Locale.ROOT)
            .format(Instant.parse("2026-03-04T05:06:07Z").atZone(ZoneId.systemDefault()));
    // Go's tabwriter.NewWriter(w, 4, 4, 2, ' ', 0)
    assertThat(DiagCmdsCommand.table(entries, false))
        .isEqualTo(
            "Command   Active  StartTime        RunTime\n"
                + "log/tail  false   "
                + stamp
                + "  1.5s\n"
                + "cat       false   "
                + stamp
                + "  1.25s\n");
    assertThat(DiagCmdsCommand.table(entries, true))
        .isEqualTo(
            "ID  Command   Arguments  Options                                  Active  StartTime  "
                + "      RunTime\n"
                + "7   log/tail  []         [log-level=error,stream-channels=true,]  false   "
                + stamp
                + "  1.5s\n"
                + "12  cat       [Qm x]     []                                       false   "
                + stamp
                + "  1.25s\n");
  }

  @Test
  void withoutADaemonItSaysOneIsNeeded(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp) {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    assertThat(cli.fails("diag", "cmds")).contains("needs a running daemon");
  }
}
