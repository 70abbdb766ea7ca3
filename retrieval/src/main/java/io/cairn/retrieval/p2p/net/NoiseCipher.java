package io.cairn.retrieval.p2p.net;

import com.sun.management.HotSpotDiagnosticMXBean;
import java.lang.management.ManagementFactory;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Noise CipherState with ChaCha20-Poly1305: a 32-byte key and a 64-bit counter, sent as the
 * nonce's last 8 bytes, little-endian, after 4 zero bytes.
 *
 * <p>Two ways to the same bytes. Where the JVM computes Poly1305 with vector instructions (x86 with
 * AVX-512) the JDK's own AEAD is fastest, 2.5-3.2 GB/s. Elsewhere the JDK's Poly1305 is generic
 * Java and the AEAD runs at about 450 MB/s, so it is built here from the JDK's ChaCha20 (which has
 * an AVX2 path) and our {@link Poly1305}: about 650 MB/s. The system property {@code
 * cairn.p2p.aead} ({@code jdk} or {@code split}) picks one by hand.
 */
final class NoiseCipher {
  private static final Logger LOG = LoggerFactory.getLogger(NoiseCipher.class);
  static final int TAG_LENGTH = 16;

  /** Whether new ciphers use the JDK's AEAD rather than ChaCha20 with our Poly1305. */
  static final boolean JDK_AEAD = chooseJdkAead(System.getProperty("cairn.p2p.aead"));

  private static final byte[] ZEROS = new byte[64];

  private final SecretKeySpec key;
  private final Cipher cipher;
  private final byte[] nonce = new byte[12];
  // The split construction's parts: null with the JDK's AEAD.
  private final Poly1305 poly;
  private final byte[] polyKey;
  private final byte[] tag;
  private long n;

  NoiseCipher(byte[] key) {
    this(key, JDK_AEAD);
  }

  NoiseCipher(byte[] key, boolean jdkAead) {
    this.key = new SecretKeySpec(key, "ChaCha20");
    String name = jdkAead ? "ChaCha20-Poly1305" : "ChaCha20";
    try {
      this.cipher = Cipher.getInstance(name);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("this JDK has no " + name, e);
    }
    this.poly = jdkAead ? null : new Poly1305();
    this.polyKey = jdkAead ? null : new byte[64];
    this.tag = jdkAead ? null : new byte[TAG_LENGTH];
  }

  static boolean chooseJdkAead(String property) {
    if ("jdk".equals(property)) {
      return true;
    }
    if ("split".equals(property)) {
      return false;
    }
    if (property != null) {
      LOG.warn("cairn.p2p.aead is '{}', not 'jdk' or 'split': left to the JVM", property);
    }
    return jdkPoly1305Accelerated();
  }

  private static boolean jdkPoly1305Accelerated() {
    try {
      HotSpotDiagnosticMXBean vm =
          ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
      try {
        // Readable with -XX:+UnlockDiagnosticVMOptions, which the cairn launcher passes.
        return Boolean.parseBoolean(vm.getVMOption("UsePoly1305Intrinsics").getValue());
      } catch (IllegalArgumentException locked) {
        // On x86 HotSpot's Poly1305 intrinsic needs AVX-512 (UseAVX 3); UseAVX is not on ARM.
        return Integer.parseInt(vm.getVMOption("UseAVX").getValue()) >= 3;
      }
    } catch (RuntimeException | LinkageError e) {
      // Not HotSpot, or not x86: keep the JDK's AEAD, correct everywhere.
      return true;
    }
  }

  /**
   * Seals {@code buf[0, length)} in place: the ciphertext and its tag take {@code buf[0, length +
   * 16)}. Byte arrays rather than buffers: the JDK's cipher copies a buffer that is not backed by
   * an array into a fresh array, and Netty's socket buffers are direct. With arrays, a Noise+Yamux
   * stream echoed back (bench/p2p's transport) took 3.7-5.0 ns of CPU per byte, against 4.5-5.6.
   *
   * @return the sealed length
   */
  int encrypt(byte[] ad, byte[] buf, int length) {
    if (poly != null) {
      return splitEncrypt(ad, buf, length);
    }
    try {
      nextNonce();
      cipher.init(Cipher.ENCRYPT_MODE, key, new IvParameterSpec(nonce));
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(buf, 0, length, buf, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 encryption failed", e);
    }
  }

  /**
   * Opens {@code in[0, length)} (ciphertext and tag) into {@code out} at {@code outOffset}.
   *
   * @return the plaintext length
   * @throws AEADBadTagException if the frame was not sealed with this key and nonce
   */
  int decrypt(byte[] ad, byte[] in, int length, byte[] out, int outOffset)
      throws AEADBadTagException {
    if (length < TAG_LENGTH) {
      throw new AEADBadTagException("ciphertext shorter than its tag");
    }
    if (poly != null) {
      return splitDecrypt(ad, in, length, out, outOffset);
    }
    try {
      nextNonce();
      cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(nonce));
      if (ad.length > 0) {
        cipher.updateAAD(ad);
      }
      return cipher.doFinal(in, 0, length, out, outOffset);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20-Poly1305 decryption failed", e);
    }
  }

  /**
   * RFC 8439 section 2.8: the first 32 bytes of ChaCha20's block 0 are the Poly1305 key, the text
   * is enciphered from block 1 on, and the tag covers the associated data and the ciphertext, each
   * padded to 16 bytes, then both lengths.
   */
  private int splitEncrypt(byte[] ad, byte[] buf, int length) {
    try {
      startBlockZero(Cipher.ENCRYPT_MODE);
      cipher.doFinal(buf, 0, length, buf, 0);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 encryption failed", e);
    }
    seal(ad, buf, length, buf, length);
    return length + TAG_LENGTH;
  }

  private int splitDecrypt(byte[] ad, byte[] in, int length, byte[] out, int outOffset)
      throws AEADBadTagException {
    int textLength = length - TAG_LENGTH;
    try {
      startBlockZero(Cipher.DECRYPT_MODE);
      seal(ad, in, textLength, tag, 0);
      int differ = 0;
      for (int i = 0; i < TAG_LENGTH; i++) {
        differ |= tag[i] ^ in[textLength + i];
      }
      if (differ != 0) {
        throw new AEADBadTagException("Tag mismatch");
      }
      return cipher.doFinal(in, 0, textLength, out, outOffset);
    } catch (AEADBadTagException e) {
      throw e;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("ChaCha20 decryption failed", e);
    }
  }

  /** Starts the keystream at block 0 with the next nonce and keys Poly1305 from that block. */
  private void startBlockZero(int mode) throws GeneralSecurityException {
    nextNonce();
    cipher.init(mode, key, new ChaCha20ParameterSpec(nonce, 0));
    cipher.update(ZEROS, 0, 64, polyKey, 0);
    poly.init(polyKey, 0);
  }

  private void seal(byte[] ad, byte[] text, int textLength, byte[] out, int outOffset) {
    poly.padded(ad, 0, ad.length);
    poly.padded(text, 0, textLength);
    poly.lengths(ad.length, textLength);
    poly.tag(out, outOffset);
  }

  byte[] encrypt(byte[] ad, byte[] plaintext) {
    byte[] out = Arrays.copyOf(plaintext, plaintext.length + TAG_LENGTH);
    encrypt(ad, out, plaintext.length);
    return out;
  }

  byte[] decrypt(byte[] ad, byte[] ciphertext) throws AEADBadTagException {
    byte[] out = new byte[Math.max(0, ciphertext.length - TAG_LENGTH)];
    decrypt(ad, ciphertext, ciphertext.length, out, 0);
    return out;
  }

  private void nextNonce() {
    if (n == -1L) {
      throw new IllegalStateException("Noise nonce exhausted");
    }
    long v = n++;
    for (int i = 0; i < 8; i++) {
      nonce[4 + i] = (byte) (v >>> (8 * i));
    }
  }
}
