package io.cairn.storage;

import java.util.Collection;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Content-addressed block storage, keyed by multihash: the CIDv0 and CIDv1 of the same bytes name
 * one stored block. Blocks with an identity multihash are never stored; their bytes are the digest.
 *
 * <p>Reads of blocks that leave the node are hash-checked; a block that fails the check raises
 * {@link CorruptBlockException} rather than returning wrong bytes. Implementations are thread-safe.
 */
public interface BlockStore extends AutoCloseable {
  /** The largest block the store accepts (as Kubo and Bitswap: 2 MiB). */
  int MAX_BLOCK_SIZE = 2 * 1024 * 1024;

  boolean has(Cid cid);

  /** The block's bytes, if held. */
  Optional<byte[]> get(Cid cid);

  /** The block's bytes; throws {@link BlockNotFoundException} when not held. */
  default byte[] require(Cid cid) {
    return get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
  }

  /** The size of a held block in bytes. */
  OptionalInt size(Cid cid);

  /**
   * Stores one block, durably before it returns. Rejects blocks over {@link #MAX_BLOCK_SIZE} and
   * blocks whose hash function the node cannot compute, with an {@link IllegalArgumentException}.
   */
  void put(Block block);

  /**
   * Stores blocks in one batch: all of them, or none when one is rejected as {@link #put} would.
   * They are durable once {@link #sync} returns.
   */
  void putAll(Collection<Block> blocks);

  /** Removes a block; returns whether it was held. */
  boolean delete(Cid cid);

  /** Every stored multihash, streamed; close the stream (try-with-resources) to free resources. */
  Stream<Multihash> keys();

  /** Makes every block written so far durable. */
  void sync();

  @Override
  void close();
}
