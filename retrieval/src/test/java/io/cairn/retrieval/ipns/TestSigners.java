package io.cairn.retrieval.ipns;

import io.cairn.storage.codec.KeyProtobuf;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.Signature;
import java.util.function.UnaryOperator;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;

/** Signers for tests: Ed25519 from a seed, and RSA (2048 bits, a key a test makes once). */
public final class TestSigners {
  private TestSigners() {}

  private record KeySigner(byte[] publicKey, UnaryOperator<byte[]> signing) implements Signer {
    @Override
    public byte[] publicKeyProtobuf() {
      return publicKey.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      return signing.apply(message);
    }
  }

  /** An Ed25519 signer of a 32-byte seed; its name inlines its key ({@code 12D3KooW...}). */
  static Signer ed25519(byte[] seed) {
    Ed25519PrivateKeyParameters key = new Ed25519PrivateKeyParameters(seed, 0);
    byte[] publicKey =
        KeyProtobuf.encode(KeyProtobuf.ED25519, key.generatePublicKey().getEncoded());
    return new KeySigner(
        publicKey,
        message -> {
          Ed25519Signer signer = new Ed25519Signer();
          signer.init(true, key);
          signer.update(message, 0, message.length);
          return signer.generateSignature();
        });
  }

  /** An Ed25519 signer whose seed is {@code n} repeated. */
  public static Signer ed25519(int n) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) n);
    return ed25519(seed);
  }

  /**
   * A 2048-bit RSA signer: its public key is PKIX DER in the libp2p protobuf, too long to inline,
   * so its name is a sha2-256 peer ID ({@code Qm...}) and records embed the key.
   */
  static Signer rsa(long seed) {
    KeyPair pair;
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
      SecureRandom random = SecureRandom.getInstance("SHA1PRNG");
      random.setSeed(seed);
      generator.initialize(2048, random);
      pair = generator.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    byte[] publicKey = KeyProtobuf.encode(KeyProtobuf.RSA, pair.getPublic().getEncoded());
    return new KeySigner(
        publicKey,
        message -> {
          try {
            Signature s = Signature.getInstance("SHA256withRSA");
            s.initSign(pair.getPrivate());
            s.update(message);
            return s.sign();
          } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
