package io.cairn.proofs;

import io.cairn.proofs.hash.ArrayPieces;
import io.cairn.proofs.hash.StreamingPieceHasher;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

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
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        PieceHasher h = hasher(backend)) {
      PieceCid.checkPayload(ch.size());
      h.write(ch);
      return h.finish();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
