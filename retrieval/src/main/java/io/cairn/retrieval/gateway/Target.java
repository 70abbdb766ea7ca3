package io.cairn.retrieval.gateway;

import java.util.List;

/**
 * What a request asks for once its host is understood.
 *
 * @param segments the decoded content path, namespace first ({@code ["ipfs", cid, "a", ""]}): for a
 *     subdomain request the root from the host followed by the URL path
 * @param urlSegments the decoded URL path as requested (what links and redirects are built from)
 * @param originIsolated whether the content root is its own origin (a subdomain host), which
 *     enables {@code _redirects} files
 * @param gatewayUrl {@code //host} of the subdomain gateway for links back to path URLs, or "" on a
 *     path gateway
 */
record Target(
    List<String> segments, List<String> urlSegments, boolean originIsolated, String gatewayUrl) {
  Target {
    segments = List.copyOf(segments);
    urlSegments = List.copyOf(urlSegments);
  }

  /** The decoded URL path as requested: {@code /a/b/}. */
  String urlPath() {
    return "/" + String.join("/", urlSegments);
  }
}
