package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.unixfs.UnixFsNode.Kind;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * CAR responses ({@code application/vnd.ipld.car}) of the trustless gateway spec. The path is
 * resolved before anything is sent, so a path that does not exist locally is a plain 404; the CAR
 * itself streams, and a block found missing while streaming ends the response early (clients must
 * check that a CAR is complete).
 */
final class CarResponder {
  private final BlockStore blocks;

  CarResponder(BlockStore blocks) {
    this.blocks = blocks;
  }

  Response serve(ContentRequest cr) {
    CarParams params = CarParams.of(cr.http(), cr.format().acceptParams());
    ContentPath path = cr.path();
    String etag = "\"" + CidText.of(path.root()) + ".car." + params.digest(path.toString()) + "\"";
    String name = cr.filename();
    if (name == null) {
      String last = path.lastSegment();
      name = path.rootText() + (last.isEmpty() ? "" : "_" + last) + ".car";
    }
    if (ETags.noneMatch(cr.http().header(HttpHeaderNames.IF_NONE_MATCH), etag)) {
      Response r = cr.response(HttpResponseStatus.NOT_MODIFIED, "not-modified", null);
      r.header(HttpHeaderNames.ETAG, etag);
      r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
      return r;
    }
    RecordingBlockStore recording = new RecordingBlockStore(blocks);
    Resolved resolved = ContentResolver.resolveThrough(path, recording);
    Cid terminal = resolved.terminal();
    byte[] bytes =
        terminal.isIdentity()
            ? terminal.multihash().digest()
            : blocks.get(terminal).orElseThrow(() -> new BlockNotFoundException(terminal));
    NodeView view;
    try {
      view = NodeView.of(terminal, bytes);
    } catch (CodecException e) {
      if (params.scope() == CarParams.Scope.ENTITY) {
        throw e;
      }
      view = NodeView.opaque(terminal, bytes);
    }
    long[] range = null;
    if (params.range() != null && view.kind() == Kind.FILE) {
      range = params.range().resolve(view.size());
      if (range == null
          && params.range().from() >= 0
          && params.range().from() >= view.size()
          && view.size() > 0) {
        throw GatewayException.badRequest(
            "entity-bytes "
                + params.range().from()
                + ":"
                + (params.range().to() == null ? "*" : params.range().to())
                + " is outside the "
                + view.size()
                + " bytes of "
                + terminal);
      }
    }
    Response r = cr.response(HttpResponseStatus.OK, "car", resolved);
    r.header(HttpHeaderNames.CONTENT_TYPE, params.contentType());
    r.header(HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.attachment(name));
    r.header(HttpHeaderNames.ETAG, etag);
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    r.header(HttpHeaderNames.ACCEPT_RANGES, "none");
    r.header("X-Content-Type-Options", "nosniff");
    CarStreamer streamer =
        new CarStreamer(
            blocks, recording.read(), view, !resolved.remainder().isEmpty(), params, range);
    return r.body(new Body.Stream(-1, streamer::writeTo));
  }
}
