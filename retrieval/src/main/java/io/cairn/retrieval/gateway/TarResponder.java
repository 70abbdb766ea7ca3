package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ArchiveOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode.Kind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * TAR responses ({@code application/x-tar}, IPIP-288): the UnixFS file or tree at the path as a tar
 * archive whose top entry is named by its CID, streamed as the exporter writes it.
 */
final class TarResponder {
  private final UnixFsExporter exporter;

  TarResponder(UnixFsExporter exporter) {
    this.exporter = exporter;
  }

  Response serve(ContentRequest cr, Resolved resolved, NodeView root) {
    Cid cid = root.cid();
    Kind kind = root.kind();
    if (!(kind.isFile() || kind.isDirectory() || kind == Kind.SYMLINK)) {
      throw GatewayException.notAcceptable(
          "format \"tar\" needs UnixFS content, and "
              + cid
              + " is not a UnixFS file, directory or symlink");
    }
    String name = cr.filename() != null ? cr.filename() : cid + ".tar";
    Response r = cr.response(HttpResponseStatus.OK, "tar", resolved);
    r.header(HttpHeaderNames.CONTENT_TYPE, ResponseFormat.TAR.mediaType());
    r.header(HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.attachment(name));
    r.header(HttpHeaderNames.ETAG, ETags.weak(ETags.of(cid, "x-tar")));
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    r.header("X-Content-Type-Options", "nosniff");
    ArchiveOptions options = new ArchiveOptions(true, 0);
    return r.body(
        new Body.Stream(
            -1,
            out -> {
              try {
                exporter.writeArchive(cid, cid.toString(), options, out);
              } catch (IllegalArgumentException e) {
                // An entry that would leave the root (IPIP-288) or content that is not UnixFS.
                throw new GatewayException(
                    HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    "cannot serve " + cid + " as a TAR: " + e.getMessage() + "; use a CAR instead",
                    e);
              }
            }));
  }
}
