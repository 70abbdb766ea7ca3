package io.cairn.retrieval.ipns;

/**
 * The private key an IPNS name belongs to, as record creation needs it: the public key to derive
 * the name from (and to embed when the name cannot inline it) and libp2p signatures.
 */
public interface Signer {
  /** The public key in its libp2p protobuf encoding ({@code PublicKey{Type, Data}}). */
  byte[] publicKeyProtobuf();

  /**
   * The libp2p signature of {@code message} for this key type: Ed25519 over the message itself; RSA
   * (PKCS#1 v1.5), secp256k1 and ECDSA over its SHA-256.
   */
  byte[] sign(byte[] message);
}
