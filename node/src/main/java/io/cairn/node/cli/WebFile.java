package io.cairn.node.cli;

import io.cairn.node.api.BodyPart;
import io.cairn.storage.HttpGet;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;

/**
 * An http(s) URL given to {@code add}: the CLI downloads it and sends its bytes as a file, as
 * Kubo's CLI does (go-ipfs-cmds {@code isURL}, boxo {@code files.NewWebFile}). The file is named
 * after the URL's last path segment (the host when the URL has no path), and carries the URL as its
 * place, for {@code add --nocopy} to keep urlstore references. The body streams: nothing of it is
 * held beyond a buffer.
 */
final class WebFile implements AutoCloseable {
  /** To connect, and for each read: a stalled download fails instead of hanging. */
  static final HttpGet.Timeouts TIMEOUTS =
      new HttpGet.Timeouts(Duration.ofSeconds(30), Duration.ofSeconds(60));

  private final URI url;
  private final HttpGet get;

  private WebFile(URI url, HttpGet get) {
    this.url = url;
    this.get = get;
  }

  /**
   * The URL an argument is, as go-ipfs-cmds' {@code isURL}: an {@code http} or {@code https} scheme
   * and a host; else null (the argument is a path).
   */
  static URI parse(String arg) {
    try {
      URI u = new URI(arg);
      String scheme = u.getScheme();
      boolean web = "http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme);
      return web && u.getRawAuthority() != null && !u.getRawAuthority().isEmpty() ? u : null;
    } catch (URISyntaxException e) {
      return null;
    }
  }

  /** go-ipfs-cmds' {@code urlBase}: the last element of the path, or the host for none. */
  static String name(URI url) {
    String path = url.getPath();
    if (path == null || path.isEmpty()) {
      return url.getPort() < 0 ? url.getHost() : url.getHost() + ":" + url.getPort();
    }
    int end = path.length();
    while (end > 0 && path.charAt(end - 1) == '/') {
      end--;
    }
    if (end == 0) {
      return "/";
    }
    return path.substring(path.lastIndexOf('/', end - 1) + 1, end);
  }

  /**
   * Starts the download (as boxo's {@code WebFile.Size} does, for the progress bar's total).
   *
   * @throws UserException in boxo's words for an answer that is not 2xx, in Go's for a server that
   *     cannot be reached
   */
  static WebFile open(URI url) {
    HttpGet get;
    try {
      get = HttpGet.open(url, null, TIMEOUTS);
    } catch (IOException e) {
      throw new UserException(e.getMessage(), e);
    }
    if (get.status() < 200 || get.status() > 299) {
      get.close();
      throw new UserException("got non-2XX status code " + get.status() + ": " + url);
    }
    return new WebFile(url, get);
  }

  /** The length the server announced, or -1. */
  long length() {
    return get.contentLength();
  }

  /** The file as a part of the upload, its bytes read from the answer as the upload goes. */
  BodyPart part() {
    return new BodyPart(name(url), BodyPart.Kind.FILE, this::body, null, null, url);
  }

  private InputStream body() throws IOException {
    long expected = get.contentLength();
    return new FilterInputStream(get.body()) {
      private long read;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        int n;
        try {
          n = super.read(b, off, len);
        } catch (IOException e) {
          // A stalled server (the read time-out) or a connection cut short ("Premature EOF").
          throw new IOException(
              "reading "
                  + url
                  + " failed after "
                  + read
                  + " of "
                  + expected
                  + " bytes: "
                  + e.getMessage(),
              e);
        }
        if (n < 0 && expected >= 0 && read < expected) {
          throw new IOException(
              "unexpected EOF: " + url + " sent " + read + " of " + expected + " bytes");
        }
        read += Math.max(n, 0);
        return n;
      }

      @Override
      public void close() throws IOException {
        try {
          super.close();
        } finally {
          get.close();
        }
      }
    };
  }

  @Override
  public void close() {
    get.close();
  }
}
