package io.cairn.node.api;

import java.io.OutputStream;

/**
 * Where a command writes its result: a stream of JSON values ({@link #emit}; NDJSON over HTTP), or
 * raw bytes ({@link #output}; {@code cat}, {@code block get}, {@code dag export}). A command uses
 * one or the other.
 */
public interface ApiResponse {
  /** Sends one value of a stream (a Map, List, record or scalar that Jackson can write). */
  void emit(Object value);

  /**
   * Starts a stream of values before the first one is ready, as Kubo's {@code pubsub sub} flushes
   * its headers at once: a client then knows the command runs. Nothing to do where there are no
   * headers (in-process).
   */
  default void startStream() {}

  /**
   * Sends the command's only value, as Kubo's {@code EmitOnce}: over HTTP without {@code
   * X-Chunked-Output}, since no more values follow.
   */
  default void emitOnce(Object value) {
    emit(value);
  }

  /**
   * The stream for raw output.
   *
   * @param length the number of bytes that will be written, or -1 when unknown (Kubo's {@code
   *     X-Content-Length})
   */
  OutputStream output(long length);

  /**
   * The stream for raw output of a given media type ({@code application/x-tar} for {@code get}).
   *
   * @param length Kubo's {@code X-Content-Length}: the size of what is sent (for {@code get}, the
   *     size of the content inside the archive), or -1 when unknown
   */
  default OutputStream output(long length, String contentType) {
    return output(length);
  }
}
