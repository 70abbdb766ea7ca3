package io.cairn.proofs;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.ReadableByteChannel;

/**
 * Computes a piece commitment from a stream of payload: Fr32 padding, the sha254 tree and its upper
 * layers, in memory that does not grow with the payload beyond the upper layers (1/1024 of the
 * piece: 32 MiB for a 32 GiB piece). Payload is hashed in batches on the chosen {@link HashBackend}
 * while the next batch is read. Not thread-safe.
 */
public interface PieceHasher extends AutoCloseable {
  /** Adds payload bytes. */
  void write(byte[] bytes, int offset, int length);

  default void write(byte[] bytes) {
    write(bytes, 0, bytes.length);
  }

  /** Adds everything {@code in} holds, reading it straight into the hash buffers. */
  long write(InputStream in);

  /** Adds everything left in {@code channel}, reading it straight into the hash buffers. */
  long write(ReadableByteChannel channel);

  /** Payload bytes added so far. */
  long count();

  /** A stream view of {@link #write}; closing it does not finish the piece. */
  OutputStream asOutputStream();

  /** Pads and hashes what is left and gives the piece with its tree's upper layers. */
  PieceTree finish();

  /** Stops background work; the hasher cannot be used after. */
  @Override
  void close();
}
