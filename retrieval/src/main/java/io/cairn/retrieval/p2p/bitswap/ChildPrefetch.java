package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Read-ahead for a session walking a file's DAG: when a dag-pb node is read, its unnamed links (a
 * file's chunks; a directory's entries are named and left alone) are queued and fetched in the
 * background, {@link #WINDOW} at a time, so the walk has many wants out at once instead of one per
 * round trip. Fetched blocks land in the store, where the walk finds them. A prefetch that fails is
 * forgotten: the walk fetches the block again and reports the error itself. Thread-safe.
 */
final class ChildPrefetch {
  /** Prefetches in flight at once (32 MiB of 1 MiB chunks, 8 MiB of 256 KiB ones). */
  static final int WINDOW = 32;

  /** Links queued at most; more are not prefetched (the walk fetches them when it gets there). */
  static final int MAX_QUEUED = 4096;

  private final BlockStore local;
  private final BitswapSession session;
  private final Duration timeout;
  private final FetchGuard guard;
  private final ArrayDeque<Cid> queued = new ArrayDeque<>();
  private int inFlight;

  /**
   * @param guard cancels the prefetches in flight, and stops new ones, with the request's fetches
   */
  ChildPrefetch(BlockStore local, BitswapSession session, Duration timeout, FetchGuard guard) {
    this.local = local;
    this.session = session;
    this.timeout = timeout;
    this.guard = guard;
  }

  /** A block the walk read: queues its children when it is a dag-pb node, and starts fetches. */
  void onRead(Cid cid, byte[] data) {
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      return;
    }
    Iterable<PbLink> links;
    try {
      links = DagPb.decode(data).links();
    } catch (CodecException e) {
      return; // not ours to report: the walk decodes it and says what is wrong
    }
    synchronized (this) {
      for (PbLink link : links) {
        if (queued.size() >= MAX_QUEUED) {
          break;
        }
        if (link.nameOrEmpty().isEmpty() && !link.cid().isIdentity()) {
          queued.add(link.cid());
        }
      }
    }
    pump();
  }

  synchronized int inFlight() {
    return inFlight;
  }

  synchronized int queued() {
    return queued.size();
  }

  private void pump() {
    while (true) {
      Cid next;
      synchronized (this) {
        if (guard.reason() != null) {
          queued.clear();
          return;
        }
        if (inFlight >= WINDOW || queued.isEmpty()) {
          return;
        }
        next = queued.poll();
        inFlight++;
      }
      if (local.has(next)) {
        done();
        continue;
      }
      guard
          .track(session.fetch(next, timeout))
          .whenComplete(
              (block, error) -> {
                done();
                pump();
              });
    }
  }

  private synchronized void done() {
    inFlight--;
  }
}
