package io.cairn.chain;

/**
 * A verifier drawn for a disputed job.
 *
 * @param address the verifier
 * @param committed whether it committed a result
 * @param revealed whether it revealed the result it committed
 * @param agreed whether the revealed result equals the provider's (output CID and fuel)
 * @param staked whether its stake for the draw could be locked: a seat without it cannot commit and
 *     counts as not revealing
 */
public record JobVerifier(
    String address, boolean committed, boolean revealed, boolean agreed, boolean staked) {}
