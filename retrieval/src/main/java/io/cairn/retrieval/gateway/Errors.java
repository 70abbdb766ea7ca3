package io.cairn.retrieval.gateway;

import io.cairn.retrieval.p2p.bitswap.BlockFetchException;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.codec.CodecException;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Turns what went wrong into plain-text error responses. */
final class Errors {
  private static final Logger LOG = LoggerFactory.getLogger(Errors.class);

  private Errors() {}

  /** Seconds a client is asked to wait before it tries a failed retrieval again. */
  static final String RETRY_AFTER_SECONDS = "30";

  /** The fetch failure behind {@code t}, if one is (a fetch may be wrapped on its way here). */
  private static BlockFetchException fetchFailure(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof BlockFetchException e) {
        return e;
      }
    }
    return null;
  }

  static Response text(HttpResponseStatus status, String message) {
    return Response.text(status, "error", message);
  }

  static Response notFound(String message) {
    return text(HttpResponseStatus.NOT_FOUND, message);
  }

  /**
   * The response for an exception thrown while a response was prepared: its own status for a {@link
   * GatewayException}; 404 for content this node does not hold or cannot decode; 504, 404 or 502
   * for a block it could not fetch (time-out or no peer to ask, offline, other); 500, logged, for a
   * block that fails its hash check and anything unexpected.
   */
  static Response of(Throwable t) {
    if (t instanceof GatewayException g) {
      Response r = text(g.status(), g.getMessage());
      for (Map.Entry<CharSequence, String> h : g.headers().entrySet()) {
        r.header(h.getKey(), h.getValue());
      }
      return r;
    }
    if (t instanceof BlockNotFoundException e) {
      return notFound(
          "block " + e.cid() + " is not held by this node (the gateway serves local blocks only)");
    }
    BlockFetchException fetch = fetchFailure(t);
    if (fetch != null) {
      // The path gateway spec: 504 when retrieval from other peers ran out of time, 404 when the
      // content is known not to be retrievable (offline), 502 for other retrieval failures; the
      // first and the last with Retry-After. No peer to ask is a 504 too, given at once rather
      // than at the time-out, as @helia/verified-fetch answers when its routing found no provider.
      return switch (fetch.reason()) {
        case TIMED_OUT, NO_PEERS ->
            text(HttpResponseStatus.GATEWAY_TIMEOUT, fetch.getMessage())
                .header(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
        case OFFLINE -> notFound(fetch.getMessage());
        case FAILED, CANCELLED ->
            text(HttpResponseStatus.BAD_GATEWAY, fetch.getMessage())
                .header(HttpHeaderNames.RETRY_AFTER, RETRY_AFTER_SECONDS);
      };
    }
    if (t instanceof CodecException e) {
      return notFound("invalid DAG node: " + e.getMessage());
    }
    if (t instanceof CorruptBlockException e) {
      LOG.error("gateway refused to serve a corrupt block: {}", e.getMessage());
      return text(HttpResponseStatus.INTERNAL_SERVER_ERROR, e.getMessage());
    }
    LOG.warn("gateway request failed", t);
    return text(
        HttpResponseStatus.INTERNAL_SERVER_ERROR,
        "internal error: "
            + (t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage()));
  }
}
