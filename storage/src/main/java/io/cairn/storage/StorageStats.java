package io.cairn.storage;

/**
 * Repo statistics as {@code repo stat} shows them.
 *
 * @param blockCount number of stored blocks
 * @param blockBytes sum of the stored blocks' sizes
 * @param diskBytes bytes the database uses on disk
 */
public record StorageStats(long blockCount, long blockBytes, long diskBytes) {}
