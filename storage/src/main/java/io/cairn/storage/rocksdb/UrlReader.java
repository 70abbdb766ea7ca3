package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import io.cairn.storage.FilestoreEntry.Status;
import io.cairn.storage.FilestoreException;
import io.cairn.storage.HttpGet;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the span of a urlstore reference over HTTP, as boxo's {@code readURLDataObj} does: one GET
 * with {@code Range: bytes=OFFSET-END}; a {@code 206} whose {@code Content-Range} and length must
 * be that span, or a {@code 200} (a server that ignores ranges) of which only the first bytes are
 * read, and only when the span starts at 0 (boxo would hash the file's first bytes and call the
 * block changed; Cairn says why). Every other status is an {@code error}, a body that ends early a
 * {@code changed} file. The connection, each read and the whole read are bounded in time.
 */
final class UrlReader {
  private static final Pattern CONTENT_RANGE = Pattern.compile("bytes (\\d+)-(\\d+)/(\\d+|\\*)");

  private final HttpGet.Timeouts timeouts;
  private final Duration total;

  /**
   * @param timeouts to connect and for each read
   * @param total for the whole read of one span (checked between reads)
   */
  UrlReader(HttpGet.Timeouts timeouts, Duration total) {
    this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
    this.total = Objects.requireNonNull(total, "total");
  }

  /** Connects within 10 s, waits at most 30 s for each read and 2 minutes for a whole span. */
  static UrlReader defaults() {
    return new UrlReader(
        new HttpGet.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(30)),
        Duration.ofMinutes(2));
  }

  /** The span's bytes, not yet checked against the CID. */
  byte[] read(Cid cid, FileRef ref) {
    URI url;
    try {
      url = new URI(ref.path());
    } catch (URISyntaxException e) {
      throw new FilestoreException(
          cid, Status.FILE_ERROR, "bad URL in the urlstore: " + ref.path(), e);
    }
    long end = ref.offset() + ref.size() - 1;
    String range = "bytes=" + ref.offset() + "-" + end;
    long deadline = System.nanoTime() + total.toNanos();
    try (HttpGet get = HttpGet.open(url, range, timeouts)) {
      int status = get.status();
      if (status == 206) {
        checkPartial(cid, ref, get);
      } else if (status == 200) {
        if (ref.offset() != 0) {
          throw error(
              cid,
              "the server ignored the range " + range + " (expected HTTP 206 got 200): " + url);
        }
      } else {
        throw error(cid, "expected HTTP 200 or 206 got " + status);
      }
      byte[] data = new byte[ref.size()];
      try (InputStream in = get.body()) {
        int n = 0;
        while (n < data.length) {
          int r = in.read(data, n, data.length - n);
          if (r < 0) {
            throw FileReferences.shorter(cid, ref);
          }
          n += r;
          if (n < data.length && System.nanoTime() - deadline > 0) {
            throw error(cid, HttpGet.error(url, "reading " + range + " took over " + total));
          }
        }
      }
      return data;
    } catch (IOException e) {
      throw new FilestoreException(cid, Status.FILE_ERROR, e.getMessage(), e);
    }
  }

  /** A 206 must answer the span asked for: its start, and no more bytes than asked. */
  private static void checkPartial(Cid cid, FileRef ref, HttpGet get) {
    String header = get.header("Content-Range");
    if (header != null) {
      Matcher m = CONTENT_RANGE.matcher(header.trim());
      if (!m.matches() || Long.parseLong(m.group(1)) != ref.offset()) {
        throw error(
            cid,
            "the server answered Content-Range: "
                + header
                + " for bytes="
                + ref.offset()
                + "-"
                + (ref.offset() + ref.size() - 1));
      }
    }
    long length = get.contentLength();
    if (length > ref.size()) {
      throw error(
          cid, "the server answered " + length + " bytes for a range of " + ref.size() + " bytes");
    }
    if (length >= 0 && length < ref.size()) {
      throw FileReferences.shorter(cid, ref);
    }
  }

  private static FilestoreException error(Cid cid, String message) {
    return new FilestoreException(cid, Status.FILE_ERROR, message, null);
  }
}
