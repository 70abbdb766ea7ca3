package io.cairn.node.chain;

import io.cairn.node.p2p.deal.DealProposals;
import io.cairn.proofs.DagPieces;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceStore;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Storage;
import java.math.BigInteger;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The provider's way to a deal's data: the DAG a client proposed (see {@link DealProposals}) is
 * fetched from the network (Bitswap from the client, who is connected; the DHT otherwise) and its
 * piece computed, on a worker thread; a piece that matches the deal is then kept (root pinned,
 * piece in the piece store) so the node can prove it.
 */
final class DealFetcher {
  private final DealProposals proposals;
  private final BlockStore network;
  private final Storage storage;
  private final PieceStore pieces;
  private final Executor executor;

  /**
   * @param network the repo's blocks with missing ones fetched from peers
   */
  DealFetcher(
      DealProposals proposals,
      BlockStore network,
      Storage storage,
      PieceStore pieces,
      Executor executor) {
    this.proposals = proposals;
    this.network = network;
    this.storage = storage;
    this.pieces = pieces;
    this.executor = executor;
  }

  /** The root a client proposed for {@code dealId}, if a proposal came. */
  Optional<Cid> proposedRoot(BigInteger dealId) {
    return proposals.received(dealId).map(r -> r.proposal().root());
  }

  /**
   * Fetches every block of the DAG under {@code root} and computes its piece; when that is {@code
   * expected}, also keeps it ({@link #keep}), all on the worker thread. Returns the piece found.
   */
  CompletableFuture<PieceCid> fetchPiece(Cid root, PieceCid expected) {
    return CompletableFuture.supplyAsync(
        () -> {
          PieceCid got;
          try (HashBackend backend = HashBackend.select("auto")) {
            got = DagPieces.of(network, root, backend).piece();
          }
          if (got.equals(expected)) {
            keep(root);
          }
          return got;
        },
        executor);
  }

  /** Pins {@code root} and adds its piece to the piece store, as {@code cairn piece add} does. */
  private void keep(Cid root) {
    storage.pins().add(root, true, "deal");
    try (HashBackend backend = HashBackend.select("auto")) {
      pieces.addDag(storage.blocks(), root, backend);
    }
  }
}
