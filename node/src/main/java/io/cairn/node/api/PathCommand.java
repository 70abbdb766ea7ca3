package io.cairn.node.api;

/**
 * A command served at a path given when it is made: one class for a command and its other names
 * (Kubo's {@code stats/repo} beside {@code repo/stat}), or for commands that differ only in a
 * value.
 */
public abstract class PathCommand implements ApiCommand {
  private final String path;

  protected PathCommand(String path) {
    this.path = path;
  }

  @Override
  public final String path() {
    return path;
  }
}
