package io.cairn.storage;

/** What a garbage collection removed. */
public record GcResult(long blocksRemoved, long bytesRemoved, long blocksKept) {}
