package io.cairn.chain;

import java.math.BigInteger;

/**
 * A live piece of a proof set.
 *
 * @param index its index in the set, from 1 (pieces are appended; a removed one keeps its index and
 *     holds no leaves)
 * @param dealId the deal it serves
 * @param pieceCidV2 the piece
 * @param leafCount its leaves in the set's challenge range
 */
public record SetPiece(long index, BigInteger dealId, String pieceCidV2, long leafCount) {}
