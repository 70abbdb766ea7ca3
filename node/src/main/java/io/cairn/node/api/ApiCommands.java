package io.cairn.node.api;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The commands of the RPC API, by path. */
public final class ApiCommands {
  private final Map<String, ApiCommand> byPath = new LinkedHashMap<>();

  public ApiCommands(Collection<? extends ApiCommand> commands) {
    for (ApiCommand c : commands) {
      if (byPath.put(c.path(), c) != null) {
        throw new IllegalArgumentException("two API commands at " + c.path());
      }
    }
  }

  public Optional<ApiCommand> find(String path) {
    return Optional.ofNullable(byPath.get(path));
  }

  public Collection<String> paths() {
    return byPath.keySet();
  }
}
