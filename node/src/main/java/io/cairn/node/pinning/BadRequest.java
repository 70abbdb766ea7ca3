package io.cairn.node.pinning;

/** A request the spec's rules refuse: answered 400 with a {@code Failure} naming the problem. */
final class BadRequest extends RuntimeException {
  private static final long serialVersionUID = 1L;

  BadRequest(String details) {
    super(details);
  }
}
