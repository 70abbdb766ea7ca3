package io.cairn.config;

import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * The {@code Pubsub} section, Kubo's keys.
 *
 * @param enabled {@code Pubsub.Enabled}: whether the daemon runs pubsub (default false; the
 *     daemon's {@code --enable-pubsub-experiment} turns it on too)
 * @param router {@code Pubsub.Router}: {@code gossipsub} (Kubo's default, also for {@code ""}) or
 *     {@code floodsub}, the router the daemon runs
 * @param seenMessagesTtl {@code Pubsub.SeenMessagesTTL}: how long a message ID is remembered so the
 *     message is not delivered or forwarded twice (default 120 s, go-libp2p-pubsub's)
 */
public record PubsubConfig(boolean enabled, Router router, Duration seenMessagesTtl) {
  public static final Duration DEFAULT_SEEN_MESSAGES_TTL = Duration.ofSeconds(120);

  /** The routers Kubo names. */
  public enum Router {
    GOSSIPSUB,
    FLOODSUB;

    /** Kubo's names; {@code ""} (or null) is the default, gossipsub. */
    public static Router parse(String name) {
      if (name == null || name.isEmpty()) {
        return GOSSIPSUB;
      }
      return switch (name) {
        case "gossipsub" -> GOSSIPSUB;
        case "floodsub" -> FLOODSUB;
        default ->
            throw new IllegalArgumentException(
                "Pubsub.Router: unknown pubsub router '"
                    + name
                    + "': write \"gossipsub\" or \"floodsub\"");
      };
    }

    /** The name as Kubo writes it. */
    public String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  public PubsubConfig {
    Objects.requireNonNull(router, "router");
    Objects.requireNonNull(seenMessagesTtl, "seenMessagesTtl");
    if (seenMessagesTtl.isNegative() || seenMessagesTtl.isZero()) {
      throw new IllegalArgumentException(
          "Pubsub.SeenMessagesTTL must be positive, not " + seenMessagesTtl.toSeconds() + " s");
    }
  }

  public static PubsubConfig defaults() {
    return new PubsubConfig(false, Router.GOSSIPSUB, DEFAULT_SEEN_MESSAGES_TTL);
  }

  /** The same section with pubsub on (the daemon's {@code --enable-pubsub-experiment}). */
  public PubsubConfig enable() {
    return new PubsubConfig(true, router, seenMessagesTtl);
  }
}
