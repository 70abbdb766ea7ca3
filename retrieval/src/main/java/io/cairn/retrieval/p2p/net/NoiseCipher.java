package io.cairn.retrieval.p2p.net;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A Noise CipherState with ChaCha20-Poly1305 (the JDK's): a 32-byte key and a 64-bit counter, sent
 * as the nonce's last 8 bytes, little-endian, after 4 zero bytes.
 */
final class NoiseCipher {
  static final int TAG_LENGTH = 16;

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  private long n;

  NoiseCipher(byte[] key) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    try {
      this.cipher = Cipher.getInstance("ChaCha20-Poly1305");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no ChaCha20-Poly1305", e);
    }
  }

  /** Encrypts {@code plaintext} into {@code out} (plaintext length + 16 bytes). */
  void encrypt(byte[] ad, ByteBuffer plaintext, ByteBuffer out) {
    try {
      cipher.init(Cipher.ENCRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      cipher.doFinal(plaintext, out);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Decrypts {@code ciphertext} into {@code out}.
   *
   * @throws AEADBadTagException if the frame was not sealed with this key and nonce
   */
  void decrypt(byte[] ad, ByteBuffer ciphertext, ByteBuffer out) throws AEADBadTagException {
    try {
      cipher.init(Cipher.DECRYPT_MODE, key, nextNonce());
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      cipher.doFinal(ciphertext, out);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  byte[] encrypt(byte[] ad, byte[] plaintext) {
    ByteBuffer out = ByteBuffer.allocate(plaintext.length + TAG_LENGTH);
    encrypt(ad, ByteBuffer.wrap(plaintext), out);
    return out.array();
  }

  byte[] decrypt(byte[] ad, byte[] ciphertext) throws AEADBadTagException {
    if (ciphertext.length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than its tag");
    }
    ByteBuffer out = ByteBuffer.allocate(ciphertext.length - TAG_LENGTH);
    decrypt(ad, ByteBuffer.wrap(ciphertext), out);
    return out.array();
  }

  private IvParameterSpec nextNonce() {
    if (n == -1L) {
      throw new IllegalStateException("Noise nonce exhausted");
    }
    long v = n++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (v >>> (8 * i));
    }
    return new IvParameterSpec(nonce);
  }
}
