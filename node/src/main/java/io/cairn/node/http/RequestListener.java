package io.cairn.node.http;

/** Hears each finished request, for metrics. */
@FunctionalInterface
public interface RequestListener {
  RequestListener NONE = (kind, path, status, nanos) -> {};

  /**
   * @param kind "api" for RPC commands, "route" for other endpoints
   * @param path the command path or URL path
   */
  void requestDone(String kind, String path, int status, long nanos);
}
