package io.cairn.storage;

import java.util.function.Consumer;

/**
 * A node's local storage: blocks, pins, garbage collection and small tables of node state, all in
 * one embedded database. Writers use {@link #beginWrite()} so that a garbage collection running at
 * the same time never deletes a block an unfinished write or pin needs.
 */
public interface Storage extends AutoCloseable {
  /** All blocks; reads are hash-checked when the storage was opened with verification on. */
  BlockStore blocks();

  PinStore pins();

  /**
   * Starts a write whose blocks garbage collection keeps until the session closes. Every block put
   * through the session, and every block it finds already present, is protected.
   */
  WriteSession beginWrite();

  /**
   * Mark and sweep: deletes every block not reachable from a pin and not protected by an open write
   * session. Runs alongside writes; pin and unpin calls wait for it.
   *
   * @param removed called with each removed block's CID (as CIDv1 raw, the store keys by multihash)
   */
  GcResult collectGarbage(Consumer<Cid> removed);

  /**
   * Deletes a block unless a pin holds it (directly, recursively or within a pinned DAG) or a write
   * in progress protects it ({@code block rm}). It runs under the collection's lock, as Kubo's
   * {@code block rm} holds its GC lock, so no pin lands on the block between the check and the
   * delete. The store keys blocks by multihash: a pin holding any CID of the same multihash (a raw
   * leaf and a dag-pb node may share one) holds the block.
   */
  BlockRemoval removeBlock(Cid cid);

  /**
   * A named root that garbage collection keeps without a pin (the MFS root): every block reachable
   * from it that is held survives a collection, and blocks missing under it are skipped rather than
   * stopping the collection, as Kubo's best-effort roots. Setting one waits for a running
   * collection, as a pin change does, so a change written in a {@link WriteSession} that records
   * its new root before the session closes is never collected.
   *
   * @param root the new root, or null to drop the name
   */
  void setGcRoot(String name, Cid root);

  /** The root set under {@code name}, if any. */
  java.util.Optional<Cid> gcRoot(String name);

  /** Re-hashes every stored block and reports those that do not match their key. */
  VerifyReport verify(Consumer<VerifyReport.Progress> progress);

  StorageStats stats();

  /**
   * A named table of node state (deals, jobs, pinning-service requests), created on first use. The
   * compute jobs' tables ({@code jobs}, {@code job-receipts}) live in a RocksDB column family of
   * their own; the others share the state column.
   */
  KeyValueTable table(String name);

  /**
   * The filestore, when the storage was opened with one ({@code Experimental.FilestoreEnabled} or
   * {@code Experimental.UrlstoreEnabled}).
   */
  default java.util.Optional<Filestore> filestore() {
    return java.util.Optional.empty();
  }

  @Override
  void close();
}
