package io.cairn.node.chain;

import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.DealTerms;
import io.cairn.chain.StorageTerms;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.util.concurrent.ExecutionException;

/**
 * {@code deal/make}: the piece of the DAG's CAR, a deal with the whole fee escrowed, then (unless
 * {@code propose=false}) a proposal naming the DAG's root sent to the provider's node, which
 * fetches the DAG from this one, then (unless {@code wait=false}) the deal's state once the
 * provider accepted or the acceptance time passed.
 */
final class DealMakeRpc implements ApiCommand {
  @Override
  public String path() {
    return "deal/make";
  }

  /**
   * Says before anything is escrowed when the deal is outside the provider's terms, which the
   * market would refuse: the price floor for this piece, the longest deal, the smallest piece.
   */
  private static void refuseOutsideTerms(
      ChainClient c, String provider, PieceCid piece, long periods, BigInteger price) {
    StorageTerms t = c.storageTerms(provider);
    BigInteger min = t.minPrice(piece.paddedSize());
    if (price.compareTo(min) < 0) {
      throw ApiException.client(
          "provider "
              + provider
              + " asks at least "
              + min
              + " per period for a piece of "
              + piece.paddedSize()
              + " padded bytes ("
              + t.pricePerTiBPerPeriod()
              + " per TiB per period), not "
              + price);
    }
    if (t.maxPeriods() != 0 && periods > t.maxPeriods()) {
      throw ApiException.client(
          "provider " + provider + " takes deals of at most " + t.maxPeriods() + " periods");
    }
    if (piece.paddedSize() < t.minPieceBytes()) {
      throw ApiException.client(
          "provider "
              + provider
              + " takes pieces of at least "
              + t.minPieceBytes()
              + " padded bytes, this one has "
              + piece.paddedSize());
    }
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    ChainClient c = ChainRpc.client(node);
    Cid root = Cid.parse(req.argument(0, "cid"));
    String provider =
        req.option("provider").orElseThrow(() -> ApiException.client("--provider is required"));
    long periods =
        req.number("duration").orElseThrow(() -> ApiException.client("--duration is required"));
    BigInteger price = ChainRpc.amount(req, "price", null);
    if (price == null) {
      throw ApiException.client("--price is required");
    }
    if (periods < 1 || periods > 1_000_000) {
      throw ApiException.client("--duration must be between 1 and 1000000 periods");
    }
    PieceCid piece;
    try (HashBackend backend = HashBackend.select(req.option("backend").orElse("auto"))) {
      piece = io.cairn.proofs.DagPieces.of(node.storage().blocks(), root, backend).piece();
    }
    refuseOutsideTerms(c, provider, piece, periods, price);
    node.storage().pins().add(root, true, "deal");
    DealInfo d =
        c.openDeal(
            new DealTerms(
                piece.toString(), (int) periods, price, provider, req.flag(false, "native")));
    res.emit(ChainRpc.deal(d, "opened"));
    // A provider that already keeps the piece accepts an open deal for it without a proposal,
    // sometimes before the deal is read back here; then there is nothing to propose.
    if (req.flag(true, "propose") && d.state() == DealState.OPEN) {
      res.emit(DealProposing.propose(node, c, d, root));
    }
    if (!req.flag(true, "wait")) {
      return;
    }
    long deadline = c.blockNumber() + c.params().acceptBlocks() + 1;
    try {
      d = c.awaitDealLeavesOpen(d.id(), deadline).get();
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r
          ? r
          : new IllegalStateException(e.getCause());
    }
    res.emit(ChainRpc.deal(d, d.state() == DealState.ACTIVE ? "accepted" : "not accepted"));
  }
}
