package io.cairn.retrieval.gateway;

import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCodecs;
import io.cairn.storage.codec.DagJson;
import io.cairn.storage.codec.Strictness;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * Responses for blocks of the JSON and CBOR codecs: the block as it is, typed by its codec or by
 * the format asked for when the two agree; a 406 when they do not, since this gateway converts
 * nothing (IPIP-524); and for a browser asking for HTML, a page showing a DAG-JSON or DAG-CBOR
 * document.
 */
final class CodecResponder {
  private static final String HINT =
      "codec conversion is not supported, fetch the raw block with ?format=raw and convert"
          + " client-side";

  private final FileResponder files;

  CodecResponder(FileResponder files) {
    this.files = files;
  }

  static boolean isCodecDocument(long codec) {
    return codec == Multicodec.DAG_JSON.code()
        || codec == Multicodec.DAG_CBOR.code()
        || codec == Multicodec.JSON.code()
        || codec == Multicodec.CBOR.code();
  }

  /** The media type a codec's blocks are served as by default. */
  static ResponseFormat formatOf(long codec) {
    if (codec == Multicodec.DAG_JSON.code()) {
      return ResponseFormat.DAG_JSON;
    }
    if (codec == Multicodec.DAG_CBOR.code()) {
      return ResponseFormat.DAG_CBOR;
    }
    if (codec == Multicodec.JSON.code()) {
      return ResponseFormat.JSON;
    }
    if (codec == Multicodec.CBOR.code()) {
      return ResponseFormat.CBOR;
    }
    return null;
  }

  /** Whether a block of {@code codec} can be sent as-is for {@code format}. */
  static boolean servesAs(long codec, ResponseFormat format) {
    return switch (format) {
      case JSON -> codec == Multicodec.JSON.code() || codec == Multicodec.DAG_JSON.code();
      case CBOR -> codec == Multicodec.CBOR.code() || codec == Multicodec.DAG_CBOR.code();
      case DAG_JSON -> codec == Multicodec.DAG_JSON.code();
      case DAG_CBOR -> codec == Multicodec.DAG_CBOR.code();
      default -> false;
    };
  }

  Response serve(ContentRequest cr, Resolved resolved, NodeView block) {
    Cid cid = block.cid();
    if (!resolved.remainder().isEmpty()) {
      throw GatewayException.notImplemented(
          "\"/"
              + String.join("/", resolved.remainder())
              + "\" of "
              + cid
              + " could not be returned: reading IPLD kinds other than links is not implemented;"
              + " request the document itself");
    }
    ResponseFormat asked = cr.format().format();
    ResponseFormat as;
    if (asked == ResponseFormat.DEFAULT) {
      as = formatOf(cid.codec());
      boolean dag =
          cid.codec() == Multicodec.DAG_JSON.code() || cid.codec() == Multicodec.DAG_CBOR.code();
      String accept = cr.http().header(HttpHeaderNames.ACCEPT);
      if (dag && accept != null && accept.contains("text/html") && !cr.download()) {
        return html(cr, resolved, block);
      }
    } else if (servesAs(cid.codec(), asked)) {
      as = asked;
    } else {
      throw GatewayException.notAcceptable(
          "format \""
              + asked.param()
              + "\" requested but block "
              + cid
              + " has codec "
              + Multicodec.nameOf(cid.codec())
              + ": "
              + HINT);
    }
    Response r = files.bytes(cr, resolved, block.block(), ETags.of(cid, as.param()), "path");
    r.header(HttpHeaderNames.CONTENT_TYPE, as.mediaType());
    r.header("X-Content-Type-Options", "nosniff");
    boolean json = as == ResponseFormat.JSON || as == ResponseFormat.DAG_JSON;
    String name = cr.filename() != null ? cr.filename() : cid + (json ? ".json" : ".cbor");
    r.header(
        HttpHeaderNames.CONTENT_DISPOSITION,
        json && !cr.download()
            ? ContentDisposition.inline(name)
            : ContentDisposition.attachment(name));
    return r;
  }

  /** A page showing the document as DAG-JSON with links to download it. */
  private Response html(ContentRequest cr, Resolved resolved, NodeView block) {
    Cid cid = block.cid();
    String rendered;
    try {
      rendered = DagJson.encodeToString(DagCodecs.decode(cid, block.block(), Strictness.LENIENT));
    } catch (CodecException e) {
      rendered = "(the block does not decode: " + e.getMessage() + ")";
    }
    String codec = Multicodec.nameOf(cid.codec());
    String self = UrlCodec.escapePath(cr.target().urlPath());
    String html =
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>"
            + Html.escape(cr.path().toString())
            + "</title></head>\n<body>\n<h1>"
            + Html.escape(codec)
            + " document</h1>\n<p><code>"
            + Html.escape(cid.toString())
            + "</code></p>\n<p>Download as <a href=\""
            + Html.escape(self + "?format=" + formatOf(cid.codec()).param() + "&download=true")
            + "\">"
            + Html.escape(codec)
            + "</a> or as a <a href=\""
            + Html.escape(self + "?format=car")
            + "\">CAR</a>.</p>\n<pre>"
            + Html.escape(rendered)
            + "</pre>\n</body>\n</html>\n";
    Response r = cr.response(HttpResponseStatus.OK, "path", resolved);
    r.header(HttpHeaderNames.ETAG, dagIndexEtag(cid));
    r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.LISTING_CACHE);
    byte[] body = html.getBytes(StandardCharsets.UTF_8);
    r.header(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return r.bytes("text/html", body);
  }

  static String dagIndexEtag(Cid cid) {
    return "\"DagIndex-" + DirectoryListing.VERSION + "_CID-" + cid + "\"";
  }
}
