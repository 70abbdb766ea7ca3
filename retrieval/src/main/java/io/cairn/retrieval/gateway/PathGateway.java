package io.cairn.retrieval.gateway;

import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.gateway.ContentResolver.Resolved;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Locale;

/**
 * The path gateway ({@code /ipfs/{cid}[/path]}) and its trustless subset: checks the path, picks
 * the response format, resolves the path (through {@code _redirects} on isolated origins), answers
 * conditional requests, and hands the content to the responder for its format and kind.
 */
final class PathGateway {
  private final BlockStore blocks;
  private final boolean deserialized;
  private final IpnsGateway ipns;
  private final ContentResolver resolver;
  private final FileResponder files;
  private final DirectoryResponder directories;
  private final CodecResponder codecs;
  private final CarResponder cars;
  private final TarResponder tars;
  private final WebRedirects redirects;

  PathGateway(BlockStore blocks, boolean deserialized, NameResolver names) {
    this.blocks = blocks;
    this.ipns = new IpnsGateway(names);
    this.deserialized = deserialized;
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    this.resolver = new ContentResolver(blocks, exporter, 8192);
    this.files = new FileResponder(blocks, exporter);
    this.directories = new DirectoryResponder(blocks, exporter, files);
    this.codecs = new CodecResponder(files);
    this.cars = new CarResponder(blocks);
    this.tars = new TarResponder(exporter);
    this.redirects = new WebRedirects(blocks, exporter, resolver, files);
  }

  Response serve(GatewayRequest req, Target target) {
    List<String> segs = target.segments();
    String ns = segs.isEmpty() ? "" : segs.get(0);
    if (ns.equals("ipns")) {
      List<ResponseFormat.Negotiated> choices =
          ResponseFormat.negotiate(
              req.param("format"), req.headers().getAll(HttpHeaderNames.ACCEPT));
      return ipns.serve(req, target, choices, t -> serveIpfs(req, t));
    }
    if (!ns.equals("ipfs")) {
      return Errors.notFound("404 page not found");
    }
    return serveIpfs(req, target);
  }

  /** Serves a target in the {@code /ipfs/} namespace. */
  private Response serveIpfs(GatewayRequest req, Target target) {
    List<String> segs = target.segments();
    String original = "/" + String.join("/", segs);
    if (!target.originIsolated()
        && segs.size() > 2
        && (segs.get(1).equals("ipfs") || segs.get(1).equals("ipns"))) {
      // /ipfs/ipfs/{cid}: fix the doubled namespace.
      String fixed = UrlCodec.escapeSegments(segs.subList(1, segs.size()));
      return Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY, fixed + req.querySuffix());
    }
    if ("script".equals(req.header("Service-Worker"))
        && segs.size() == 2
        && !target.originIsolated()) {
      throw GatewayException.badRequest(
          "navigator.serviceWorker: registration is not allowed for this scope");
    }
    ContentPath path = ContentPath.parse(segs.subList(1, segs.size()), original);
    List<String> accept = req.headers().getAll(HttpHeaderNames.ACCEPT);
    List<ResponseFormat.Negotiated> choices = ResponseFormat.negotiate(req.param("format"), accept);
    if (!deserialized) {
      choices = choices.stream().filter(n -> isTrustless(n.format(), path)).toList();
      if (choices.isEmpty()) {
        String message =
            "only trustless requests are accepted on this gateway: ask for"
                + " application/vnd.ipld.raw (a block, no path) or application/vnd.ipld.car,"
                + " https://specs.ipfs.tech/http-gateways/trustless-gateway/";
        // The trustless gateway spec: 400 when the request says nothing of the format it wants.
        throw accept.isEmpty() && !req.hasParam("format")
            ? GatewayException.badRequest(message)
            : GatewayException.notAcceptable(message);
      }
    }
    if (choices.get(0).format() == ResponseFormat.IPNS_RECORD) {
      throw GatewayException.badRequest(
          "an IPNS record can only be requested for an /ipns/ name, and " + path + " is not one");
    }
    // The first choice the content can be served as: an axios request for an image
    // (Accept: application/json, text/plain, */*) gets the image, not a 406.
    for (int i = 0; ; i++) {
      try {
        return serve(new ContentRequest(req, target, path, choices.get(i)));
      } catch (GatewayException e) {
        if (e.status().code() != 406 || i == choices.size() - 1) {
          throw e;
        }
      }
    }
  }

  private Response serve(ContentRequest cr) {
    ResponseFormat format = cr.format().format();
    Target target = cr.target();
    ContentPath path = cr.path();
    Response cached = onlyIfCached(cr);
    if (cached != null) {
      return cached;
    }
    if (format == ResponseFormat.CAR) {
      return cars.serve(cr);
    }
    Resolved resolved;
    try {
      resolved = resolver.resolve(path);
    } catch (GatewayException e) {
      if (e.status().code() != 404
          || !target.originIsolated()
          || format != ResponseFormat.DEFAULT) {
        throw e;
      }
      WebRedirects.Outcome outcome = redirects.apply(cr);
      if (outcome == null) {
        throw e;
      }
      if (outcome.response() != null) {
        return outcome.response();
      }
      cr = cr.withPath(outcome.rewritten());
      resolved = outcome.resolved();
    }
    Response notModified = ifNoneMatch(cr, resolved);
    if (notModified != null) {
      return notModified;
    }
    return switch (format) {
      case RAW -> files.rawBlock(cr, resolved);
      case TAR -> tars.serve(cr, resolved, NodeView.load(blocks, resolved.terminal()));
      case DAG_JSON, DAG_CBOR ->
          codecs.serve(cr, resolved, NodeView.load(blocks, resolved.terminal()));
      default -> deserialized(cr, resolved);
    };
  }

  /** Files, directories, symlinks and documents, as their codec and UnixFS type say. */
  private Response deserialized(ContentRequest cr, Resolved resolved) {
    Cid cid = resolved.terminal();
    NodeView view = NodeView.load(blocks, cid);
    ResponseFormat format = cr.format().format();
    if (CodecResponder.isCodecDocument(cid.codec())) {
      return codecs.serve(cr, resolved, view);
    }
    if (format == ResponseFormat.CBOR) {
      throw GatewayException.notAcceptable(
          "format \"cbor\" requested but "
              + cid
              + " is UnixFS, not CBOR; fetch it with ?format=raw");
    }
    Response r =
        switch (view.kind()) {
          case FILE, RAW ->
              files.file(cr, resolved, view, ETags.of(cid, ""), cr.path().lastSegment(), null);
          case DIRECTORY, HAMT_DIRECTORY -> directories.serve(cr, resolved, view);
          case SYMLINK -> files.symlink(cr, resolved, view);
          default ->
              throw GatewayException.notImplemented(
                  cid
                      + " ("
                      + Multicodec.nameOf(cid.codec())
                      + ") is not a UnixFS file or directory and cannot be shown; fetch it with"
                      + " ?format=raw or ?format=car");
        };
    if (format == ResponseFormat.JSON) {
      String type = r.headers().get(HttpHeaderNames.CONTENT_TYPE);
      if (r.status().code() >= 300 || type == null || !type.startsWith("application/json")) {
        throw GatewayException.notAcceptable(
            "format \"json\" requested but " + cr.path() + " is not a JSON file");
      }
    }
    return r;
  }

  /** 304 when If-None-Match names what this request would return. */
  private Response ifNoneMatch(ContentRequest cr, Resolved resolved) {
    String header = cr.http().header(HttpHeaderNames.IF_NONE_MATCH);
    if (header == null) {
      return null;
    }
    Cid cid = resolved.terminal();
    if (ETags.hasWildcard(header) && !blocks.has(cid)) {
      // "*" matches only a representation that exists: load the block (fetching it, or failing
      // with 404 or 504) before answering 304.
      blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
    }
    // A range response carries the range in its tag; the responder compares it once the range and
    // the content's size are known.
    boolean ranged =
        cr.http().header(HttpHeaderNames.RANGE) != null
            && cr.format().format() != ResponseFormat.TAR;
    String etag = etagFor(cr.format().format(), cid);
    if (!ranged && ETags.noneMatch(header, etag)) {
      return files.notModified(cr, resolved, etag);
    }
    if (cr.format().format() == ResponseFormat.DEFAULT) {
      String listing = DirectoryListing.etag(cid);
      String dagIndex = CodecResponder.dagIndexEtag(cid);
      for (String tag : new String[] {listing, dagIndex}) {
        if (ETags.noneMatch(header, tag)) {
          Response r = files.notModified(cr, resolved, tag);
          r.header(HttpHeaderNames.CACHE_CONTROL, ContentRequest.LISTING_CACHE);
          return r;
        }
      }
    }
    return null;
  }

  /** The entity tag of a whole response of this format for the CID. */
  static String etagFor(ResponseFormat format, Cid cid) {
    return switch (format) {
      case DEFAULT -> {
        ResponseFormat f = CodecResponder.formatOf(cid.codec());
        yield ETags.of(cid, f == null ? "" : f.param());
      }
      case TAR -> ETags.weak(ETags.of(cid, "x-tar"));
      default -> ETags.of(cid, format.param());
    };
  }

  /**
   * {@code Cache-Control: only-if-cached}: 412 when the content is not held here (the root block
   * and the path's blocks), 200 without a body for a HEAD when it is.
   */
  private Response onlyIfCached(ContentRequest cr) {
    String cc = cr.http().header(HttpHeaderNames.CACHE_CONTROL);
    if (cc == null || !cc.toLowerCase(Locale.ROOT).contains("only-if-cached")) {
      return null;
    }
    boolean held;
    try {
      Resolved r = resolver.resolve(cr.path());
      held = blocks.has(r.terminal());
    } catch (GatewayException e) {
      if (e.status().code() != 404) {
        throw e;
      }
      held = false;
    }
    if (!held) {
      Response r =
          cr.http().isHead()
              ? new Response(HttpResponseStatus.PRECONDITION_FAILED, "error")
              : Errors.text(
                  HttpResponseStatus.PRECONDITION_FAILED,
                  "\"" + cr.path() + "\" is not in this node's local datastore");
      return r;
    }
    return cr.http().isHead() ? new Response(HttpResponseStatus.OK, "path") : null;
  }

  private static boolean isTrustless(ResponseFormat format, ContentPath path) {
    return format == ResponseFormat.CAR
        || (format == ResponseFormat.RAW && path.segments().isEmpty());
  }
}
