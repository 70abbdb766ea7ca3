package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.ChaCha20ParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The deterministic inputs of Kubo's own CID tests, so their published CIDs can be checked here:
 * {@code test/cli/testutils/random_deterministic.go} (the ChaCha20 key stream keyed by the SHA-256
 * of a seed string, zero nonce) and the file names of {@code createDeterministicFiles} in {@code
 * test/cli/add_test.go}.
 */
final class KuboTestData {
  /** {@code testutils.AlphabetEasy}. */
  private static final String ALPHABET_EASY = "abcdefghijklmnopqrstuvwxyz01234567890-_";

  private KuboTestData() {}

  /** {@code DeterministicRandomReaderBytes(size, seed)}. */
  static InputStream stream(String seed, long size) {
    return new ChaChaStream(seed, size);
  }

  static byte[] bytes(String seed, int size) {
    try (InputStream in = stream(seed, size)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The names {@code createDeterministicFiles} gives {@code count} files: all {@code nameLength}
   * characters long but the last, {@code lastNameLength}, drawn from the seed's stream.
   */
  static List<String> fileNames(String seed, int count, int nameLength, int lastNameLength) {
    List<String> names = new ArrayList<>(count);
    try (InputStream in = stream(seed, 1 << 20)) {
      for (int i = 0; i < count; i++) {
        byte[] b = in.readNBytes(i == count - 1 ? lastNameLength : nameLength);
        StringBuilder sb = new StringBuilder(b.length);
        for (byte x : b) {
          sb.append(ALPHABET_EASY.charAt((x & 0xFF) % ALPHABET_EASY.length()));
        }
        names.add(sb.toString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return names;
  }

  private static final class ChaChaStream extends InputStream {
    private final Cipher cipher;
    private long left;

    ChaChaStream(String seed, long size) {
      try {
        byte[] key =
            MessageDigest.getInstance("SHA-256").digest(seed.getBytes(StandardCharsets.UTF_8));
        cipher = Cipher.getInstance("ChaCha20");
        cipher.init(
            Cipher.ENCRYPT_MODE,
            new SecretKeySpec(key, "ChaCha20"),
            new ChaCha20ParameterSpec(new byte[12], 0));
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      left = size;
    }

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
      int n = (int) Math.min(len, left);
      Arrays.fill(b, off, off + n, (byte) 0);
      try {
        cipher.update(b, off, n, b, off);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
      left -= n;
      return n;
    }
  }
}
