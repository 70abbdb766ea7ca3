package io.cairn.retrieval.gateway;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * A response before it is written: status, headers, body, and the kind of response for the listener
 * ("path", "raw", "car", "tar", "redirect", "not-modified", "options", "error").
 */
final class Response {
  private final HttpResponseStatus status;
  private final HttpHeaders headers;
  private Body body = Body.NONE;
  private String kind;

  Response(HttpResponseStatus status, String kind) {
    this(status, new DefaultHttpHeaders(), kind);
  }

  Response(HttpResponseStatus status, HttpHeaders headers, String kind) {
    this.status = status;
    this.headers = headers;
    this.kind = kind;
  }

  HttpResponseStatus status() {
    return status;
  }

  HttpHeaders headers() {
    return headers;
  }

  Body body() {
    return body;
  }

  String kind() {
    return kind;
  }

  Response kind(String k) {
    this.kind = k;
    return this;
  }

  Response header(CharSequence name, Object value) {
    headers.set(name, value);
    return this;
  }

  Response body(Body b) {
    this.body = b;
    return this;
  }

  /** A response whose body is bytes with a content type. */
  Response bytes(String contentType, byte[] data) {
    headers.set(HttpHeaderNames.CONTENT_TYPE, contentType);
    this.body = new Body.Bytes(data);
    return this;
  }

  /** A plain-text response: the message and a newline. */
  static Response text(HttpResponseStatus status, String kind, String message) {
    return new Response(status, kind)
        .bytes("text/plain; charset=utf-8", (message + "\n").getBytes(StandardCharsets.UTF_8));
  }

  /** A redirect to {@code location} with a short HTML body, as Go's {@code http.Redirect}. */
  static Response redirect(HttpResponseStatus status, String location) {
    Response r = new Response(status, "redirect").header(HttpHeaderNames.LOCATION, location);
    String html = "<a href=\"" + Html.escape(location) + "\">" + status.reasonPhrase() + "</a>.\n";
    return r.bytes("text/html; charset=utf-8", html.getBytes(StandardCharsets.UTF_8));
  }
}
