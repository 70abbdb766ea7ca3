package io.cairn.retrieval.gateway;

import io.cairn.retrieval.PublicGateway;
import io.cairn.retrieval.ipns.DnsLink;
import io.cairn.retrieval.ipns.IpnsException;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Sorts requests by their host, as the subdomain gateway spec and Kubo's {@code
 * Gateway.PublicGateways} do: a path request to a subdomain gateway host redirects to {@code
 * {cidv1}.ipfs.{host}}; a request to such a subdomain serves the CID's content at the URL root; a
 * known host serves only its configured path prefixes; any other host whose name has a DNSLink
 * record is that website, its content at the root (as on a subdomain); the rest is a plain path
 * gateway.
 */
final class HostRouter {
  /** DNS labels are at most 63 characters (RFC 1034). */
  static final int DNS_LABEL_MAX = 63;

  /** Where a request goes: content to serve, or a response decided by the host alone. */
  sealed interface Route {}

  record Serve(Target target) implements Route {}

  record Answer(Response response) implements Route {}

  private final Map<String, PublicGateway> exact = new LinkedHashMap<>();
  private final Map<Pattern, PublicGateway> wildcards = new LinkedHashMap<>();
  private final DnsLinkHosts dnsLinks;

  /** A router without DNSLink websites. */
  HostRouter(Map<String, PublicGateway> gateways) {
    this(gateways, DnsLinkHosts.NONE);
  }

  HostRouter(Map<String, PublicGateway> gateways, DnsLinkHosts dnsLinks) {
    this.dnsLinks = dnsLinks;
    gateways.forEach(
        (host, gw) -> {
          if (host.contains("*")) {
            String regex = host.replace(".", "\\.").replace("*", "[^.]+");
            wildcards.put(Pattern.compile("^" + regex + "(?::\\d+)?$"), gw);
          } else {
            exact.put(host, gw);
          }
        });
  }

  Route route(GatewayRequest req) {
    List<String> url = UrlCodec.decodeSegments(req.rawPath());
    String host = req.host();
    Response protocolHandler = protocolHandlerRedirect(req, url);
    if (protocolHandler != null) {
      return new Answer(protocolHandler);
    }
    PublicGateway gw = known(host);
    if (gw != null) {
      if (!hasPrefix(url, gw.paths())) {
        return new Answer(Errors.notFound("404 page not found"));
      }
      if (gw.useSubdomains()) {
        String location = subdomainUrl(host, url, req);
        if (location != null) {
          return new Answer(Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY, location));
        }
      }
      return new Serve(new Target(url, url, false, ""));
    }
    Route sub = subdomain(host, url, req);
    if (sub != null) {
      return sub;
    }
    String domain = dnsLinks.domain(host);
    if (domain != null) {
      return atRoot("ipns", domain, url, ""); // a DNSLink website
    }
    return new Serve(new Target(url, url, false, ""));
  }

  private PublicGateway known(String host) {
    PublicGateway gw = exact.get(host);
    if (gw == null) {
      gw = exact.get(stripPort(host));
    }
    if (gw == null) {
      for (Map.Entry<Pattern, PublicGateway> e : wildcards.entrySet()) {
        if (e.getKey().matcher(host).matches()) {
          return e.getValue();
        }
      }
    }
    return gw;
  }

  /** {@code {root}.{ns}.{gateway}}: the longest known gateway suffix wins. */
  private Route subdomain(String host, List<String> url, GatewayRequest req) {
    String[] labels = host.split("\\.", -1);
    for (int i = labels.length - 1; i >= 2; i--) {
      String gatewayHost = String.join(".", Arrays.copyOfRange(labels, i, labels.length));
      PublicGateway gw = known(gatewayHost);
      if (gw == null) {
        continue;
      }
      String ns = labels[i - 1];
      if (!ns.equals("ipfs") && !ns.equals("ipns")) {
        continue;
      }
      String rootId = String.join(".", Arrays.copyOfRange(labels, 0, i - 1));
      if (!gw.useSubdomains() || !hasPrefix(List.of(ns, rootId), gw.paths())) {
        return new Answer(Errors.notFound("404 page not found"));
      }
      if (ns.equals("ipns")) {
        return ipnsSubdomain(rootId, gatewayHost, url, req);
      }
      Cid cid;
      try {
        cid = Cid.parse(rootId);
      } catch (InvalidCidException e) {
        return new Answer(
            Errors.text(
                HttpResponseStatus.BAD_REQUEST,
                "invalid path \"/ipfs/" + rootId + "\": " + e.getMessage()));
      }
      if (rootId.length() > DNS_LABEL_MAX) {
        String label = dnsLabel(cid);
        String location = subdomainUrl(req, label, "ipfs", gatewayHost, url);
        return new Answer(Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY, location));
      }
      return atRoot("ipfs", rootId, url, "//" + gatewayHost);
    }
    return null;
  }

  /**
   * {@code NAME.ipns.host}: the name's content, its root the name; a name written otherwise than as
   * Kubo writes it (a base58 peer ID, another base) is redirected to its base36 label. Any other
   * name is a DNSLink domain, inlined into one label ({@code en-wikipedia--on--ipfs-org}) or not.
   */
  private static Route ipnsSubdomain(
      String rootId, String gatewayHost, List<String> url, GatewayRequest req) {
    PeerId name;
    try {
      name = IpnsRecord.parseName(rootId);
    } catch (IpnsException e) {
      String domain = rootId.indexOf('.') < 0 ? DnsLinkLabels.uninline(rootId) : rootId;
      if (!DnsLink.isDomainName(domain)) {
        return new Answer(
            Errors.text(HttpResponseStatus.BAD_REQUEST, IpnsGateway.notAName(rootId, e)));
      }
      return atRoot("ipns", domain, url, "//" + gatewayHost);
    }
    String label = IpnsRecord.formatName(name);
    if (!label.equals(rootId)) {
      String location = subdomainUrl(req, label, "ipns", gatewayHost, url);
      return new Answer(Response.redirect(HttpResponseStatus.MOVED_PERMANENTLY, location));
    }
    return atRoot("ipns", rootId, url, "//" + gatewayHost);
  }

  /**
   * The subdomain URL for a path request ({@code /ipfs/{cid}/rest?query}, {@code
   * /ipns/{name}/rest?query}), or null when the path does not name a CID, a key or a domain (the
   * path gateway then reports what is wrong). A domain is inlined into one DNS label, so that it
   * works over TLS with a wildcard certificate (boxo does so with {@code InlineDNSLink} or HTTPS).
   *
   * @throws GatewayException 400 for a domain too long to inline into one label
   */
  static String subdomainUrl(String host, List<String> url, GatewayRequest req) {
    if (url.size() >= 2 && url.get(0).equals("ipns")) {
      String label;
      try {
        label = IpnsRecord.formatName(IpnsRecord.parseName(url.get(1)));
      } catch (IpnsException notAKey) {
        if (!DnsLink.isDomainName(url.get(1))) {
          return null;
        }
        label = DnsLinkLabels.inline(url.get(1));
        if (label.length() > DNS_LABEL_MAX) {
          throw GatewayException.badRequest(
              "DNSLink representation incompatible with DNS label length limit of "
                  + DNS_LABEL_MAX
                  + ": "
                  + label);
        }
      }
      return subdomainUrl(req, label, "ipns", host, url.subList(2, url.size()));
    }
    if (url.size() < 2 || !url.get(0).equals("ipfs")) {
      return null;
    }
    Cid cid;
    try {
      cid = Cid.parse(url.get(1));
    } catch (InvalidCidException e) {
      return null;
    }
    return subdomainUrl(req, dnsLabel(cid), "ipfs", host, url.subList(2, url.size()));
  }

  /** {@code scheme://label.namespace.host/rest?query}: a root on a subdomain gateway. */
  private static String subdomainUrl(
      GatewayRequest req, String label, String namespace, String host, List<String> rest) {
    return scheme(req)
        + "://"
        + label
        + "."
        + namespace
        + "."
        + host
        + UrlCodec.escapeSegments(rest.isEmpty() ? List.of("") : rest)
        + req.querySuffix();
  }

  /**
   * Serves {@code /namespace/root} at the URL's root, as its own origin ({@code _redirects} apply):
   * a subdomain or a DNSLink website.
   */
  private static Route atRoot(String namespace, String root, List<String> url, String gatewayUrl) {
    List<String> segments = new ArrayList<>(List.of(namespace, root));
    segments.addAll(url.isEmpty() ? List.of("") : url);
    return new Serve(new Target(segments, url, true, gatewayUrl));
  }

  /**
   * The CID as a DNS label: CIDv1 in base32, or base36 when base32 is longer than a label may be.
   *
   * @throws GatewayException 400 when neither fits, as the subdomain gateway spec asks
   */
  static String dnsLabel(Cid cid) {
    Cid v1 = cid.toV1();
    String b32 = v1.toString(Multibase.BASE32);
    if (b32.length() <= DNS_LABEL_MAX) {
      return b32;
    }
    String b36 = v1.toString(Multibase.BASE36);
    if (b36.length() <= DNS_LABEL_MAX) {
      return b36;
    }
    throw GatewayException.badRequest(
        "CID incompatible with DNS label length limit of " + DNS_LABEL_MAX + ": " + b36);
  }

  private static String scheme(GatewayRequest req) {
    return req.isHttps() ? "https" : "http";
  }

  private static boolean hasPrefix(List<String> url, List<String> prefixes) {
    String path = "/" + String.join("/", url);
    for (String prefix : prefixes) {
      String p = prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
      if (path.equals(p) || path.startsWith(p + "/")) {
        return true;
      }
    }
    return false;
  }

  /**
   * {@code /ipfs/?uri=ipfs://{cid}/path}: the redirect web browsers' registered protocol handlers
   * rely on.
   */
  private static Response protocolHandlerRedirect(GatewayRequest req, List<String> url) {
    String uri = req.param("uri");
    if (uri == null
        || url.isEmpty()
        || !(url.get(0).equals("ipfs") || url.get(0).equals("ipns"))
        || !(url.size() == 1 || (url.size() == 2 && url.get(1).isEmpty()))) {
      return null;
    }
    int sep = uri.indexOf("://");
    String scheme = sep < 0 ? "" : uri.substring(0, sep);
    if (!scheme.equals("ipfs") && !scheme.equals("ipns")) {
      return Errors.text(
          HttpResponseStatus.BAD_REQUEST,
          "uri query parameter scheme must be ipfs or ipns, not \"" + uri + "\"");
    }
    String rest = uri.substring(sep + 3);
    String query = "";
    int q = rest.indexOf('?');
    if (q >= 0) {
      query = "?" + UrlCodec.escapePath(rest.substring(q + 1));
      rest = rest.substring(0, q);
    }
    if (rest.isEmpty() || rest.indexOf('\r') >= 0 || rest.indexOf('\n') >= 0) {
      return Errors.text(
          HttpResponseStatus.BAD_REQUEST, "uri query parameter \"" + uri + "\" names no content");
    }
    return Response.redirect(
        HttpResponseStatus.MOVED_PERMANENTLY,
        "/" + scheme + "/" + UrlCodec.escapePath(rest) + query);
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int close = host.indexOf(']');
      return close < 0 ? host : host.substring(0, close + 1);
    }
    int colon = host.lastIndexOf(':');
    return colon < 0 ? host : host.substring(0, colon);
  }
}
