package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Multihash;
import io.cairn.storage.PeerId;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Finds peers that provide a block, for the wants connected peers cannot answer (the DHT supplies
 * one). Keyed by the multihash, as provider records are.
 */
@FunctionalInterface
public interface ProviderFinder {
  /** Finds none: Bitswap then asks only the peers it is connected to. */
  ProviderFinder NONE = mh -> CompletableFuture.completedFuture(List.of());

  /** Peers that may hold the block; the future may fail, which counts as none found. */
  CompletableFuture<Collection<PeerId>> findProviders(Multihash multihash);
}
