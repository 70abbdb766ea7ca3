package io.cairn.storage;

/**
 * A block store view whose writes garbage collection will not remove while the session is open.
 * Close it after pinning the result (or when abandoning the write).
 */
public interface WriteSession extends AutoCloseable {
  /** The store to write through; {@code has} answers true also mark the block as protected. */
  BlockStore blocks();

  /**
   * Pins a root written in this session; the blocks are already protected, so this does not wait
   * for GC.
   */
  void pin(Cid root, boolean recursive, String name);

  @Override
  void close();
}
