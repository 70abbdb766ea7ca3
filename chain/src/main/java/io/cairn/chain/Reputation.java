package io.cairn.chain;

import java.math.BigInteger;

/**
 * A provider's compute reputation in one payment token, kept by the registry: value rather than
 * counts, so that many tiny jobs do not outweigh one large failure.
 *
 * @param earned value paid to it for jobs whose results stood
 * @param lost value of the jobs it failed (missed deadlines, lost disputes)
 * @param jobsCompleted jobs paid, in any token
 * @param jobsFailed jobs failed, in any token
 */
public record Reputation(BigInteger earned, BigInteger lost, long jobsCompleted, long jobsFailed) {}
