package io.cairn.node.http;

/**
 * An endpoint of the API port besides the RPC commands (the dashboard, metrics, the pinning
 * service). Routes see whole requests, their bodies up to {@link #maxBody()} bytes, and run on a
 * worker thread, so they may block.
 */
public interface HttpRoute {
  /** 64 KiB: enough for the small JSON documents routes take. */
  int DEFAULT_MAX_BODY = 64 * 1024;

  /** Whether this route serves {@code path} (the URL path, without the query). */
  boolean matches(String path);

  HttpReply handle(HttpCall call) throws Exception;

  /**
   * The largest request body this route takes, in bytes: the server answers a larger one 413
   * without passing it on, and reads no more of it than that.
   */
  default int maxBody() {
    return DEFAULT_MAX_BODY;
  }

  /**
   * This route's answer to a request the server refuses for it before it runs (413: the body is too
   * large; 503: the server holds too many bodies already; 400: the body's framing is broken), in
   * the route's own error format.
   */
  default HttpReply error(int status, String message) {
    return HttpReply.text(status, message);
  }
}
