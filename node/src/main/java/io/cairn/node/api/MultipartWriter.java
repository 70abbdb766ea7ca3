package io.cairn.node.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.ThreadLocalRandom;

/** Writes request-body parts as Kubo's clients do (see {@link MultipartReader}). */
public final class MultipartWriter {
  private final String boundary;

  public MultipartWriter() {
    this.boundary = "cairn" + Long.toHexString(ThreadLocalRandom.current().nextLong()) + "x";
  }

  public String contentType() {
    return "multipart/form-data; boundary=" + boundary;
  }

  /** Writes every part, streaming file contents, then the closing boundary. */
  public void write(Iterator<BodyPart> parts, OutputStream out) throws IOException {
    byte[] dash = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
    while (parts.hasNext()) {
      BodyPart p = parts.next();
      out.write(dash);
      out.write(header(p).getBytes(StandardCharsets.UTF_8));
      if (p.kind() != BodyPart.Kind.DIRECTORY) {
        try (InputStream in = p.content().open()) {
          in.transferTo(out);
        }
      }
      out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.write(dash);
    out.write("--\r\n".getBytes(StandardCharsets.US_ASCII));
  }

  private static String header(BodyPart p) {
    StringBuilder name = new StringBuilder("file");
    String sep = "?";
    if (p.mode() != null) {
      name.append(sep).append("mode=0").append(Integer.toOctalString(p.mode()));
      sep = "&";
    }
    if (p.mtime() != null) {
      name.append(sep).append("mtime=").append(p.mtime().getEpochSecond());
      if (p.mtime().getNano() != 0) {
        name.append("&mtime-nsecs=").append(p.mtime().getNano());
      }
    }
    // Kubo's CLI names each file's place on disk, or a web file's URL (for add --nocopy),
    // query-escaped.
    String abspath =
        p.source() == null
            ? ""
            : "\r\nAbspath-Encoded: "
                + URLEncoder.encode(location(p.source()), StandardCharsets.UTF_8);
    return "\r\nContent-Disposition: form-data; name=\""
        + name
        + "\"; filename=\""
        + URLEncoder.encode(p.path(), StandardCharsets.UTF_8)
        + "\""
        + abspath
        + "\r\nContent-Type: "
        + p.kind().contentType()
        + "\r\n\r\n";
  }

  /** A file's path on disk, or a web file's URL. */
  private static String location(URI source) {
    return "file".equals(source.getScheme()) ? Path.of(source).toString() : source.toString();
  }
}
