package io.cairn.config;

/**
 * The {@code Experimental} section, Kubo's keys that Cairn has.
 *
 * @param libp2pStreamMounting {@code Experimental.Libp2pStreamMounting}: whether the {@code p2p}
 *     commands (TCP tunnelled over libp2p streams) may run (default false); read again by each
 *     command, so a change applies without a restart, as in Kubo
 * @param filestoreEnabled {@code Experimental.FilestoreEnabled}: whether {@code add --nocopy} may
 *     store references to files instead of their bytes, and the {@code filestore} commands run
 *     (default false); read when the repo is opened, as in Kubo
 * @param urlstoreEnabled {@code Experimental.UrlstoreEnabled}: whether {@code add --nocopy URL} may
 *     store references to spans of web files instead of their bytes (default false); read when the
 *     repo is opened, as in Kubo
 */
public record ExperimentalConfig(
    boolean libp2pStreamMounting, boolean filestoreEnabled, boolean urlstoreEnabled) {
  public static ExperimentalConfig defaults() {
    return new ExperimentalConfig(false, false, false);
  }
}
