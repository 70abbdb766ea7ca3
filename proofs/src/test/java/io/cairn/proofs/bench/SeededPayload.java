package io.cairn.proofs.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seeded payloads that the JS reference scripts generate the same way ({@code
 * interop/proofs-commp.mjs}): the AES-128-CTR keystream, zero IV, under the first 16 bytes of
 * SHA-256("cairn-commp:SEED:SIZE"), so large payloads never travel between processes.
 */
public final class SeededPayload {
  private SeededPayload() {}

  public static byte[] bytes(String seed, int size) {
    byte[] out = new byte[size];
    try (InputStream in = stream(seed, size)) {
      int at = 0;
      while (at < size) {
        at += in.read(out, at, size - at);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out;
  }

  public static InputStream stream(String seed, long size) {
    Cipher cipher;
    try {
      byte[] key =
          MessageDigest.getInstance("SHA-256")
              .digest(("cairn-commp:" + seed + ":" + size).getBytes(StandardCharsets.UTF_8));
      cipher = Cipher.getInstance("AES/CTR/NoPadding");
      cipher.init(
          Cipher.ENCRYPT_MODE,
          new SecretKeySpec(Arrays.copyOf(key, 16), "AES"),
          new IvParameterSpec(new byte[16]));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    return new InputStream() {
      private final byte[] zeros = new byte[1 << 16];
      private long left = size;

      @Override
      public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left == 0) {
          return -1;
        }
        int n = (int) Math.min(Math.min(len, left), zeros.length);
        try {
          int done = cipher.update(zeros, 0, n, b, off);
          left -= done;
          return done;
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }
}
