package io.cairn.compute;

/**
 * The node's Ed25519 identity key, as the receipt signer needs it. The node adapts its identity
 * (kept by the config module) to this interface, so compute never reads the config itself.
 */
public interface NodeKey {
  /** The raw 32-byte Ed25519 public key. */
  byte[] ed25519PublicKey();

  /** The 64-byte Ed25519 signature of {@code message}. */
  byte[] sign(byte[] message);
}
