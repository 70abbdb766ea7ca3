package io.cairn.chain;

import java.math.BigInteger;

/**
 * A provider as the registry records it: offer, stake, whether it takes new deals, and its
 * reputation counters (bumped only by the market).
 */
public record ProviderInfo(
    String address,
    ProviderOffer offer,
    BigInteger stake,
    boolean active,
    long periodsProven,
    long periodsFaulted,
    long dealsCompleted,
    long dealsFailed) {}
