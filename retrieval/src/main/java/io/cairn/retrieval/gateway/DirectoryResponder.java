package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.NoSuchLinkException;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Directories: a 301 to the URL with a trailing slash when it lacks one, the directory's {@code
 * index.html} when it has one (tagged with the directory's CID, as Kubo does), a generated listing
 * otherwise.
 */
final class DirectoryResponder {
  private final BlockStore blocks;
  private final UnixFsExporter exporter;
  private final FileResponder files;

  DirectoryResponder(BlockStore blocks, UnixFsExporter exporter, FileResponder files) {
    this.blocks = blocks;
    this.exporter = exporter;
    this.files = files;
  }

  Response serve(ContentRequest cr, Resolved resolved, NodeView dir) {
    Target target = cr.target();
    String urlPath = target.urlPath();
    if (!urlPath.endsWith("/")) {
      String location = UrlCodec.escapePath(urlPath) + "/" + cr.http().querySuffix();
      return Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY, location);
    }
    Cid cid = dir.cid();
    NodeView index = index(cid);
    if (index != null) {
      return files.file(cr, resolved, index, ETags.of(cid, ""), "index.html", null);
    }
    Response r = cr.response(HttpResponseStatus.OK, "path", resolved);
    r.header(HttpHeaderNames.CONTENT_TYPE, "text/html");
    r.header(HttpHeaderNames.ETAG, DirectoryListing.etag(cid));
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.LISTING_CACHE);
    ContentPath path = cr.path();
    String gatewayUrl = target.gatewayUrl();
    long dagSize = dir.dagSize();
    return r.body(
        new Body.Stream(
            -1,
            out -> {
              try (Stream<DirEntry> entries = exporter.listInDagOrder(cid, false)) {
                Iterator<DirEntry> it = entries.iterator();
                DirectoryListing.write(out, cid, path, urlPath, gatewayUrl, dagSize, it);
              }
            }));
  }

  /** The directory's index.html when it has one that is a file. */
  private NodeView index(Cid dir) {
    Cid index;
    try {
      index = exporter.resolve(new IpfsPath(dir, List.of("index.html")));
    } catch (NoSuchLinkException e) {
      return null;
    }
    NodeView view = NodeView.load(blocks, index);
    return view.kind().isFile() ? view : null;
  }
}
