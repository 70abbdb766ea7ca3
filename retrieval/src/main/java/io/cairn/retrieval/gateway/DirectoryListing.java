package io.cairn.retrieval.gateway;

import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;

/**
 * The HTML index of a directory without an {@code index.html}: a breadcrumb of the content path,
 * then one row per entry with its name (linking to its path), its CID (linking to the CID with the
 * name as {@code ?filename}) and its DAG size from the directory's links, and a link to the parent
 * except at the content root. Entries are written as they are read, so a sharded directory of any
 * size streams in constant memory; child blocks are never fetched.
 */
final class DirectoryListing {
  private static final String STYLE =
      "body{font-family:system-ui,sans-serif;margin:2em;color:#222}"
          + "header{margin-bottom:1em}.path{font-size:1.2em;word-break:break-all}"
          + ".meta{color:#666;font-size:.9em}table{border-collapse:collapse;width:100%}"
          + "td{padding:.3em .6em;border-bottom:1px solid #eee}"
          + "td.size{text-align:right;white-space:nowrap;color:#666}"
          + ".ipfs-hash{font-family:monospace;color:#666}";

  /** Changes whenever the page's markup changes, so caches drop old listings. */
  static final String VERSION = ETags.hash(STYLE + "|listing-v1");

  private DirectoryListing() {}

  /** {@code "DirIndex-{version}_CID-{cid}"}. */
  static String etag(Cid dir) {
    return "\"DirIndex-" + VERSION + "_CID-" + dir + "\"";
  }

  /**
   * Writes the page.
   *
   * @param path the directory's content path (for the title and breadcrumb)
   * @param urlPath the decoded URL path of the request, ending with '/'
   * @param gatewayUrl "" on a path gateway, {@code //host} on a subdomain gateway
   */
  static void write(
      OutputStream out,
      Cid dir,
      ContentPath path,
      String urlPath,
      String gatewayUrl,
      long dagSize,
      Iterator<DirEntry> entries)
      throws IOException {
    Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 16 * 1024);
    String title = path.toString();
    w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    w.write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    w.write("<title>" + Html.escape(title) + "</title>\n<style>" + STYLE + "</style>\n");
    w.write("</head>\n<body>\n<header>\n<div>Index of</div>\n<div class=\"path\">");
    w.write(breadcrumbs(path, gatewayUrl));
    w.write("</div>\n<div class=\"meta\"><span class=\"ipfs-hash\" translate=\"no\">");
    w.write(Html.escape(dir.toString()));
    w.write("</span> &middot; " + humanBytes(dagSize) + "</div>\n</header>\n<table>\n");
    if (!path.segments().isEmpty()) {
      w.write(
          "<tr><td><a href=\"" + Html.escape(UrlCodec.escapePath(urlPath) + "..") + "\">..</a>");
      w.write("</td><td></td><td></td></tr>\n");
    }
    while (entries.hasNext()) {
      DirEntry e = entries.next();
      String href = UrlCodec.escapePath(urlPath) + UrlCodec.escapeSegment(e.name());
      String hash = e.cid().toString();
      String cidHref = gatewayUrl + "/ipfs/" + hash + "?filename=" + UrlCodec.escapeQuery(e.name());
      w.write("<tr><td><a href=\"" + Html.escape(href) + "\">" + Html.escape(e.name()) + "</a>");
      w.write("</td><td><a class=\"ipfs-hash\" translate=\"no\" href=\"" + Html.escape(cidHref));
      w.write("\">" + Html.escape(shortHash(hash)) + "</a></td><td class=\"size\">");
      w.write(humanBytes(e.tsize()) + "</td></tr>\n");
    }
    w.write("</table>\n</body>\n</html>\n");
    w.flush();
  }

  /** {@code /ipfs/<a href=…>cid</a>/<a href=…>a</a>…}, each segment linking to its path. */
  static String breadcrumbs(ContentPath path, String gatewayUrl) {
    StringBuilder b = new StringBuilder("/ipfs/");
    String href = gatewayUrl + "/ipfs/" + UrlCodec.escapeSegment(path.rootText());
    b.append("<a href=\"").append(Html.escape(href)).append("\">");
    b.append(Html.escape(path.rootText())).append("</a>");
    List<String> segments = path.segments();
    for (String s : segments) {
      href += "/" + UrlCodec.escapeSegment(s);
      b.append("/<a href=\"").append(Html.escape(href)).append("\">");
      b.append(Html.escape(s)).append("</a>");
    }
    return b.toString();
  }

  static String shortHash(String hash) {
    return hash.length() <= 12
        ? hash
        : hash.substring(0, 4) + "\u2026" + hash.substring(hash.length() - 4);
  }

  /** Sizes in SI units as Go's humanize.Bytes writes them ("1.2 kB", "83 MB"). */
  static String humanBytes(long n) {
    if (n < 10) {
      return n + " B";
    }
    String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB"};
    int e = (int) Math.floor(Math.log(n) / Math.log(1000));
    double v = Math.floor(n / Math.pow(1000, e) * 10 + 0.5) / 10;
    return String.format(Locale.ROOT, v < 10 ? "%.1f %s" : "%.0f %s", v, units[e]);
  }
}
