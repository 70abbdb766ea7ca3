package io.cairn.proofs.store;

import io.cairn.proofs.PieceSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** {@link PieceSource}s over files and byte arrays. */
public final class PayloadSources {
  private PayloadSources() {}

  public static PieceSource file(Path file) {
    try {
      return new FileSource(file, FileChannel.open(file, StandardOpenOption.READ));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot open the piece payload " + file, e);
    }
  }

  public static PieceSource bytes(byte[] payload) {
    return new PieceSource() {
      @Override
      public long size() {
        return payload.length;
      }

      @Override
      public int read(long offset, byte[] dst, int off, int length) {
        checkRange(offset, length, size());
        int n = (int) Math.min(length, payload.length - offset);
        System.arraycopy(payload, (int) offset, dst, off, n);
        return n;
      }

      @Override
      public void close() {}
    };
  }

  static void checkRange(long offset, int length, long size) {
    if (offset < 0 || length < 0 || offset > size) {
      throw new IndexOutOfBoundsException(
          "read of " + length + " bytes at " + offset + " in a payload of " + size + " bytes");
    }
  }

  private record FileSource(Path file, FileChannel ch) implements PieceSource {
    @Override
    public long size() {
      try {
        return ch.size();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read the size of " + file, e);
      }
    }

    @Override
    public int read(long offset, byte[] dst, int off, int length) {
      checkRange(offset, length, size());
      ByteBuffer buf = ByteBuffer.wrap(dst, off, length);
      try {
        while (buf.hasRemaining()) {
          int n = ch.read(buf, offset + buf.position() - off);
          if (n < 0) {
            break;
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file + " at byte " + offset, e);
      }
      return buf.position() - off;
    }

    @Override
    public void close() {
      try {
        ch.close();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot close " + file, e);
      }
    }
  }
}
