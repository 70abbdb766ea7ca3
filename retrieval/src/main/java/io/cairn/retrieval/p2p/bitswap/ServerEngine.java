package io.cairn.retrieval.p2p.bitswap;

import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Payload;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Presence;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.Want;
import io.cairn.retrieval.p2p.bitswap.BitswapMessage.WantType;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving half: keeps what each peer wants (capped per peer, see {@link PeerLedger}) and
 * answers from the block store on worker threads: a want-have with HAVE, or with the block itself
 * when it is small, or DONT_HAVE when asked; a want-block with the block. A want answered DONT_HAVE
 * stays in the peer's wantlist until the peer cancels it, as in Kubo. Replies are packed into
 * messages under 4 MiB, and a peer's replies wait while its stream is not writable or holds more
 * than the in-flight limit.
 */
final class ServerEngine {
  private static final Logger LOG = LoggerFactory.getLogger(ServerEngine.class);

  /** Wants taken from a peer's queue per reply message at most. */
  static final int WANTS_PER_DRAIN = 256;

  private final BlockStore store;
  private final Executor workers;
  private final Outbox outbox;
  private final Ledgers ledgers;
  private final Counters counters;
  private final BitswapOptions options;

  ServerEngine(
      BlockStore store,
      Executor workers,
      Outbox outbox,
      Ledgers ledgers,
      Counters counters,
      BitswapOptions options) {
    this.store = store;
    this.workers = workers;
    this.outbox = outbox;
    this.ledgers = ledgers;
    this.counters = counters;
    this.options = options;
  }

  /** Applies a peer's wantlist update (without blocking) and starts serving it. */
  void onWantlist(PeerId peer, List<Want> entries, boolean full) {
    if (entries.isEmpty() && !full) {
      return;
    }
    PeerLedger ledger = ledgers.get(peer);
    ledger.update(entries, full);
    drain(ledger);
  }

  /**
   * A block came into the store: the peers whose kept want for it was answered DONT_HAVE get it (or
   * HAVE), as Kubo's engine does on NotifyNewBlocks.
   */
  void onNewBlock(Cid cid) {
    if (!ledgers.wanted(cid)) {
      return;
    }
    for (PeerLedger ledger : ledgers.all()) {
      if (ledger.reopen(cid)) {
        drain(ledger);
      }
    }
  }

  /** The peer's stream became writable again: serve what waits. */
  void onWritable(PeerId peer) {
    ledgers.existing(peer).ifPresent(this::drain);
  }

  private void drain(PeerLedger ledger) {
    if (!outbox.isWritable(ledger.peer)) {
      return;
    }
    List<Want> batch = ledger.startDrain(WANTS_PER_DRAIN, options.maxInFlightBytesPerPeer());
    if (!batch.isEmpty()) {
      try {
        workers.execute(() -> serve(ledger, batch));
      } catch (RejectedExecutionException e) {
        ledger.endDrain(0);
        LOG.debug("bitswap: no worker to serve {}: {}", ledger.peer, e.toString());
      }
    }
  }

  private void serve(PeerLedger ledger, List<Want> batch) {
    List<Payload> blocks = new ArrayList<>();
    List<Presence> presences = new ArrayList<>();
    long size = 16;
    long blockBytes = 0;
    int served = 0;
    for (Want w : batch) {
      if (ledger.isWithdrawn(w.cid())) {
        served++;
        continue;
      }
      Optional<byte[]> data = Optional.empty();
      OptionalInt have;
      try {
        have = store.size(w.cid());
        boolean sendBlock =
            have.isPresent()
                && (w.type() == WantType.BLOCK || have.getAsInt() <= options.inlineBlockSize());
        if (sendBlock) {
          data = store.get(w.cid());
          if (data.isEmpty()) {
            have = OptionalInt.empty(); // deleted since size() looked
          }
        }
      } catch (RuntimeException e) {
        // A block the store cannot read (corrupt, I/O) is answered as missing, never retried.
        LOG.warn("bitswap: reading {} for {} failed: {}", w.cid(), ledger.peer, e.getMessage());
        have = OptionalInt.empty();
        data = Optional.empty();
      }
      long cost =
          data.map(d -> (long) d.length + BitswapCodec.blockOverhead(w.cid()))
              .orElse((long) BitswapCodec.entryOverhead(w.cid()));
      if (size + cost > BitswapMessage.MAX_MESSAGE_SIZE && served > 0) {
        break;
      }
      served++;
      size += cost;
      if (data.isPresent()) {
        blocks.add(Payload.of(w.cid(), data.get()));
        blockBytes += data.get().length;
      } else if (have.isPresent()) {
        presences.add(new Presence(w.cid(), true));
      } else if (w.sendDontHave()) {
        presences.add(new Presence(w.cid(), false));
      }
      ledger.answered(w, have.isPresent());
    }
    ledger.requeue(batch.subList(served, batch.size()));
    BitswapMessage reply = new BitswapMessage(List.of(), false, blocks, presences, 0);
    if (reply.isEmpty()) {
      ledger.endDrain(0);
      drain(ledger);
      return;
    }
    long queued = size;
    ledger.endDrain(queued);
    for (Payload p : blocks) {
      ledger.sent(p.data().length);
    }
    counters.blocksSent.addAndGet(blocks.size());
    counters.dataSent.addAndGet(blockBytes);
    outbox
        .send(ledger.peer, reply)
        .whenComplete(
            (v, error) -> {
              ledger.written(queued);
              if (error != null) {
                LOG.debug("bitswap: reply to {} failed: {}", ledger.peer, error.getMessage());
              }
              drain(ledger);
            });
    drain(ledger);
  }
}
