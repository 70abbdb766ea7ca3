package io.cairn.retrieval.p2p.net;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.XECPublicKey;
import java.security.spec.NamedParameterSpec;
import java.security.spec.XECPublicKeySpec;
import javax.crypto.KeyAgreement;

/** X25519 with the JDK's provider, on raw 32-byte public keys as Noise sends them. */
final class X25519 {
  static final int KEY_LENGTH = 32;

  /** A key pair: the JDK private key and the raw public key. */
  record Pair(PrivateKey privateKey, byte[] publicKey) {}

  private X25519() {}

  static Pair generate() {
    try {
      KeyPair kp = KeyPairGenerator.getInstance("X25519").generateKeyPair();
      BigInteger u = ((XECPublicKey) kp.getPublic()).getU();
      return new Pair(kp.getPrivate(), littleEndian(u));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no X25519", e);
    }
  }

  /**
   * The shared secret of {@code self} and the peer's raw public key.
   *
   * @throws GeneralSecurityException if the peer's key is a low-order point
   */
  static byte[] agree(PrivateKey self, byte[] peerPublic) throws GeneralSecurityException {
    byte[] be = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH; i++) {
      be[i] = peerPublic[KEY_LENGTH - 1 - i];
    }
    be[0] &= 0x7F; // RFC 7748: the top bit of the u-coordinate is ignored
    var spec = new XECPublicKeySpec(NamedParameterSpec.X25519, new BigInteger(1, be));
    KeyAgreement ka = KeyAgreement.getInstance("X25519");
    ka.init(self);
    ka.doPhase(KeyFactory.getInstance("X25519").generatePublic(spec), true);
    return ka.generateSecret();
  }

  private static byte[] littleEndian(BigInteger u) {
    byte[] be = u.toByteArray();
    byte[] le = new byte[KEY_LENGTH];
    for (int i = 0; i < KEY_LENGTH && i < be.length; i++) {
      le[i] = be[be.length - 1 - i];
    }
    return le;
  }
}
