package io.cairn.node.pinning.client;

/**
 * A remote pinning service could not be reached, refused a request, or answered with something that
 * is not the Pinning Service API; the message says which, in Kubo's words where Kubo has them.
 */
public final class RemotePinningException extends RuntimeException {
  RemotePinningException(String message) {
    super(message);
  }

  RemotePinningException(String message, Throwable cause) {
    super(message, cause);
  }
}
