package io.cairn.compute;

/** A receipt that does not verify; the message says which check failed. */
public final class ReceiptException extends RuntimeException {
  public ReceiptException(String message) {
    super(message);
  }
}
