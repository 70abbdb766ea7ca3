package io.cairn.config;

import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/**
 * An Ed25519 key pair in Bouncy Castle's arithmetic, apart from {@link Identity} so that reading a
 * config loads none of Bouncy Castle's (signed) jar.
 */
final class Ed25519KeyPair {
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

  byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, privateKey);
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }
}
