package io.cairn.chain;

/**
 * How often the fee cap ({@code Chain.MaxFee}) held a transaction back since the client started.
 *
 * @param refused sends refused before anything was sent: the cap could not pay the base fee for
 *     their gas limit
 * @param replacementsWithheld pending transactions left unreplaced at their last fees: the cap left
 *     no room for the raise a replacement needs (each counted once)
 */
public record FeeCapHits(long refused, long replacementsWithheld) {}
