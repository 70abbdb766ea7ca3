package io.cairn.retrieval;

/**
 * Told about every finished gateway request, so the node can count them (Prometheus metrics, logs).
 * Called on a gateway thread once the response is written or abandoned; implementations must be
 * thread-safe and quick.
 */
@FunctionalInterface
public interface GatewayListener {
  /** A listener that ignores everything. */
  GatewayListener NONE = (method, status, bytesSent, nanos, kind) -> {};

  /**
   * @param method the HTTP method ("GET", "HEAD"...)
   * @param status the status sent
   * @param bytesSent body bytes written to the connection
   * @param nanos time from the request's arrival to the end of the response
   * @param kind what was served: "path" (deserialized file, directory, codec), "raw" (a block),
   *     "car", "tar", "redirect", "not-modified", "options" or "error"
   */
  void requestDone(String method, int status, long bytesSent, long nanos, String kind);
}
