package io.cairn.config;

import io.cairn.storage.PeerId;
import java.util.Objects;

/**
 * The {@code Identity} section: the node's peer ID and its key pair ({@code Identity.PrivKey}). The
 * peer ID must be the one the key gives, as Kubo requires before it starts.
 *
 * @param peerId {@code Identity.PeerID}
 * @param key the key pair read from {@code Identity.PrivKey}
 */
public record IdentityConfig(PeerId peerId, Identity key) {
  public IdentityConfig {
    Objects.requireNonNull(peerId, "peerId");
    Objects.requireNonNull(key, "key");
    if (!key.peerId().equals(peerId)) {
      throw new IllegalArgumentException(
          "Identity.PeerID "
              + peerId
              + " does not match Identity.PrivKey, whose peer ID is "
              + key.peerId());
    }
  }

  /** The section for a key pair. */
  public static IdentityConfig of(Identity key) {
    return new IdentityConfig(key.peerId(), key);
  }
}
