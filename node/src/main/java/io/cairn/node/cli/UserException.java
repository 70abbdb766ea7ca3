package io.cairn.node.cli;

/** An error caused by the user's input or environment: printed as one line, no stack trace. */
public final class UserException extends RuntimeException {
  public UserException(String message) {
    super(message);
  }

  public UserException(String message, Throwable cause) {
    super(message, cause);
  }
}
