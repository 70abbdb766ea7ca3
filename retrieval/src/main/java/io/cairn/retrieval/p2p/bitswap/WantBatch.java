package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Wantlist entries the client engine gathers under its monitor and hands to the {@link Outbox} once
 * it is released, which sends them with whatever else is queued for the peer.
 */
final class WantBatch {
  private final Outbox outbox;
  private final Consumer<PeerId> onFailure;
  private final Consumer<WantList.Want> finder;
  private final Map<PeerId, List<BitswapMessage.Want>> byPeer = new LinkedHashMap<>();
  private final List<WantList.Want> searches = new ArrayList<>();

  WantBatch(Outbox outbox, Consumer<PeerId> onFailure, Consumer<WantList.Want> finder) {
    this.outbox = outbox;
    this.onFailure = onFailure;
    this.finder = finder;
  }

  /** Asks the provider finder for a want's block when the batch is sent. */
  void search(WantList.Want want) {
    searches.add(want);
  }

  void add(PeerId peer, BitswapMessage.Want want) {
    byPeer.computeIfAbsent(peer, p -> new ArrayList<>()).add(want);
  }

  /**
   * Sends what was gathered and starts the provider searches; a peer that cannot be sent to is
   * reported to {@code onFailure}.
   */
  void send() {
    searches.forEach(finder);
    byPeer.forEach(
        (peer, entries) ->
            outbox
                .sendWants(peer, entries)
                .whenComplete(
                    (v, error) -> {
                      if (error != null) {
                        onFailure.accept(peer);
                      }
                    }));
  }
}
