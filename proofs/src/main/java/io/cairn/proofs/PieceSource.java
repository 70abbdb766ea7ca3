package io.cairn.proofs;

import io.cairn.proofs.store.PayloadSources;
import java.nio.file.Path;

/**
 * Random access to a piece's payload, for proofs: a challenged leaf costs one read of the 32,512
 * payload bytes under its 1024-leaf subtree.
 */
public interface PieceSource extends AutoCloseable {
  /** Payload bytes. */
  long size();

  /**
   * Reads {@code length} bytes at {@code offset} into {@code dst[off]}; fewer only where the
   * payload ends.
   *
   * @return bytes read
   */
  int read(long offset, byte[] dst, int off, int length);

  @Override
  void close();

  /** A file's bytes as the payload; the file must not change while pieces of it are proven. */
  static PieceSource of(Path file) {
    return PayloadSources.file(file);
  }

  /** Bytes in memory as the payload. */
  static PieceSource of(byte[] payload) {
    return PayloadSources.bytes(payload);
  }
}
