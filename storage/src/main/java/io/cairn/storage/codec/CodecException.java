package io.cairn.storage.codec;

/** Bytes that do not decode in the codec they claim; the message names the fault. */
public final class CodecException extends IllegalArgumentException {
  public CodecException(String message) {
    super(message);
  }

  public CodecException(String message, Throwable cause) {
    super(message, cause);
  }
}
