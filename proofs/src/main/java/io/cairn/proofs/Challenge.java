package io.cairn.proofs;

/**
 * One challenge of a proving period, located in its proof set.
 *
 * @param number the challenge's index {@code i} in the period (the {@code i} hashed)
 * @param setLeaf the challenged leaf among all the set's data leaves
 * @param piece the position of the challenged piece in the set
 * @param offset the challenged leaf within that piece: the position its proof is for
 */
public record Challenge(int number, long setLeaf, int piece, long offset) {}
