package io.cairn.storage;

import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Objects;

/**
 * One HTTP GET of a web file ({@code add URL}, and the urlstore's reads of a span): redirects
 * followed by hand up to {@link #MAX_REDIRECTS} (as Go's client, so a redirect loop ends), every
 * connection and every read bounded by a time-out, so nothing waits on a silent server for ever.
 * Errors are {@link IOException}s in the words of Go's client ({@code Get "URL": ...}).
 */
public final class HttpGet implements AutoCloseable {
  /** Go's {@code http.Client} gives up after this many redirects; so does Cairn. */
  public static final int MAX_REDIRECTS = 10;

  /**
   * The time-outs of a request.
   *
   * @param connect to open the connection
   * @param read for each read of the answer (its headers, then each buffer of its body)
   */
  public record Timeouts(Duration connect, Duration read) {
    public Timeouts {
      Objects.requireNonNull(connect, "connect");
      Objects.requireNonNull(read, "read");
      if (connect.isNegative() || connect.isZero() || read.isNegative() || read.isZero()) {
        throw new IllegalArgumentException("HTTP time-outs must be positive");
      }
    }
  }

  private final URI url;
  private final HttpURLConnection conn;
  private final int status;

  private HttpGet(URI url, HttpURLConnection conn, int status) {
    this.url = url;
    this.conn = conn;
    this.status = status;
  }

  /**
   * Sends the request and reads the answer's status and headers.
   *
   * @param range the {@code Range} header's value ({@code bytes=0-99}), or null for none
   * @throws IOException when the server cannot be reached, does not answer in time, or redirects
   *     too often or to something that is not an http(s) URL
   */
  public static HttpGet open(URI url, String range, Timeouts timeouts) throws IOException {
    URI at = url;
    for (int redirects = 0; ; redirects++) {
      HttpURLConnection c;
      int status;
      try {
        c = (HttpURLConnection) at.toURL().openConnection();
        c.setInstanceFollowRedirects(false);
        c.setConnectTimeout(millis(timeouts.connect()));
        c.setReadTimeout(millis(timeouts.read()));
        c.setUseCaches(false);
        if (range != null) {
          c.setRequestProperty("Range", range);
        }
        status = c.getResponseCode();
      } catch (ConnectException e) {
        throw new IOException(error(url, "connection refused"), e);
      } catch (SocketTimeoutException e) {
        throw new IOException(
            error(url, "no answer within the time-out (" + e.getMessage() + ")"), e);
      } catch (UnknownHostException e) {
        throw new IOException(error(url, "no such host " + e.getMessage()), e);
      } catch (IllegalArgumentException e) {
        throw new IOException(error(url, e.getMessage()), e);
      } catch (IOException e) {
        throw new IOException(error(url, e.getMessage()), e);
      }
      String location = c.getHeaderField("Location");
      if (status < 300 || status > 399 || status == 304 || location == null) {
        return new HttpGet(at, c, status);
      }
      discard(c);
      if (redirects + 1 >= MAX_REDIRECTS) {
        throw new IOException(error(url, "stopped after " + MAX_REDIRECTS + " redirects"));
      }
      try {
        at = at.resolve(new URI(location));
      } catch (URISyntaxException e) {
        throw new IOException(error(url, "bad redirect location " + location), e);
      }
      if (!Block.isUrl(at.toString())) {
        throw new IOException(error(url, "redirect to a location that is not http(s): " + at));
      }
    }
  }

  /** The answer's status code. */
  public int status() {
    return status;
  }

  /** The URL that answered, after the redirects. */
  public URI url() {
    return url;
  }

  /** The answer's {@code Content-Length}, or -1 when not sent. */
  public long contentLength() {
    return conn.getContentLengthLong();
  }

  /** An answer header, or null. */
  public String header(String name) {
    return conn.getHeaderField(name);
  }

  /**
   * The answer's body (of a status below 400; use {@link #close} to drop any other). Each read
   * fails with a {@link SocketTimeoutException} when the server sends nothing for the read
   * time-out.
   */
  public InputStream body() throws IOException {
    return conn.getInputStream();
  }

  /** Ends the exchange; the connection is not kept, so an unread body never blocks a later one. */
  @Override
  public void close() {
    conn.disconnect();
  }

  /** {@code Get "URL": what}, as Go's client words a failed request. */
  public static String error(URI url, String what) {
    return "Get \"" + url + "\": " + what;
  }

  private static void discard(HttpURLConnection c) {
    c.disconnect();
  }

  private static int millis(Duration d) {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1, d.toMillis()));
  }
}
