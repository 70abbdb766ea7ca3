package io.cairn.retrieval.gateway;

import io.cairn.retrieval.NameResolver;
import io.cairn.retrieval.ipns.DnsLink;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.retrieval.ipns.NameSystem;
import io.cairn.storage.PeerId;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The {@code /ipns/} namespace of the path gateway: a name's signed record ({@code
 * ?format=ipns-record}, the trustless gateway's), or its content, resolved to an {@code /ipfs/}
 * path and served as that path is, with {@code X-Ipfs-Path} the path asked for and {@code
 * Cache-Control} the record's TTL instead of "immutable". A domain name is resolved through its
 * DNSLink the same way (its TXT record's TTL then counts); it has no signed record to serve.
 */
final class IpnsGateway {
  /** How long a request waits for a name (the DHT lookup's own limit is one minute). */
  static final Duration TIMEOUT = Duration.ofSeconds(65);

  private final NameResolver names;

  IpnsGateway(NameResolver names) {
    this.names = names;
  }

  /**
   * Serves {@code /ipns/NAME[/rest]}; {@code ipfs} serves a target in the {@code /ipfs/} namespace.
   */
  Response serve(
      GatewayRequest req,
      Target target,
      List<ResponseFormat.Negotiated> choices,
      Function<Target, Response> ipfs) {
    List<String> segs = target.segments();
    String original = "/" + String.join("/", segs);
    if (segs.size() < 2 || segs.get(1).isEmpty()) {
      throw GatewayException.badRequest(
          "invalid path \"" + original + "\": path does not have enough components");
    }
    String nameText = segs.get(1);
    PeerId name = null;
    try {
      name = IpnsRecord.parseName(nameText);
    } catch (IpnsException e) {
      if (!DnsLink.isDomainName(nameText)) {
        throw GatewayException.badRequest(notAName(nameText, e));
      }
    }
    if (!choices.isEmpty() && choices.get(0).format() == ResponseFormat.IPNS_RECORD) {
      if (name == null) {
        throw GatewayException.badRequest(
            nameText
                + " is a DNSLink name, which has no IPNS record: ask for the record of an IPNS"
                + " key (/ipns/{libp2p-key}?format=ipns-record)");
      }
      if (segs.size() > 2 && !(segs.size() == 3 && segs.get(2).isEmpty())) {
        throw GatewayException.badRequest(
            "an IPNS record can only be requested for a name, not a path below it: " + original);
      }
      return record(name, await(names.record(name), original));
    }
    NameSystem.Resolution resolved = await(names.resolve(original), original);
    List<String> ipfsSegments = new ArrayList<>();
    for (String s : resolved.path().substring(1).split("/", -1)) {
      ipfsSegments.add(s);
    }
    if (!ipfsSegments.get(0).equals("ipfs")) {
      throw new GatewayException(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "failed to resolve " + original + ": it points to " + resolved.path());
    }
    Response r =
        ipfs.apply(
            new Target(
                ipfsSegments, target.urlSegments(), target.originIsolated(), target.gatewayUrl()));
    if (r.headers().contains("X-Ipfs-Path")) {
      r.header("X-Ipfs-Path", UrlCodec.escapeSegments(segs));
    }
    if (ContentRequest.IMMUTABLE.equals(r.headers().get(HttpHeaderNames.CACHE_CONTROL))) {
      r.header(HttpHeaderNames.CACHE_CONTROL, maxAge(resolved.ttl()));
    }
    return r;
  }

  /** Why a name that is neither a key nor a domain name is refused. */
  static String notAName(String nameText, IpnsException notAKey) {
    return "invalid path \"/ipns/"
        + nameText
        + "\": "
        + nameText
        + " is neither an IPNS key ("
        + notAKey.getMessage()
        + ") nor a DNSLink domain name (as example.com)";
  }

  private static Response record(PeerId name, IpnsRecord record) {
    String label = IpnsRecord.formatName(name);
    Response r =
        new Response(HttpResponseStatus.OK, "ipns-record")
            .bytes(ResponseFormat.IPNS_RECORD.mediaType(), record.bytes());
    r.header(HttpHeaderNames.CACHE_CONTROL, maxAge(record.ttl()));
    r.header(
        HttpHeaderNames.CONTENT_DISPOSITION, ContentDisposition.attachment(label + ".ipns-record"));
    r.header("X-Ipfs-Path", "/ipns/" + label);
    r.header(HttpHeaderNames.VARY, "Accept");
    return r;
  }

  private static String maxAge(Duration ttl) {
    return "public, max-age=" + (ttl == null ? 60 : Math.max(0, ttl.toSeconds()));
  }

  private static <T> T await(CompletableFuture<T> f, String path) {
    try {
      return f.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new GatewayException(
          HttpResponseStatus.GATEWAY_TIMEOUT,
          "failed to resolve " + path + ": no record found within " + TIMEOUT.toSeconds() + " s");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new GatewayException(HttpResponseStatus.SERVICE_UNAVAILABLE, "interrupted");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() == null ? e : e.getCause();
      if (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
        cause = cause.getCause();
      }
      throw new GatewayException(
          HttpResponseStatus.INTERNAL_SERVER_ERROR,
          "failed to resolve " + path + ": " + cause.getMessage());
    }
  }
}
