package io.cairn.node.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * A histogram with labels: per combination of label values, counts of observations at or below each
 * bucket's upper bound, their sum and their count (Prometheus' {@code _bucket}, {@code _sum} and
 * {@code _count} series, buckets cumulative with a final {@code le="+Inf"}).
 */
final class HistogramFamily {
  /** Seconds, from a millisecond to a minute: API calls and downloads of large files alike. */
  static final double[] SECONDS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
  };

  private final String name;
  private final String help;
  private final List<String> labels;
  private final double[] bounds;
  private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

  private static final class Series {
    final LongAdder[] buckets;
    final DoubleAdder sum = new DoubleAdder();
    final LongAdder count = new LongAdder();

    Series(int n) {
      buckets = new LongAdder[n];
      for (int i = 0; i < n; i++) {
        buckets[i] = new LongAdder();
      }
    }
  }

  /**
   * @param bounds bucket upper bounds in increasing order, without {@code +Inf}
   */
  HistogramFamily(String name, String help, double[] bounds, String... labels) {
    for (int i = 1; i < bounds.length; i++) {
      if (bounds[i] <= bounds[i - 1]) {
        throw new IllegalArgumentException(name + ": bucket bounds must increase");
      }
    }
    this.name = name;
    this.help = help;
    this.bounds = bounds.clone();
    this.labels = List.of(labels);
  }

  void observe(double value, String... values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(name + " takes " + labels.size() + " label values");
    }
    Series s = series.computeIfAbsent(List.of(values), k -> new Series(bounds.length));
    for (int i = 0; i < bounds.length; i++) {
      if (value <= bounds[i]) {
        s.buckets[i].increment();
        break;
      }
    }
    s.sum.add(value);
    s.count.increment();
  }

  void write(TextFormat out) {
    out.family(name, "histogram", help);
    Map<List<String>, Series> sorted = new TreeMap<>(Labels.ORDER);
    sorted.putAll(series);
    List<String> bucketLabels = new ArrayList<>(labels);
    bucketLabels.add("le");
    sorted.forEach(
        (values, s) -> {
          // An observation racing with the scrape may reach a bucket after the count was read:
          // +Inf and _count never show less than the buckets below them.
          long count = s.count.sum();
          long cumulative = 0;
          for (int i = 0; i < bounds.length; i++) {
            cumulative += s.buckets[i].sum();
            out.sample(name + "_bucket", bucketLabels, with(values, bound(bounds[i])), cumulative);
          }
          out.sample(
              name + "_bucket", bucketLabels, with(values, "+Inf"), Math.max(count, cumulative));
          out.sample(name + "_sum", labels, values, s.sum.sum());
          out.sample(name + "_count", labels, values, Math.max(count, cumulative));
        });
  }

  private static List<String> with(List<String> values, String le) {
    List<String> out = new ArrayList<>(values);
    out.add(le);
    return out;
  }

  private static String bound(double b) {
    return TextFormat.number(b);
  }
}
