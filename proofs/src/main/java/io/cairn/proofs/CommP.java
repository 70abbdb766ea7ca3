package io.cairn.proofs;

import io.cairn.proofs.hash.ArrayPieces;
import io.cairn.proofs.hash.StreamingPieceHasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.LongConsumer;

/** Piece commitments of payloads: bytes, streams and files. */
public final class CommP {
  private CommP() {}

  /** A streaming hasher on {@code backend} (which the caller keeps open until it finishes). */
  public static PieceHasher hasher(HashBackend backend) {
    return new StreamingPieceHasher(backend);
  }

  /** The piece of {@code payload}, hashed on the CPU. */
  public static PieceCid of(byte[] payload) {
    try (HashBackend cpu = HashBackend.cpu()) {
      return of(payload, cpu).piece();
    }
  }

  /** The piece of a payload in memory; the backend reads the array where it is. */
  public static PieceTree of(byte[] payload, HashBackend backend) {
    return ArrayPieces.of(payload, backend);
  }

  /** The piece of everything {@code in} holds. */
  public static PieceTree of(InputStream in, HashBackend backend) {
    try (PieceHasher h = hasher(backend)) {
      h.write(in);
      return h.finish();
    }
  }

  /** The piece of a file's bytes, read straight into the backend's buffers. */
  public static PieceTree of(Path file, HashBackend backend) {
    return of(file, backend, read -> {});
  }

  /**
   * As {@link #of(Path, HashBackend)}, telling {@code progress} the number of bytes read so far
   * after each read (for a progress bar; called on the reading thread).
   */
  public static PieceTree of(Path file, HashBackend backend, LongConsumer progress) {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        PieceHasher h = hasher(backend)) {
      PieceCid.checkPayload(ch.size());
      h.write(
          new ReadableByteChannel() {
            private long read;

            @Override
            public int read(ByteBuffer dst) throws IOException {
              int n = ch.read(dst);
              if (n > 0) {
                read += n;
                progress.accept(read);
              }
              return n;
            }

            @Override
            public boolean isOpen() {
              return ch.isOpen();
            }

            @Override
            public void close() throws IOException {
              ch.close();
            }
          });
      return h.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
