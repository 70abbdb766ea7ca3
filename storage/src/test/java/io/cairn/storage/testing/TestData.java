package io.cairn.storage.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;

/**
 * Seeded, reproducible test bytes: the same seed and size always give the same bytes, whether taken
 * as an array, a stream (read in any buffer sizes) or a file.
 */
public final class TestData {
  private TestData() {}

  public static byte[] bytes(long seed, int size) {
    try (InputStream in = stream(seed, size)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A stream of {@code size} seeded bytes that holds no more than a few bytes of state. */
  public static InputStream stream(long seed, long size) {
    return new SeededStream(seed, size);
  }

  /** Writes {@code size} seeded bytes to a file. */
  public static Path file(Path path, long seed, long size) {
    try (InputStream in = stream(seed, size);
        OutputStream out = Files.newOutputStream(path)) {
      in.transferTo(out);
      return path;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static final class SeededStream extends InputStream {
    private final SplittableRandom random;
    private long left;
    private long word;
    private int wordLeft;

    SeededStream(long seed, long size) {
      this.random = new SplittableRandom(seed);
      this.left = size;
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
      int i = 0;
      while (i < n && wordLeft > 0) {
        b[off + i++] = (byte) word;
        word >>>= 8;
        wordLeft--;
      }
      while (n - i >= 8) {
        long w = random.nextLong();
        for (int k = 0; k < 8; k++) {
          b[off + i++] = (byte) w;
          w >>>= 8;
        }
      }
      while (i < n) {
        if (wordLeft == 0) {
          word = random.nextLong();
          wordLeft = 8;
        }
        b[off + i++] = (byte) word;
        word >>>= 8;
        wordLeft--;
      }
      left -= n;
      return n;
    }
  }
}
