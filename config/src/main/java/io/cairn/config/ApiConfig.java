package io.cairn.config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code API} section of the RPC API.
 *
 * @param httpHeaders {@code API.HTTPHeaders}: headers added to every RPC response
 * @param authorizations {@code API.Authorizations}: when not empty, each request must carry one of
 *     these secrets and ask for a path the secret allows
 */
public record ApiConfig(
    Map<String, List<String>> httpHeaders, Map<String, Authorization> authorizations) {

  public ApiConfig {
    httpHeaders = Maps.copyOfLists(httpHeaders);
    authorizations = Maps.copyOf(authorizations);
  }

  /**
   * One entry of {@code API.Authorizations}, in Kubo's shape.
   *
   * @param authSecret {@code AuthSecret}: {@code bearer:TOKEN}, {@code basic:USER:PASSWORD}, {@code
   *     basic:BASE64}, or a bare token (taken as bearer)
   * @param allowedPaths {@code AllowedPaths}: RPC path prefixes this secret may call, such as
   *     {@code /api/v0}
   */
  public record Authorization(String authSecret, List<String> allowedPaths) {
    public Authorization {
      Objects.requireNonNull(authSecret, "authSecret");
      allowedPaths = List.copyOf(allowedPaths);
      if (authSecret.isEmpty()) {
        throw new IllegalArgumentException("AuthSecret is empty");
      }
      int colon = authSecret.indexOf(':');
      if (colon >= 0) {
        String type = authSecret.substring(0, colon);
        if (!type.equals("bearer") && !type.equals("basic")) {
          throw new IllegalArgumentException(
              "AuthSecret has the unknown type '"
                  + type
                  + ":'; use bearer:TOKEN or basic:USER:PASSWORD");
        }
      }
    }

    /**
     * The {@code Authorization} header value a client sends with this secret ({@code Bearer ...} or
     * {@code Basic ...}), as Kubo's {@code ConvertAuthSecret} derives it.
     */
    public String authorizationHeader() {
      int colon = authSecret.indexOf(':');
      if (colon < 0) {
        return "Bearer " + authSecret;
      }
      String value = authSecret.substring(colon + 1);
      if (authSecret.startsWith("bearer:")) {
        return "Bearer " + value;
      }
      return value.contains(":")
          ? "Basic " + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))
          : "Basic " + value;
    }

    /** Whether this secret may call {@code path} (a prefix match, as Kubo checks it). */
    public boolean allows(String path) {
      return allowedPaths.stream().anyMatch(path::startsWith);
    }
  }
}
