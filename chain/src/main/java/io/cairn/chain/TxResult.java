package io.cairn.chain;

/** A mined transaction: its hash, block and the gas it used. */
public record TxResult(String hash, long block, long gasUsed) {}
