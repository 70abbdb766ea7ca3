package io.cairn.config;

/**
 * The {@code Ipns} section, Kubo's keys.
 *
 * @param usePubsub {@code Ipns.UsePubsub}: publish and resolve IPNS names over pubsub too (a flag,
 *     default false; the daemon's {@code --enable-namesys-pubsub} turns it on too, and it turns
 *     pubsub on, as Kubo does)
 */
public record IpnsConfig(boolean usePubsub) {
  public static IpnsConfig defaults() {
    return new IpnsConfig(false);
  }
}
