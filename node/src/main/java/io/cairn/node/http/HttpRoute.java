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
   * large; 503: the server holds too many bodies already or is shutting down; 400: the body's
   * framing is broken) or that {@link #handle} failed with an exception (500), in the route's own
   * error format and with the headers it gives its other answers (CORS, say).
   *
   * @param request the request's method, path, query and headers (its body, if any, is not here)
   */
  default HttpReply error(HttpCall request, int status, String message) {
    return HttpReply.text(status, message);
  }
}
