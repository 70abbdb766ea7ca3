package io.cairn.node.p2p.deal;

import io.cairn.storage.Cid;
import java.math.BigInteger;

/**
 * What a client tells a provider after opening a deal on chain: the deal's ID and the root of the
 * DAG whose piece the deal names (the chain carries only the piece CID).
 *
 * @param dealId the deal's ID in the market, 1 to 2^256 - 1
 * @param root the payload's root CID
 */
public record DealProposal(BigInteger dealId, Cid root) {
  public DealProposal {
    if (dealId == null || dealId.signum() <= 0 || dealId.bitLength() > 256) {
      throw new IllegalArgumentException("deal ID must be between 1 and 2^256 - 1, not " + dealId);
    }
    if (root == null) {
      throw new IllegalArgumentException("a deal proposal needs the payload's root CID");
    }
  }
}
