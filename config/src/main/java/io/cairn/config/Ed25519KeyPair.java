package io.cairn.config;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key pair in Bouncy Castle's arithmetic, apart from {@link Identity} so that reading a
 * config loads none of Bouncy Castle's (signed) jar.
 */
final class Ed25519KeyPair implements SigningKey {
  private final Ed25519PrivateKeyParameters privateKey;
  private final byte[] publicKey;

  Ed25519KeyPair(byte[] seed) {
    this.privateKey = new Ed25519PrivateKeyParameters(seed, 0);
    this.publicKey = privateKey.generatePublicKey().getEncoded();
  }

  byte[] seed() {
    return privateKey.getEncoded();
  }

  byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public int type() {
    return io.cairn.storage.codec.KeyProtobuf.ED25519;
  }

  /** The seed followed by the public key, as go-libp2p writes an Ed25519 private key. */
  @Override
  public byte[] privateData() {
    byte[] data = new byte[64];
    System.arraycopy(privateKey.getEncoded(), 0, data, 0, 32);
    System.arraycopy(publicKey, 0, data, 32, 32);
    return data;
  }

  @Override
  public byte[] publicData() {
    return publicKey.clone();
  }

  @Override
  public byte[] pkcs8() {
    return Pkcs8Pem.ed25519Der(seed());
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }
}
