package io.cairn.config;

/**
 * A private key of one libp2p key type, as {@link Identity} uses it: its protobuf data, its public
 * key's, its PKCS#8 form and its libp2p signatures.
 */
interface SigningKey {
  /** The libp2p {@code KeyType} ({@link io.cairn.storage.codec.KeyProtobuf}). */
  int type();

  /** The {@code Data} of the libp2p {@code PrivateKey} protobuf. */
  byte[] privateData();

  /** The {@code Data} of the libp2p {@code PublicKey} protobuf. */
  byte[] publicData();

  /** The unencrypted PKCS#8 {@code PrivateKeyInfo} (DER) that Kubo's {@code key export} writes. */
  byte[] pkcs8();

  /** The libp2p signature of {@code message} for this key type. */
  byte[] sign(byte[] message);
}
