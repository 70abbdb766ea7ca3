package io.cairn.node.api;

import java.io.OutputStream;

/**
 * Where a command writes its result: a stream of JSON values ({@link #emit}; NDJSON over HTTP), or
 * raw bytes ({@link #output}; {@code cat}, {@code block get}, {@code dag export}). A command uses
 * one or the other.
 */
public interface ApiResponse {
  /** Sends one value (a Map, List, record or scalar that Jackson can write). */
  void emit(Object value);

  /**
   * The stream for raw output.
   *
   * @param length the number of bytes that will be written, or -1 when unknown (Kubo's {@code
   *     X-Content-Length})
   */
  OutputStream output(long length);
}
