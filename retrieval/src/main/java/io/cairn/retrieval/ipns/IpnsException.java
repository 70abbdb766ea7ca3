package io.cairn.retrieval.ipns;

/**
 * An IPNS record, name or routing key that is malformed or does not validate; the message names the
 * field or check that failed.
 */
public final class IpnsException extends RuntimeException {
  public IpnsException(String message) {
    super(message);
  }

  public IpnsException(String message, Throwable cause) {
    super(message, cause);
  }
}
