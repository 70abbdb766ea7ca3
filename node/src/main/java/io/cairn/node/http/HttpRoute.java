package io.cairn.node.http;

/**
 * An endpoint of the API port besides the RPC commands (the dashboard, metrics, the pinning
 * service). Routes see whole requests (bodies up to {@link ApiServerOptions#MAX_ROUTE_BODY}) and
 * run on a worker thread, so they may block.
 */
public interface HttpRoute {
  /** Whether this route serves {@code path} (the URL path, without the query). */
  boolean matches(String path);

  HttpReply handle(HttpCall call) throws Exception;
}
