package io.cairn.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Immutable copies of maps that keep their order (the config file's order). */
final class Maps {
  private Maps() {}

  static <V> Map<String, V> copyOf(Map<String, V> map) {
    map.forEach((k, v) -> Objects.requireNonNull(v, k));
    return Collections.unmodifiableMap(new LinkedHashMap<>(map));
  }

  static Map<String, List<String>> copyOfLists(Map<String, List<String>> map) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    map.forEach((k, v) -> copy.put(k, List.copyOf(v)));
    return Collections.unmodifiableMap(copy);
  }
}
