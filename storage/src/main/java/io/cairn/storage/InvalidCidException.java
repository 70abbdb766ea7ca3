package io.cairn.storage;

/** A CID that cannot be parsed; the message names what is wrong. */
public final class InvalidCidException extends IllegalArgumentException {
  public InvalidCidException(String message) {
    super(message);
  }

  public InvalidCidException(String message, Throwable cause) {
    super(message, cause);
  }
}
