package io.cairn.retrieval.p2p.net;

import io.cairn.storage.PeerId;
import io.cairn.storage.codec.KeyProtobuf;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** The node's Ed25519 identity: its peer ID, public key protobuf, and signatures. */
final class HostKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKeyProtobuf;
  private final PeerId peerId;

  private HostKey(Ed25519PrivateKeyParameters privateKey, Ed25519PrivateKeyParameters announced) {
    this.privateKey = privateKey;
    this.publicKeyProtobuf =
        KeyProtobuf.encode(KeyProtobuf.ED25519, announced.generatePublicKey().getEncoded());
    this.peerId = PeerId.fromPublicKey(publicKeyProtobuf);
  }

  /** The key of a 32-byte Ed25519 seed (the node's identity). */
  static HostKey fromSeed(byte[] seed) {
    if (seed == null || seed.length != Ed25519PrivateKeyParameters.KEY_SIZE) {
      throw new IllegalArgumentException(
          "an Ed25519 seed has 32 bytes, not " + (seed == null ? "none" : seed.length));
    }
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    return new HostKey(key, key);
  }

  /**
   * A key that claims the identity of {@code announcedSeed} but signs with {@code signingSeed}:
   * what an impostor sends. Its signatures do not verify; tests use it as a bad peer.
   */
  static HostKey impostor(byte[] signingSeed, byte[] announcedSeed) {
    return new HostKey(
        new Ed25519PrivateKeyParameters(signingSeed, 0),
        new Ed25519PrivateKeyParameters(announcedSeed, 0));
  }

  PeerId peerId() {
    return peerId;
  }

  byte[] publicKeyProtobuf() {
    return publicKeyProtobuf.clone();
  }

  byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }
}
