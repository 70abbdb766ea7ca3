package io.cairn.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Objects;

/**
 * Kubo's {@code Pinning} section: the remote pinning services ({@code Pinning.RemoteServices}) this
 * node may ask to pin, each an endpoint of the IPFS Pinning Service API and the key it takes. (The
 * service this node serves itself is {@link PinningServiceConfig}.)
 *
 * @param remoteServices {@code Pinning.RemoteServices}, by service name
 */
public record PinningConfig(Map<String, RemoteService> remoteServices) {
  public PinningConfig {
    remoteServices = Maps.copyOf(remoteServices);
  }

  public static PinningConfig defaults() {
    return new PinningConfig(Map.of());
  }

  /**
   * One {@code Pinning.RemoteServices.NAME}, as Kubo holds it. The endpoint is kept as written:
   * Kubo checks it ({@link #normalizeEndpoint}) where it is used, not when the config is read.
   *
   * @param endpoint {@code API.Endpoint}: the service's base URL, without {@code /pins}
   * @param key {@code API.Key}: the secret sent as {@code Authorization: Bearer KEY}
   * @param mfs {@code Policies.MFS}
   */
  public record RemoteService(String endpoint, String key, MfsPolicy mfs) {
    public RemoteService {
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(mfs, "mfs");
    }

    /** Without the key, which is a secret. */
    @Override
    public String toString() {
      return "RemoteService[endpoint=" + endpoint + ", mfs=" + mfs + "]";
    }
  }

  /**
   * {@code Policies.MFS}, Kubo's policy that keeps the MFS root pinned on the service; the daemon
   * acts on it (the node's {@code MfsPinning}), reading it again at each of its polls.
   *
   * @param enable {@code Enable}
   * @param pinName {@code PinName}; empty for Kubo's default {@code policy/{PeerID}/mfs}
   * @param repinInterval {@code RepinInterval}; empty for Kubo's default 5m
   */
  public record MfsPolicy(boolean enable, String pinName, String repinInterval) {
    public MfsPolicy {
      Objects.requireNonNull(pinName, "pinName");
      Objects.requireNonNull(repinInterval, "repinInterval");
    }

    public static MfsPolicy disabled() {
      return new MfsPolicy(false, "", "");
    }
  }

  /**
   * Kubo's check and clean-up of a service endpoint: an http or https URL, without query parameters
   * or the {@code /pins} suffix; duplicate and trailing slashes are dropped.
   *
   * @throws IllegalArgumentException with Kubo's message
   */
  public static String normalizeEndpoint(String endpoint) {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("service endpoint must be a valid HTTP URL", e);
    }
    String scheme = uri.getScheme();
    if (uri.getHost() == null || !("http".equals(scheme) || "https".equals(scheme))) {
      throw new IllegalArgumentException("service endpoint must be a valid HTTP URL");
    }
    if (uri.getRawQuery() != null && !uri.getRawQuery().isEmpty()) {
      throw new IllegalArgumentException(
          "service endpoint should be provided without any query parameters");
    }
    String path = cleanPath(uri.getRawPath() == null ? "" : uri.getRawPath());
    if (path.endsWith("/pins")) {
      throw new IllegalArgumentException(
          "service endpoint should be provided without the /pins suffix");
    }
    return scheme + "://" + uri.getRawAuthority() + path;
  }

  /**
   * Go's {@code path.Clean} for what an endpoint path holds (no {@code ..} resolution needed beyond
   * it), then without a trailing slash: "" and "/" become "".
   */
  private static String cleanPath(String path) {
    java.util.Deque<String> parts = new java.util.ArrayDeque<>();
    for (String part : path.split("/")) {
      if (part.isEmpty() || part.equals(".")) {
        continue;
      }
      if (part.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(part);
      }
    }
    return parts.isEmpty() ? "" : "/" + String.join("/", parts);
  }
}
