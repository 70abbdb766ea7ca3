package io.cairn.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TextFormatTest {
  @Test
  void escapesLabelValuesAndHelpAsTheFormatAsks() {
    TextFormat out = new TextFormat();
    out.family("x_total", "counter", "help with \\ and\nnewline");
    out.sample("x_total", List.of("path"), List.of("a\"b\\c\nd"), 3);
    assertThat(out.text())
        .isEqualTo(
            "# HELP x_total help with \\\\ and\\nnewline\n"
                + "# TYPE x_total counter\n"
                + "x_total{path=\"a\\\"b\\\\c\\nd\"} 3\n");
    assertThat(PromText.parse(out.text()).value("x_total{path=\"a\\\"b\\\\c\\nd\"}")).isEqualTo(3);
  }

  @Test
  void writesNumbersPrometheusParses() {
    assertThat(TextFormat.number(42)).isEqualTo("42");
    assertThat(TextFormat.number(0.0025)).isEqualTo("0.0025");
    assertThat(TextFormat.number(1.5e20)).isEqualTo("1.5E20");
    assertThat(TextFormat.number(Double.POSITIVE_INFINITY)).isEqualTo("+Inf");
    assertThat(TextFormat.number(Double.NaN)).isEqualTo("NaN");
  }

  @Test
  void histogramBucketsAreCumulativeWithInfAndCount() {
    HistogramFamily h = new HistogramFamily("t_seconds", "t", new double[] {0.1, 1}, "k");
    h.observe(0.05, "a");
    h.observe(0.1, "a");
    h.observe(0.5, "a");
    h.observe(7, "a");
    TextFormat out = new TextFormat();
    h.write(out);
    assertThat(out.text())
        .isEqualTo(
            "# HELP t_seconds t\n"
                + "# TYPE t_seconds histogram\n"
                + "t_seconds_bucket{k=\"a\",le=\"0.1\"} 2\n"
                + "t_seconds_bucket{k=\"a\",le=\"1\"} 3\n"
                + "t_seconds_bucket{k=\"a\",le=\"+Inf\"} 4\n"
                + "t_seconds_sum{k=\"a\"} 7.65\n"
                + "t_seconds_count{k=\"a\"} 4\n");
  }

  @Test
  void countersMustBeNamedTotalAndTakeTheirLabels() {
    assertThatThrownBy(() -> new CounterFamily("requests", "r"))
        .hasMessageContaining("must end with _total");
    CounterFamily c = new CounterFamily("r_total", "r", "a", "b");
    assertThatThrownBy(() -> c.inc("only-one")).hasMessageContaining("takes 2 label values");
  }
}
