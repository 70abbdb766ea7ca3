package io.cairn.config;

/**
 * A repo or config file that cannot be used: missing, not JSON, or holding a value of the wrong
 * type or out of range. The message is one line naming the file or key and the problem.
 */
public final class ConfigException extends IllegalArgumentException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }
}
