package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** {@code provide stat}'s text, as Kubo's encoder lays it out, and Go's number forms. */
class ProvideStatTextTest {
  private static final String SWEEP =
      """
      {"closed": false, "connectivity": {"status": "online", "since": "0001-01-01T00:00:00Z"},
       "queues": {"pending_key_provides": 1234, "pending_region_provides": 3,
                  "pending_region_reprovides": 0},
       "schedule": {"keys": 5, "regions": 2, "avg_prefix_length": 8,
                    "next_reprovide_at": "0001-01-01T00:00:00Z", "next_reprovide_prefix": ""},
       "workers": {"max": 0},
       "timing": {"uptime": 0, "reprovides_interval": 79200000000000,
                  "cycle_start": "0001-01-01T00:00:00Z", "current_time_offset": 0},
       "operations": {"ongoing": {"region_provides": 0, "key_provides": 0,
                                  "region_reprovides": 0, "key_reprovides": 0},
                      "past": {"records_provided": 40, "keys_provided": 2, "keys_failed": 0,
                               "keys_provided_per_minute": 12.56,
                               "keys_reprovided_per_minute": 0, "reprovide_duration": 0,
                               "avg_keys_per_reprovide": 0,
                               "regions_reprovided_last_cycle": 0}},
       "network": {"peers": 0, "reachable": 0, "complete_keyspace_coverage": false,
                   "avg_region_size": 0, "avg_holders": 20, "replication_factor": 20}}
      """;

  private static final ProvideStatText.Flags NONE =
      new ProvideStatText.Flags(false, false, false, false, false, false, false, false, false);

  private static JsonNode sweep() throws Exception {
    return new ObjectMapper().readTree(SWEEP);
  }

  /**
   * Go's tabwriter aligns each column over the consecutive lines that have it: the labels over all
   * lines (the widest, "Total CIDs provided:", plus one), the second cells of the three-cell lines
   * per run of such lines.
   */
  @Test
  void theBriefSummaryIsKubos() throws Exception {
    String label = "%-21s";
    assertThat(ProvideStatText.render(sweep(), NONE))
        .isEqualTo(
            String.format(label, "Provide queue:")
                + "1.2k CIDs, 3 regions\n"
                + String.format(label, "Reprovide queue:")
                + "0 regions\n"
                + String.format(label, "CIDs scheduled:")
                + "5\n"
                + String.format(label, "Regions scheduled:")
                + "2\n"
                + String.format(label, "Avg record holders:")
                + "20\n"
                + String.format(label, "Ongoing provides:")
                + "0 CIDs, 0 regions\n"
                + String.format(label, "Ongoing reprovides:")
                + "0 CIDs, 0 regions\n"
                + String.format(label, "Total CIDs provided:")
                + "2\n");
  }

  @Test
  void oneSectionHasNoHeadingAndTwoHaveThem() throws Exception {
    ProvideStatText.Flags operations =
        new ProvideStatText.Flags(false, false, false, false, false, false, false, true, false);
    String label = "%-33s"; // "Regions reprovided (last cycle):" and one
    assertThat(ProvideStatText.render(sweep(), operations))
        .startsWith(String.format(label, "Ongoing provides:") + "0 CIDs, 0 regions\n")
        .contains(String.format(label, "Total records provided:") + "40\n")
        .contains(String.format(label, "CIDs provided/min/worker:") + "12.5\n")
        .contains(String.format(label, "Region reprovide duration:") + "N/A\n")
        .endsWith(String.format(label, "Regions reprovided (last cycle):") + "0\n");
    ProvideStatText.Flags two =
        new ProvideStatText.Flags(false, false, false, true, true, false, false, false, false);
    assertThat(ProvideStatText.render(sweep(), two))
        .startsWith("Queues:\n  Provide queue:")
        .contains("\n\nSchedule:\n  CIDs scheduled:")
        .contains("  Next region prefix:")
        .endsWith("N/A\n");
  }

  @Test
  void compactNeedsAll() throws Exception {
    ProvideStatText.Flags compact =
        new ProvideStatText.Flags(false, true, false, false, false, false, false, false, false);
    assertThatThrownBy(() -> ProvideStatText.render(sweep(), compact))
        .hasMessage("--compact requires --all flag");
    ProvideStatText.Flags all =
        new ProvideStatText.Flags(true, true, false, false, false, false, false, false, false);
    assertThat(ProvideStatText.render(sweep(), all).lines().findFirst().orElseThrow())
        .startsWith("Schedule:")
        .endsWith("Connectivity:");
  }

  @Test
  void goNumberAndDurationForms() {
    assertThat(GoFormat.si(1234, 1)).isEqualTo("1.2k");
    assertThat(GoFormat.si(1000, 1)).isEqualTo("1k");
    assertThat(GoFormat.number(1234567)).isEqualTo("1M\t(1,234,567)");
    assertThat(GoFormat.floatOrNa(0)).isEqualTo("N/A");
    assertThat(GoFormat.duration(Duration.ofHours(22))).isEqualTo("22h0m0s");
    assertThat(GoFormat.duration(Duration.ofMillis(1550))).isEqualTo("1.5s");
    assertThat(GoFormat.duration(Duration.ofNanos(1_234_567))).isEqualTo("1.234ms");
  }
}
