package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.PeerId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiPredicate;
import java.util.function.Function;

/**
 * One iterative Kademlia lookup towards a keyspace position: at most {@code alpha} queries in
 * flight, each asking a peer for the peers it knows closer to the target; it ends when the k
 * closest peers that did not fail have all answered. A lookup may also be told to explore the
 * region of keyspace that shares the target's first {@code exploreBits} bits: every peer found
 * inside it is queried too (up to a cap). When the region holds fewer than k live peers, the
 * exploration widens to the smallest enclosing region that holds k, because that is where the k
 * closest peers of every key of the region lie. A reply handler may stop the lookup early (enough
 * providers found).
 *
 * <p>However it ends (done, stopped by a reply, failed or cancelled), the end is final: the queries
 * still in flight are cancelled (their streams closed), no further peer is queried, and no reply
 * that comes later reaches the reply handler.
 */
final class Lookup {
  /** What became of one peer in the lookup. */
  private enum State {
    WAITING,
    IN_FLIGHT,
    ANSWERED,
    FAILED
  }

  /** The most peers one lookup queries, whatever the network does. */
  static final int MAX_QUERIES = 400;

  private final KadKey target;
  private final int alpha;
  private final int k;
  private final Function<PeerId, CompletableFuture<KadMessage>> query;
  private final BiPredicate<PeerId, KadMessage> stopWhen;
  private final int exploreBits;
  private final int exploreCap;
  private final PeerId self;
  private final TreeMap<KadKey, PeerId> peers;
  private final java.util.Map<PeerId, State> states = new java.util.HashMap<>();
  private final java.util.Map<PeerId, CompletableFuture<KadMessage>> inFlightReplies =
      new java.util.HashMap<>();
  private final CompletableFuture<List<PeerId>> result = new CompletableFuture<>();
  private int inFlight;
  private int queried;
  private int explored;
  private boolean stopped;

  /**
   * @param query sends the lookup's request to one peer
   * @param stopWhen looks at each reply and the peer that sent it; true ends the lookup at once
   * @param exploreBits the prefix length of the region to explore; -1 for none
   * @param exploreCap the most peers queried because of {@code explore}
   */
  Lookup(
      PeerId self,
      KadKey target,
      int alpha,
      int k,
      Function<PeerId, CompletableFuture<KadMessage>> query,
      BiPredicate<PeerId, KadMessage> stopWhen,
      int exploreBits,
      int exploreCap) {
    this.self = self;
    this.target = target;
    this.alpha = alpha;
    this.k = k;
    this.query = query;
    this.stopWhen = stopWhen;
    this.exploreBits = exploreBits;
    this.exploreCap = exploreCap;
    this.peers = new TreeMap<>(target::compareDistance);
    result.whenComplete((r, e) -> cancelInFlight());
  }

  /** The lookup's outcome (the future {@link #run} returns); cancelling it stops the lookup. */
  CompletableFuture<List<PeerId>> result() {
    return result;
  }

  /**
   * Runs {@code step} (telling of a query) unless the lookup has ended, under the lock its end is
   * decided under, so that nothing is told after the end.
   */
  synchronized void whileRunning(Runnable step) {
    if (!result.isDone()) {
      step.run();
    }
  }

  /** Once the lookup ended: cancels the queries still in flight, which closes their streams. */
  private void cancelInFlight() {
    List<CompletableFuture<KadMessage>> pending;
    synchronized (this) {
      pending = List.copyOf(inFlightReplies.values());
      inFlightReplies.clear();
    }
    pending.forEach(f -> f.cancel(true));
  }

  /**
   * Runs the lookup from {@code seeds} (the routing table's closest peers).
   *
   * @return the peers that answered, closest to the target first
   */
  CompletableFuture<List<PeerId>> run(Collection<PeerId> seeds) {
    synchronized (this) {
      seeds.forEach(this::add);
    }
    pump();
    return result;
  }

  private void add(PeerId p) {
    if (!p.equals(self) && !states.containsKey(p)) {
      states.put(p, State.WAITING);
      peers.put(KadKey.of(p), p);
    }
  }

  /** Starts queries while fewer than alpha are in flight; finishes when nothing is left to do. */
  private void pump() {
    List<PeerId> toQuery = new ArrayList<>();
    synchronized (this) {
      if (result.isDone()) {
        return;
      }
      while (!stopped && inFlight < alpha && queried < MAX_QUERIES) {
        PeerId next = next();
        if (next == null) {
          break;
        }
        states.put(next, State.IN_FLIGHT);
        inFlight++;
        queried++;
        toQuery.add(next);
      }
      if (stopped || (inFlight == 0 && toQuery.isEmpty())) {
        List<PeerId> answered = new ArrayList<>();
        for (PeerId p : peers.values()) {
          if (states.get(p) == State.ANSWERED) {
            answered.add(p);
          }
        }
        result.complete(answered);
        return;
      }
    }
    for (PeerId p : toQuery) {
      CompletableFuture<KadMessage> reply;
      try {
        reply = query.apply(p);
      } catch (RuntimeException e) {
        reply = CompletableFuture.failedFuture(e);
      }
      boolean ended;
      synchronized (this) {
        ended = result.isDone();
        if (!ended && !reply.isDone()) {
          inFlightReplies.put(p, reply);
        }
      }
      if (ended) {
        reply.cancel(true); // the lookup ended while this query was being sent
      }
      reply.whenComplete((m, e) -> done(p, m, e));
    }
  }

  /** The closest waiting peer among the k closest live ones, else a waiting peer to explore. */
  private PeerId next() {
    int live = 0;
    for (PeerId p : peers.values()) {
      State s = states.get(p);
      if (s == State.FAILED) {
        continue;
      }
      if (live++ >= k) {
        break;
      }
      if (s == State.WAITING) {
        return p;
      }
    }
    if (exploreBits >= 0 && explored < exploreCap) {
      int bits = exploreBits();
      for (var e : peers.entrySet()) {
        if (states.get(e.getValue()) == State.WAITING
            && target.commonPrefixLength(e.getKey()) >= bits) {
          explored++;
          return e.getValue();
        }
      }
    }
    return null;
  }

  /** The explored region's prefix length: exploreBits, shortened until the region holds k peers. */
  private int exploreBits() {
    int[] atLeast = new int[KadKey.BITS + 2];
    for (var e : peers.entrySet()) {
      if (states.get(e.getValue()) != State.FAILED) {
        atLeast[target.commonPrefixLength(e.getKey())]++;
      }
    }
    for (int i = KadKey.BITS - 1; i >= 0; i--) {
      atLeast[i] += atLeast[i + 1];
    }
    int bits = exploreBits;
    while (bits > 0 && atLeast[bits] < k) {
      bits--;
    }
    return bits;
  }

  private void done(PeerId peer, KadMessage reply, Throwable error) {
    synchronized (this) {
      inFlight--;
      inFlightReplies.remove(peer);
      if (result.isDone()) {
        return; // the lookup ended: a late reply changes nothing and reaches no handler
      }
      if (error != null || reply == null) {
        states.put(peer, State.FAILED);
      } else {
        states.put(peer, State.ANSWERED);
        for (KadMessage.Peer p : reply.closerPeers()) {
          add(p.id());
        }
        try {
          if (stopWhen.test(peer, reply)) {
            stopped = true;
          }
        } catch (RuntimeException e) {
          stopped = true;
          result.completeExceptionally(e);
        }
      }
    }
    pump();
  }
}
