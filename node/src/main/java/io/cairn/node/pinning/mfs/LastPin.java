package io.cairn.node.pinning.mfs;

import io.cairn.config.PinningConfig;
import io.cairn.config.Units;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The MFS root last pinned on one remote service: since when, and under which of the service's
 * settings. Kubo's rule for the next request is here ({@link #skips}), with the policy's defaults.
 *
 * @param time when the pin was asked for, or when the service created the pin of that root it
 *     already held
 * @param service the service's {@code Pinning.RemoteServices} entry when it was pinned
 * @param cid the MFS root pinned
 */
record LastPin(Instant time, PinningConfig.RemoteService service, Cid cid) {
  /** Kubo's {@code RepinInterval} when none is set. */
  static final Duration DEFAULT_REPIN_INTERVAL = Duration.ofMinutes(5);

  LastPin {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(service, "service");
    Objects.requireNonNull(cid, "cid");
  }

  /**
   * Whether no request goes to the service now, as Kubo decides: its settings are the same as at
   * this pin (any change to them, the key or endpoint included, sends one at once), and either the
   * MFS root is the one pinned or less than {@code repinInterval} has passed since.
   */
  boolean skips(
      PinningConfig.RemoteService now, Cid root, Duration repinInterval, Instant instant) {
    return service.equals(now)
        && (cid.equals(root) || Duration.between(time, instant).compareTo(repinInterval) < 0);
  }

  /**
   * The policy's {@code RepinInterval}: {@link #DEFAULT_REPIN_INTERVAL} when empty, else the Go
   * duration as set (Kubo applies no minimum).
   *
   * @throws IllegalArgumentException when it is not a duration
   */
  static Duration repinInterval(PinningConfig.MfsPolicy policy) {
    String text = policy.repinInterval();
    return text.isEmpty() ? DEFAULT_REPIN_INTERVAL : Units.parseDuration(text);
  }

  /** The policy's {@code PinName}; Kubo's {@code policy/<peer ID>/mfs} when empty. */
  static String pinName(PinningConfig.MfsPolicy policy, String peerId) {
    return policy.pinName().isEmpty() ? "policy/" + peerId + "/mfs" : policy.pinName();
  }
}
