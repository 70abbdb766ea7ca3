package io.cairn.node.api;

import io.cairn.storage.Block;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Streams the parts of a {@code multipart/form-data} body as Kubo's clients send files: one part
 * per file, directory or symlink, the path URL-escaped in the {@code filename} parameter, mode and
 * mtime in the form name ({@code file?mode=0644&mtime=...}). Part bodies are read straight from the
 * request as the importer consumes them; nothing is buffered beyond one small window, so uploads of
 * any size stream. Moving to the next part skips what was left unread of the previous one.
 */
public final class MultipartReader implements Iterator<BodyPart> {
  private static final int BUFFER = 64 * 1024;
  private static final int MAX_HEADER_LINE = 16 * 1024;
  private static final int MAX_HEADERS = 64;

  private final InputStream in;
  private final byte[] delimiter;
  private final byte[] buf;
  private int pos;
  private int limit;
  private boolean eof;
  private boolean started;
  private boolean finished;
  private PartStream current;
  private BodyPart peeked;

  public MultipartReader(InputStream in, String boundary) {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 200) {
      throw ApiException.client("multipart body has no valid boundary");
    }
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
    this.buf = new byte[BUFFER + delimiter.length];
  }

  /** The boundary parameter of a multipart Content-Type, or null. */
  public static String boundary(String contentType) {
    if (contentType == null) {
      return null;
    }
    for (String param : contentType.split(";")) {
      String p = param.strip();
      if (p.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
        String b = p.substring("boundary=".length());
        return b.startsWith("\"") && b.endsWith("\"") && b.length() > 1
            ? b.substring(1, b.length() - 1)
            : b;
      }
    }
    return null;
  }

  @Override
  public boolean hasNext() {
    if (peeked == null && !finished) {
      try {
        peeked = readPart();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the multipart body: " + e.getMessage(), e);
      }
    }
    return peeked != null;
  }

  @Override
  public BodyPart next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    BodyPart p = peeked;
    peeked = null;
    return p;
  }

  private BodyPart readPart() throws IOException {
    if (!started) {
      started = true;
      skipPreamble();
    } else {
      if (current != null) {
        current.skipRest();
        current = null;
      }
      if (!afterDelimiter()) {
        finished = true;
        return null;
      }
    }
    if (finished) {
      return null;
    }
    Map<String, String> headers = readHeaders();
    String disposition = headers.getOrDefault("content-disposition", "");
    String filename = param(disposition, "filename");
    String formName = param(disposition, "name");
    String path = filename == null ? "" : decode(filename);
    String type = headers.getOrDefault("content-type", "application/octet-stream");
    type = type.split(";")[0].strip().toLowerCase(Locale.ROOT);
    // As boxo's multipartWalker.nextFile: any other type, multipart/mixed included, is a file
    // whose content is the part's bytes.
    BodyPart.Kind kind =
        switch (type) {
          case "application/x-directory", "multipart/form-data" -> BodyPart.Kind.DIRECTORY;
          case "application/symlink" -> BodyPart.Kind.SYMLINK;
          default -> BodyPart.Kind.FILE;
        };
    Integer mode = null;
    Instant mtime = null;
    if (formName != null && formName.indexOf('?') >= 0) {
      Map<String, String> q = query(formName.substring(formName.indexOf('?') + 1));
      if (q.containsKey("mode")) {
        mode = parseMode(q.get("mode"), path);
      }
      if (q.containsKey("mtime")) {
        mtime = parseTime(q.get("mtime"), q.get("mtime-nsecs"), path);
      }
    }
    String encoded = headers.get("abspath-encoded");
    URI source = absolutePath(encoded != null ? decode(encoded) : headers.get("abspath"));
    PartStream stream = new PartStream();
    current = stream;
    boolean[] opened = {false};
    return new BodyPart(
        trimSlashes(path),
        kind,
        () -> {
          if (opened[0]) {
            throw new IOException("part " + path + " can only be read once");
          }
          opened[0] = true;
          return stream;
        },
        mode,
        mtime,
        kind == BodyPart.Kind.FILE ? source : null);
  }

  /**
   * Kubo's {@code Abspath-Encoded} header (query-escaped) or its older raw {@code Abspath}: a
   * file's absolute path on the sender's disk (as a {@code file:} URI), or a web file's http(s)
   * URL; else null.
   */
  private static URI absolutePath(String header) {
    if (header == null || header.isEmpty()) {
      return null;
    }
    try {
      if (Block.isUrl(header)) {
        return new URI(header);
      }
      Path p = Path.of(header);
      return p.isAbsolute() ? p.normalize().toUri() : null;
    } catch (IllegalArgumentException | URISyntaxException e) {
      return null; // not a path or URL here: the file's bytes are still there to copy
    }
  }

  private static String trimSlashes(String path) {
    int a = 0;
    int b = path.length();
    while (a < b && path.charAt(a) == '/') {
      a++;
    }
    while (b > a && path.charAt(b - 1) == '/') {
      b--;
    }
    return path.substring(a, b);
  }

  private void skipPreamble() throws IOException {
    String first = "--" + new String(delimiter, 4, delimiter.length - 4, StandardCharsets.US_ASCII);
    for (int i = 0; i < 16; i++) {
      String line = readLine();
      if (line == null) {
        throw ApiException.client("multipart body ended before its first boundary");
      }
      if (line.equals(first)) {
        return;
      }
      if (line.equals(first + "--")) {
        finished = true;
        return;
      }
    }
    throw ApiException.client("multipart body does not start with its boundary");
  }

  /** After a delimiter: "--" ends the body, CRLF starts another part. */
  private boolean afterDelimiter() throws IOException {
    String rest = readLine();
    if (rest == null) {
      throw ApiException.client("multipart body is truncated after a boundary");
    }
    if (rest.startsWith("--")) {
      return false;
    }
    if (!rest.isBlank()) {
      throw ApiException.client("multipart boundary is followed by unexpected bytes");
    }
    return true;
  }

  private Map<String, String> readHeaders() throws IOException {
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 0; ; i++) {
      String line = readLine();
      if (line == null) {
        throw ApiException.client("multipart body is truncated inside part headers");
      }
      if (line.isEmpty()) {
        return headers;
      }
      if (i >= MAX_HEADERS) {
        throw ApiException.client("multipart part has too many headers");
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        throw ApiException.client("multipart part header is malformed: " + line);
      }
      headers.put(
          line.substring(0, colon).strip().toLowerCase(Locale.ROOT),
          line.substring(colon + 1).strip());
    }
  }

  /** A line ending in CRLF (or LF), without it; null at the end of input. */
  private String readLine() throws IOException {
    StringBuilder line = new StringBuilder();
    while (true) {
      if (pos == limit && !fill()) {
        return line.isEmpty() ? null : line.toString();
      }
      byte b = buf[pos++];
      if (b == '\n') {
        int n = line.length();
        if (n > 0 && line.charAt(n - 1) == '\r') {
          line.setLength(n - 1);
        }
        return line.toString();
      }
      line.append((char) (b & 0xFF));
      if (line.length() > MAX_HEADER_LINE) {
        throw ApiException.client("multipart header line is too long");
      }
    }
  }

  /** Reads more input, compacting the buffer; false at the end of input. */
  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    if (pos > 0) {
      System.arraycopy(buf, pos, buf, 0, limit - pos);
      limit -= pos;
      pos = 0;
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
      return false;
    }
    limit += n;
    return true;
  }

  /** Index of the delimiter in buf[pos, limit), or -1. */
  private int findDelimiter() {
    outer:
    for (int i = pos; i <= limit - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  /** The body of the current part, ending at the next delimiter. */
  private final class PartStream extends InputStream {
    private boolean done;

    @Override
    public int read() throws IOException {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      if (done) {
        return -1;
      }
      if (len == 0) {
        return 0;
      }
      while (true) {
        int d = findDelimiter();
        if (d >= 0) {
          if (d == pos) {
            pos += delimiter.length;
            done = true;
            return -1;
          }
          int n = Math.min(len, d - pos);
          System.arraycopy(buf, pos, b, off, n);
          pos += n;
          return n;
        }
        int safe = limit - pos - (delimiter.length - 1);
        if (safe > 0) {
          int n = Math.min(len, safe);
          System.arraycopy(buf, pos, b, off, n);
          pos += n;
          return n;
        }
        if (!fill()) {
          throw new IOException("multipart body ended inside a part (no closing boundary)");
        }
      }
    }

    void skipRest() throws IOException {
      byte[] scratch = new byte[8192];
      while (read(scratch, 0, scratch.length) >= 0) {
        // discard
      }
    }

    @Override
    public void close() {
      // The request body stays open for the parts that follow.
    }
  }

  private static String param(String header, String name) {
    for (String p : header.split(";")) {
      String s = p.strip();
      int eq = s.indexOf('=');
      if (eq > 0 && s.substring(0, eq).strip().equalsIgnoreCase(name)) {
        String v = s.substring(eq + 1).strip();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1).replace("\\\"", "\"").replace("\\\\", "\\");
        }
        return v;
      }
    }
    return null;
  }

  private static String decode(String s) {
    try {
      return URLDecoder.decode(s, StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return s;
    }
  }

  private static Map<String, String> query(String q) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String kv : q.split("&")) {
      int eq = kv.indexOf('=');
      if (eq > 0) {
        out.put(decode(kv.substring(0, eq)), decode(kv.substring(eq + 1)));
      }
    }
    return out;
  }

  private static Integer parseMode(String v, String path) {
    try {
      return Integer.parseInt(v, 8) & 07777;
    } catch (NumberFormatException e) {
      throw ApiException.client("part " + path + " has an invalid mode \"" + v + "\"");
    }
  }

  private static Instant parseTime(String secs, String nsecs, String path) {
    try {
      return Instant.ofEpochSecond(Long.parseLong(secs), nsecs == null ? 0 : Long.parseLong(nsecs));
    } catch (NumberFormatException e) {
      throw ApiException.client("part " + path + " has an invalid mtime \"" + secs + "\"");
    }
  }
}
