package io.cairn.retrieval;

import java.util.List;
import java.util.Objects;

/**
 * How the gateway treats requests for one hostname, as an entry of Kubo's {@code
 * Gateway.PublicGateways}.
 *
 * @param paths the content path prefixes served on the hostname ({@code /ipfs}, {@code /ipns});
 *     other paths get 404
 * @param useSubdomains whether the hostname is a subdomain gateway: path requests redirect to
 *     {@code {cid}.ipfs.{hostname}} and content is served at the root of such hosts, each root CID
 *     its own origin
 */
public record PublicGateway(List<String> paths, boolean useSubdomains) {
  /** Kubo's default paths. */
  public static final List<String> DEFAULT_PATHS = List.of("/ipfs", "/ipns");

  /** A subdomain gateway on the default paths, as Kubo configures {@code localhost}. */
  public static final PublicGateway SUBDOMAIN = new PublicGateway(DEFAULT_PATHS, true);

  public PublicGateway {
    paths = List.copyOf(Objects.requireNonNull(paths, "paths"));
    for (String p : paths) {
      if (!p.startsWith("/")) {
        throw new IllegalArgumentException(
            "public gateway path '" + p + "' must start with '/' (as /ipfs or /ipns)");
      }
    }
  }
}
