package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies a site's {@code _redirects} file to a path that does not exist (web redirects file spec):
 * a 200 rule rewrites the path, a 3xx rule redirects, a 404/410/451 rule serves a page with that
 * status. Only consulted on origin-isolated hosts. A file that cannot be read or parsed is a 500
 * naming the problem, as the spec asks.
 */
final class WebRedirects {
  /** What a rule decided: a path to serve instead, or a response. */
  record Outcome(ContentPath rewritten, Resolved resolved, Response response) {}

  private final BlockStore blocks;
  private final UnixFsExporter exporter;
  private final ContentResolver resolver;
  private final FileResponder files;
  private final LruCache<Cid, RedirectsFile> parsed = new LruCache<>(256);

  WebRedirects(
      BlockStore blocks, UnixFsExporter exporter, ContentResolver resolver, FileResponder files) {
    this.blocks = blocks;
    this.exporter = exporter;
    this.resolver = resolver;
    this.files = files;
  }

  /** The outcome for a missing path, or null when no rule applies (the 404 stands). */
  Outcome apply(ContentRequest cr) {
    ContentPath path = cr.path();
    RedirectsFile file = load(path);
    if (file == null) {
      return null;
    }
    RedirectsFile.Match match = file.match("/" + String.join("/", path.segments()));
    if (match == null) {
      return null;
    }
    int status = match.rule().status();
    if (status >= 300 && status < 400) {
      String location = mergeQuery(match.to(), cr.http());
      return new Outcome(
          null, null, Response.redirect(HttpResponseStatus.valueOf(status), location));
    }
    String to = match.to();
    int q = to.indexOf('?');
    if (q >= 0) {
      to = to.substring(0, q);
    }
    List<String> raw = UrlCodec.decodeSegments(to);
    ContentPath target =
        ContentPath.parse(prepend(path.rootText(), raw), "/ipfs/" + path.rootText() + to);
    Resolved resolved = resolver.resolve(target);
    if (status == 200) {
      return new Outcome(target, resolved, null);
    }
    ContentRequest page = cr.withPath(target);
    NodeView view = NodeView.load(blocks, resolved.terminal());
    if (!view.kind().isFile()) {
      throw new GatewayException(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "_redirects rule \"" + match.rule().from() + "\" names " + to + ", which is not a file");
    }
    return new Outcome(
        null, null, files.page(page, resolved, view, HttpResponseStatus.valueOf(status)));
  }

  private static List<String> prepend(String root, List<String> segments) {
    List<String> out = new ArrayList<>(segments.size() + 1);
    out.add(root);
    out.addAll(segments);
    return out;
  }

  /** The parsed {@code _redirects} at the root, or null when there is none. */
  private RedirectsFile load(ContentPath path) {
    RedirectsFile cached = parsed.get(path.root());
    if (cached != null) {
      return cached;
    }
    ContentPath filePath = path.withSegments(List.of("_redirects"), false);
    Resolved resolved;
    try {
      resolved = resolver.resolve(filePath);
    } catch (GatewayException e) {
      if (e.status().code() == 404) {
        return null;
      }
      throw e;
    }
    NodeView view = NodeView.load(blocks, resolved.terminal());
    if (!view.kind().isFile()) {
      throw parseError("_redirects is not a file");
    }
    if (view.size() > RedirectsFile.MAX_SIZE) {
      throw parseError(
          "redirects file size cannot exceed "
              + RedirectsFile.MAX_SIZE
              + " bytes (it is "
              + view.size()
              + ")");
    }
    byte[] bytes = view.content();
    if (bytes == null) {
      try (InputStream in = exporter.open(view.cid(), 0, -1)) {
        bytes = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    RedirectsFile file;
    try {
      file = RedirectsFile.parse(bytes);
    } catch (IllegalArgumentException e) {
      throw parseError(e.getMessage());
    }
    parsed.put(path.root(), file);
    return file;
  }

  private static GatewayException parseError(String why) {
    return new GatewayException(
        HttpResponseStatus.INTERNAL_SERVER_ERROR, "could not parse _redirects: " + why);
  }

  /** The rule's target with the request's query parameters merged in (the request's win). */
  static String mergeQuery(String to, GatewayRequest req) {
    String raw = req.rawQuery();
    if (raw == null || raw.isEmpty()) {
      return to;
    }
    int q = to.indexOf('?');
    String base = q < 0 ? to : to.substring(0, q);
    Map<String, List<String>> merged = new LinkedHashMap<>();
    if (q >= 0) {
      merged.putAll(
          new QueryStringDecoder(to.substring(q + 1), StandardCharsets.UTF_8, false).parameters());
    }
    merged.putAll(req.query());
    StringBuilder b = new StringBuilder(base);
    char sep = '?';
    for (Map.Entry<String, List<String>> e : merged.entrySet()) {
      for (String v : e.getValue()) {
        b.append(sep)
            .append(UrlCodec.escapeQuery(e.getKey()))
            .append('=')
            .append(UrlCodec.escapeQuery(v));
        sep = '&';
      }
    }
    return b.toString();
  }
}
