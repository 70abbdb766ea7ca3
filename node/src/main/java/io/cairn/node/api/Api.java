package io.cairn.node.api;

/** Runs commands: in-process against the repo, or over HTTP against a running daemon. */
public interface Api extends AutoCloseable {
  /**
   * Runs {@code request}, passing its result to {@code sink} as it comes.
   *
   * @throws ApiException with the command's message when it fails
   */
  void call(ApiRequest request, ResultSink sink);

  /** Whether commands go to a running daemon. */
  boolean remote();

  @Override
  void close();
}
