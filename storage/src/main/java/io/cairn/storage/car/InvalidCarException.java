package io.cairn.storage.car;

/** A CAR file that cannot be read; the message names the fault and where it is. */
public final class InvalidCarException extends IllegalArgumentException {
  public InvalidCarException(String message) {
    super(message);
  }

  public InvalidCarException(String message, Throwable cause) {
    super(message, cause);
  }
}
