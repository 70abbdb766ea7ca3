package io.cairn.retrieval.gateway;

import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the gateway answers with an error status and a message a user can act on. Thrown
 * anywhere while a response is prepared; the exchange turns it into a plain-text response.
 */
final class GatewayException extends RuntimeException {
  private final transient HttpResponseStatus status;
  private final transient Map<CharSequence, String> headers = new LinkedHashMap<>();

  GatewayException(HttpResponseStatus status, String message) {
    super(message);
    this.status = status;
  }

  GatewayException(HttpResponseStatus status, String message, Throwable cause) {
    super(message, cause);
    this.status = status;
  }

  HttpResponseStatus status() {
    return status;
  }

  /** Adds a header the error response carries (Content-Range on a 416, Allow on a 405). */
  GatewayException withHeader(CharSequence name, String value) {
    headers.put(name, value);
    return this;
  }

  Map<CharSequence, String> headers() {
    return headers;
  }

  static GatewayException badRequest(String message) {
    return new GatewayException(HttpResponseStatus.BAD_REQUEST, message);
  }

  static GatewayException notFound(String message) {
    return new GatewayException(HttpResponseStatus.NOT_FOUND, message);
  }

  static GatewayException notAcceptable(String message) {
    return new GatewayException(HttpResponseStatus.NOT_ACCEPTABLE, message);
  }

  static GatewayException notImplemented(String message) {
    return new GatewayException(HttpResponseStatus.NOT_IMPLEMENTED, message);
  }
}
