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

  /** Whether {@code path} names a group of commands, as {@code pin} does for {@code pin/add}. */
  public boolean isGroup(String path) {
    String prefix = path + "/";
    return byPath.keySet().stream().anyMatch(p -> p.startsWith(prefix));
  }

  public Collection<String> paths() {
    return byPath.keySet();
  }
}
