package io.cairn.storage.rocksdb;

/** How far a write goes before it returns. */
enum Durability {
  /**
   * Memtable only, no write-ahead log: lost by a crash until {@link RocksDatabase#flush} persists
   * it. Used for bulk block writes, which would otherwise reach the disk twice.
   */
  BUFFERED,
  /** Write-ahead log, not synced: survives a crash of the process, not of the machine. */
  LOGGED,
  /** Write-ahead log, synced before the call returns. */
  SYNCED
}
