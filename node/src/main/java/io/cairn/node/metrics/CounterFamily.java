package io.cairn.node.metrics;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** A counter with labels: one monotonic count per combination of label values. */
final class CounterFamily {
  private final String name;
  private final String help;
  private final List<String> labels;
  private final Map<List<String>, LongAdder> series = new ConcurrentHashMap<>();

  /**
   * @param name ends with {@code _total}, as Prometheus names counters
   */
  CounterFamily(String name, String help, String... labels) {
    if (!name.endsWith("_total")) {
      throw new IllegalArgumentException("counter " + name + " must end with _total");
    }
    this.name = name;
    this.help = help;
    this.labels = List.of(labels);
  }

  void add(long amount, String... values) {
    if (values.length != labels.size()) {
      throw new IllegalArgumentException(name + " takes " + labels.size() + " label values");
    }
    series.computeIfAbsent(List.of(values), k -> new LongAdder()).add(amount);
  }

  void inc(String... values) {
    add(1, values);
  }

  void write(TextFormat out) {
    out.family(name, "counter", help);
    Map<List<String>, LongAdder> sorted = new TreeMap<>(Labels.ORDER);
    sorted.putAll(series);
    sorted.forEach((values, count) -> out.sample(name, labels, values, count.sum()));
  }
}
