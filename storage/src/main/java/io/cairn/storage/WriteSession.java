package io.cairn.storage;

/**
 * A block store view whose writes garbage collection will not remove while the session is open.
 * Close it after pinning the result (or when abandoning the write).
 */
public interface WriteSession extends AutoCloseable {
  /** The store to write through; {@code has} answers true also mark the block as protected. */
  BlockStore blocks();

  /**
   * Pins a root written or found in this session, without waiting for GC. A recursive pin needs the
   * root's whole DAG: the blocks the session did not itself write whole are checked, and protected
   * as they are, so a collection running meanwhile cannot remove them.
   *
   * @throws BlockNotFoundException naming the first block of the DAG that is not held
   */
  void pin(Cid root, boolean recursive, String name);

  @Override
  void close();
}
