package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.netty.handler.codec.DateFormatter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

/**
 * File responses: UnixFS files and raw blocks with their content type, entity tag, ranges (206 with
 * only the leaves of the range read, 416 when nothing of it exists) and Content-Disposition; raw
 * block responses ({@code application/vnd.ipld.raw}); and symlinks (their target as text).
 */
final class FileResponder {
  private final BlockStore blocks;
  private final UnixFsExporter exporter;

  FileResponder(BlockStore blocks, UnixFsExporter exporter) {
    this.blocks = blocks;
    this.exporter = exporter;
  }

  /**
   * Serves a file.
   *
   * @param etag the tag of the whole file ({@code "cid"}; a directory's for its index.html)
   * @param name the name whose extension gives the content type ("" when none)
   */
  Response file(
      ContentRequest cr, Resolved resolved, NodeView file, String etag, String name, String type) {
    long size = file.size();
    String typeName = cr.filename() != null ? cr.filename() : name;
    Instant mtime = file.mtime();
    if (mtime != null && notModifiedSince(cr, mtime)) {
      return notModified(cr, resolved, etag);
    }
    ByteRange range = range(cr, etag, size);
    // Sniffing reads the file's first 3 KiB: a range that starts later must not need them (the
    // blocks outside a range may be missing), so it goes without a type unless the name gives one,
    // as in Kubo.
    String contentType =
        type != null
            ? type
            : range != null && range.first() > 0 ? byName(typeName) : contentType(file, typeName);
    String sent = range == null ? etag : ETags.ofRange(etag, range.first(), range.last());
    // If-None-Match compares the tag this response would carry, the range's tag for a range.
    if (ETags.noneMatch(cr.http().header(HttpHeaderNames.IF_NONE_MATCH), sent)) {
      return notModified(cr, resolved, sent);
    }
    Response r =
        cr.response(
            range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT,
            "path",
            resolved);
    r.header(HttpHeaderNames.ETAG, sent);
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    r.header(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    if (contentType != null) {
      r.header(HttpHeaderNames.CONTENT_TYPE, contentType);
    }
    if (mtime != null) {
      r.header(HttpHeaderNames.LAST_MODIFIED, DateFormatter.format(Date.from(mtime)));
    }
    disposition(cr, r, name);
    long from = range == null ? 0 : range.first();
    long length = range == null ? size : range.length();
    if (range != null) {
      r.header(HttpHeaderNames.CONTENT_RANGE, range.contentRange());
    }
    r.header(HttpHeaderNames.CONTENT_LENGTH, length);
    return r.body(body(file, from, length));
  }

  /** Bytes {@code from}..{@code from+length} of a file: in hand, or streamed from its leaves. */
  private Body body(NodeView file, long from, long length) {
    if (file.content() != null) {
      return new Body.Bytes(slice(file.content(), from, length));
    }
    Cid cid = file.cid();
    if (length > 0) {
      // Load the leaf the body starts in before the status line is committed, so that a block
      // this node does not hold and cannot fetch is a 404 or 504, not a 206 that breaks off.
      try (InputStream in = exporter.open(cid, from, 1)) {
        in.read();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return new Body.Stream(
        length,
        out -> {
          try (InputStream in = exporter.open(cid, from, length)) {
            in.transferTo(out);
          }
        });
  }

  /** A whole file sent with another status: a custom error page of a {@code _redirects} rule. */
  Response page(ContentRequest cr, Resolved resolved, NodeView file, HttpResponseStatus status) {
    Response r = cr.response(status, "path", resolved);
    r.header(HttpHeaderNames.ETAG, ETags.of(file.cid(), ""));
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    r.header(HttpHeaderNames.CONTENT_TYPE, contentType(file, cr.path().lastSegment()));
    r.header(HttpHeaderNames.CONTENT_LENGTH, file.size());
    return r.body(body(file, 0, file.size()));
  }

  /** A symlink: its target, as Kubo serves it. */
  Response symlink(ContentRequest cr, Resolved resolved, NodeView link) {
    return file(cr, resolved, link, ETags.of(link.cid(), ""), "", "inode/symlink");
  }

  /** The block at the end of the path, as {@code application/vnd.ipld.raw}. */
  Response rawBlock(ContentRequest cr, Resolved resolved) {
    Cid cid = resolved.terminal();
    byte[] data = blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
    String name = cr.filename() != null ? cr.filename() : cid + ".bin";
    Response r = bytes(cr, resolved, data, ETags.of(cid, "raw"), "raw");
    r.header(HttpHeaderNames.CONTENT_TYPE, ResponseFormat.RAW.mediaType());
    r.header(HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.attachment(name));
    r.header("X-Content-Type-Options", "nosniff");
    return r;
  }

  /** Bytes in hand with ranges and caching headers; the caller sets the type. */
  Response bytes(ContentRequest cr, Resolved resolved, byte[] data, String etag, String kind) {
    ByteRange range = range(cr, etag, data.length);
    String sent = range == null ? etag : ETags.ofRange(etag, range.first(), range.last());
    // If-None-Match compares the tag this response would carry, the range's tag for a range.
    if (ETags.noneMatch(cr.http().header(HttpHeaderNames.IF_NONE_MATCH), sent)) {
      return notModified(cr, resolved, sent);
    }
    Response r =
        cr.response(
            range == null ? HttpResponseStatus.OK : HttpResponseStatus.PARTIAL_CONTENT,
            kind,
            resolved);
    r.header(HttpHeaderNames.ETAG, sent);
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    r.header(HttpHeaderNames.ACCEPT_RANGES, "bytes");
    if (range != null) {
      r.header(HttpHeaderNames.CONTENT_RANGE, range.contentRange());
      r.header(HttpHeaderNames.CONTENT_LENGTH, range.length());
      return r.body(new Body.Bytes(slice(data, range.first(), range.length())));
    }
    r.header(HttpHeaderNames.CONTENT_LENGTH, data.length);
    return r.body(new Body.Bytes(data));
  }

  Response notModified(ContentRequest cr, Resolved resolved, String etag) {
    Response r = cr.response(HttpResponseStatus.NOT_MODIFIED, "not-modified", resolved);
    r.header(HttpHeaderNames.ETAG, etag);
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.IMMUTABLE);
    return r;
  }

  /** The content type a name gives (null when none). */
  private static String byName(String name) {
    String byName = ContentTypes.byName(name);
    return byName != null && byName.startsWith("text/html;") ? "text/html" : byName;
  }

  /** The content type by name, else sniffed from the file's first bytes. */
  String contentType(NodeView file, String name) {
    String byName = byName(name);
    if (byName != null) {
      return byName;
    }
    byte[] head;
    if (file.content() != null) {
      head =
          file.content().length <= ContentTypes.SNIFF_LENGTH
              ? file.content()
              : Arrays.copyOf(file.content(), ContentTypes.SNIFF_LENGTH);
    } else {
      try (InputStream in = exporter.open(file.cid(), 0, ContentTypes.SNIFF_LENGTH)) {
        head = in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return ContentTypes.of(null, head, head.length >= file.size());
  }

  /** The requested range, unless If-Range names another representation. */
  private static ByteRange range(ContentRequest cr, String etag, long size) {
    String header = cr.http().header(HttpHeaderNames.RANGE);
    if (header == null) {
      return null;
    }
    String ifRange = cr.http().header(HttpHeaderNames.IF_RANGE);
    if (ifRange != null && !ifRange.strip().equals(etag)) {
      return null;
    }
    return ByteRange.parse(header, size);
  }

  private static boolean notModifiedSince(ContentRequest cr, Instant mtime) {
    String since = cr.http().header(HttpHeaderNames.IF_MODIFIED_SINCE);
    if (since == null || cr.http().header(HttpHeaderNames.IF_NONE_MATCH) != null) {
      return false;
    }
    Date d = DateFormatter.parseHttpDate(since);
    return d != null && mtime.getEpochSecond() <= d.toInstant().getEpochSecond();
  }

  /**
   * {@code ?filename=} gives an inline disposition with that name, {@code ?download=true} an
   * attachment (named by the filename parameter, else by the path's last segment).
   */
  private static void disposition(ContentRequest cr, Response r, String name) {
    String filename = cr.filename();
    if (cr.download()) {
      r.header(
          HttpHeaderNames.CONTENT_DISPOSITION,
          ContentDisposition.attachment(filename != null ? filename : name));
    } else if (filename != null) {
      r.header(HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.inline(filename));
    }
  }

  private static byte[] slice(byte[] data, long from, long length) {
    if (from == 0 && length == data.length) {
      return data;
    }
    return Arrays.copyOfRange(data, (int) from, (int) (from + length));
  }
}
