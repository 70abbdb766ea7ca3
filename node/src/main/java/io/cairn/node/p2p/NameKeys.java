package io.cairn.node.p2p;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.retrieval.ipns.Signer;
import io.cairn.storage.PeerId;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The keys IPNS names are published with: the node identity ({@code self}) and the keystore's keys,
 * as {@link Signer}s for the name system, found by name or by peer ID as Kubo's key lookup finds
 * them.
 */
public final class NameKeys {
  private NameKeys() {}

  /**
   * {@code key} as the name system signs with it: its libp2p public key and its type's signatures
   * (Ed25519, RSA or secp256k1).
   */
  public static Signer signer(Identity key) {
    return new Signer() {
      @Override
      public byte[] publicKeyProtobuf() {
        return key.publicKeyProtobuf();
      }

      @Override
      public byte[] sign(byte[] message) {
        return key.sign(message);
      }
    };
  }

  /**
   * The key a {@code --key} option names, as Kubo's {@code keylookup}: {@code self} (or nothing), a
   * keystore key's name, or the peer ID (base58 or CIDv1) of the identity or a keystore key.
   *
   * @throws IllegalArgumentException when no held key has that name or ID, in Kubo's words
   */
  public static Identity find(Identity self, Keystore keystore, String nameOrId) {
    if (nameOrId == null || nameOrId.isEmpty() || nameOrId.equals(Keystore.SELF)) {
      return self;
    }
    Optional<Identity> named;
    try {
      named = keystore.find(nameOrId);
    } catch (IllegalArgumentException notAName) {
      named = Optional.empty(); // a name no key file can have, such as a CID with a slash
    }
    if (named.isPresent()) {
      return named.get();
    }
    PeerId id;
    try {
      id = PeerId.parse(nameOrId);
    } catch (IllegalArgumentException notAnId) {
      throw new IllegalArgumentException("no key by the given name was found"); // Kubo's words
    }
    return byPeerId(self, keystore, id)
        .orElseThrow(
            () -> new IllegalArgumentException("no key by the given name or PeerID was found"));
  }

  /**
   * The held keys by peer ID, for republishing: {@code self} and every keystore key, read anew on
   * each call so that keys made, renamed or removed since are seen.
   */
  public static Function<PeerId, Optional<Signer>> held(
      Supplier<Identity> self, Supplier<Keystore> keystore) {
    return id -> byPeerId(self.get(), keystore.get(), id).map(NameKeys::signer);
  }

  /** The node identity alone, for a network run without a repo's keystore (tests). */
  public static Function<PeerId, Optional<Signer>> selfOnly(Identity self) {
    Optional<Signer> signer = Optional.of(signer(self));
    return id -> self.peerId().equals(id) ? signer : Optional.empty();
  }

  private static Optional<Identity> byPeerId(Identity self, Keystore keystore, PeerId id) {
    if (self.peerId().equals(id)) {
      return Optional.of(self);
    }
    for (String name : keystore.list()) {
      Optional<Identity> key = keystore.find(name);
      if (key.isPresent() && key.get().peerId().equals(id)) {
        return key;
      }
    }
    return Optional.empty();
  }
}
