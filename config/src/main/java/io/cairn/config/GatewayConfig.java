package io.cairn.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The basics of the {@code Gateway} section, in Kubo's shape.
 *
 * @param httpHeaders {@code Gateway.HTTPHeaders}: headers added to every gateway response
 * @param publicGateways {@code Gateway.PublicGateways}: behaviour per hostname
 * @param disabledPublicGateways hostnames set to {@code null} in {@code Gateway.PublicGateways},
 *     Kubo's way to switch off an implicit default such as {@code localhost}
 * @param rootRedirect {@code Gateway.RootRedirect}: where {@code /} redirects; empty for nowhere
 * @param noFetch {@code Gateway.NoFetch}: serve only blocks already stored
 * @param noDnsLink {@code Gateway.NoDNSLink}: do not resolve DNSLink from the Host header
 * @param deserializedResponses {@code Gateway.DeserializedResponses}: serve files and directories,
 *     not only verifiable blocks and CARs (Kubo's default: true)
 */
public record GatewayConfig(
    Map<String, List<String>> httpHeaders,
    Map<String, PublicGateway> publicGateways,
    Set<String> disabledPublicGateways,
    String rootRedirect,
    boolean noFetch,
    boolean noDnsLink,
    boolean deserializedResponses) {

  public GatewayConfig {
    httpHeaders = Maps.copyOfLists(httpHeaders);
    publicGateways = Maps.copyOf(publicGateways);
    disabledPublicGateways = Set.copyOf(disabledPublicGateways);
    Objects.requireNonNull(rootRedirect, "rootRedirect");
  }

  /**
   * One hostname in {@code Gateway.PublicGateways}, with unset flags resolved.
   *
   * @param paths {@code Paths}: path prefixes served on this hostname, such as {@code /ipfs}
   * @param useSubdomains {@code UseSubdomains}: redirect to {@code CID.ipfs.HOST}
   * @param noDnsLink {@code NoDNSLink}
   * @param inlineDnsLink {@code InlineDNSLink} (default false)
   * @param deserializedResponses {@code DeserializedResponses} (default: the gateway's)
   */
  public record PublicGateway(
      List<String> paths,
      boolean useSubdomains,
      boolean noDnsLink,
      boolean inlineDnsLink,
      boolean deserializedResponses) {
    public PublicGateway {
      paths = List.copyOf(paths);
    }
  }
}
