package io.cairn.config;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * The {@code PinningService} section, Cairn's own: the IPFS Pinning Service API the daemon serves
 * on the API port under {@code /pinning}. (Kubo's {@code Pinning.RemoteServices} is the other side:
 * services a node pins to.)
 *
 * @param tokens {@code PinningService.Tokens}: a name (one per device or app, so each can be
 *     revoked alone) to the access token that client sends as {@code Authorization: Bearer TOKEN};
 *     with none, every request is refused
 * @param pinTimeout {@code PinningService.PinTimeout}: how long a request may wait for blocks this
 *     node does not hold before it fails (default 10m)
 */
public record PinningServiceConfig(Map<String, String> tokens, Duration pinTimeout) {
  public static final Duration DEFAULT_PIN_TIMEOUT = Duration.ofMinutes(10);

  public PinningServiceConfig {
    tokens = Maps.copyOf(tokens);
    Objects.requireNonNull(pinTimeout, "pinTimeout");
    tokens.forEach(
        (name, token) -> {
          if (token.isBlank()) {
            throw new IllegalArgumentException("PinningService.Tokens." + name + " is empty");
          }
          if (!token.strip().equals(token) || token.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException(
                "PinningService.Tokens."
                    + name
                    + " must be printable ASCII without spaces (it is sent in an HTTP header)");
          }
        });
    if (pinTimeout.isNegative() || pinTimeout.isZero()) {
      throw new IllegalArgumentException("PinningService.PinTimeout must be longer than zero");
    }
  }

  public static PinningServiceConfig defaults() {
    return new PinningServiceConfig(Map.of(), DEFAULT_PIN_TIMEOUT);
  }
}
