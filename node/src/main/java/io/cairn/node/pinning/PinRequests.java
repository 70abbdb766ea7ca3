package io.cairn.node.pinning;

import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pin requests and every change to them, each made under one lock so that the API and the
 * worker never undo each other (a request deleted while its DAG was being pinned stays deleted, and
 * its pin is given up). Owns the rule for removing pins: the service removes only a pin it made,
 * and only once no request needs its CID.
 */
final class PinRequests {
  private static final Logger LOG = LoggerFactory.getLogger(PinRequests.class);

  /** One page of {@code GET /pins}: how many requests match, and the newest of them. */
  record Page(int count, List<PinRequest> results) {}

  private final NodeHandle node;
  private final RequestStore store;
  private final Object lock = new Object();

  PinRequests(NodeHandle node, Clock clock) {
    this.node = node;
    this.store = new RequestStore(node.storage().table(RequestStore.TABLE), clock);
  }

  PinRequest add(PinRequest.Pin pin) {
    synchronized (lock) {
      UUID id = store.newId();
      PinRequest r = queued(id, pin, Optional.empty());
      store.put(r);
      return r;
    }
  }

  Optional<PinRequest> get(UUID id) {
    return store.get(id);
  }

  /** The IDs of the requests still {@code queued} or {@code pinning}. */
  List<UUID> pending() {
    try (Stream<PinRequest> all = store.all()) {
      return all.filter(r -> r.status().pending()).map(PinRequest::requestid).toList();
    }
  }

  /** How many requests are in each status (every status listed), and the newest of them. */
  record Summary(Map<PinRequest.Status, Long> counts, List<PinRequest> newest) {}

  /** How many requests are in each status, every status listed (a scan, as {@link #list} is). */
  Map<PinRequest.Status, Long> counts() {
    return summary(0).counts();
  }

  /** The counts and the newest {@code limit} requests in any status, from one scan. */
  Summary summary(int limit) {
    Map<PinRequest.Status, Long> counts = new EnumMap<>(PinRequest.Status.class);
    for (PinRequest.Status status : PinRequest.Status.values()) {
      counts.put(status, 0L);
    }
    Deque<PinRequest> newest = new ArrayDeque<>(Math.min(limit, 64));
    try (Stream<PinRequest> all = store.all()) {
      for (PinRequest r : (Iterable<PinRequest>) all::iterator) {
        counts.merge(r.status(), 1L, Long::sum);
        newest.addFirst(r);
        if (newest.size() > limit) {
          newest.removeLast();
        }
      }
    }
    return new Summary(counts, new ArrayList<>(newest));
  }

  Page list(PinQuery query) {
    int count = 0;
    Deque<PinRequest> newest = new ArrayDeque<>(Math.min(query.limit(), 64));
    try (Stream<PinRequest> all = store.all()) {
      for (PinRequest r : (Iterable<PinRequest>) all::iterator) {
        if (query.pastBefore(r.created())) {
          break; // oldest first: nothing later can be before the bound
        }
        if (query.matches(r)) {
          count++;
          newest.addFirst(r);
          if (newest.size() > query.limit()) {
            newest.removeLast();
          }
        }
      }
    }
    return new Page(count, new ArrayList<>(newest));
  }

  /**
   * Replaces request {@code old} by a new one for {@code pin}; empty if there is no such request.
   */
  Optional<PinRequest> replace(UUID old, PinRequest.Pin pin) {
    synchronized (lock) {
      PinRequest previous = store.get(old).orElse(null);
      if (previous == null) {
        return Optional.empty();
      }
      UUID id = store.newId();
      Cid oldCid = previous.pin().cid();
      // The old CID stays pinned until the new request is done, so blocks both DAGs share are
      // not collected in between (the reason the spec has replace).
      PinRequest r =
          queued(id, pin, oldCid.equals(pin.cid()) ? Optional.empty() : Optional.of(oldCid));
      store.put(r);
      store.delete(old);
      previous.release().ifPresent(c -> release(c, id));
      return Optional.of(r);
    }
  }

  boolean delete(UUID id) {
    synchronized (lock) {
      PinRequest r = store.get(id).orElse(null);
      if (r == null) {
        return false;
      }
      store.delete(id);
      release(r.pin().cid(), id);
      r.release().ifPresent(c -> release(c, id));
      return true;
    }
  }

  /**
   * The worker takes a request up: {@code queued} becomes {@code pinning}; empty if not pending.
   */
  Optional<PinRequest> start(UUID id, String details) {
    synchronized (lock) {
      PinRequest r = store.get(id).orElse(null);
      if (r == null || !r.status().pending()) {
        return Optional.empty();
      }
      if (r.status() == PinRequest.Status.QUEUED) {
        r = r.with(PinRequest.Status.PINNING, details(details));
        store.put(r);
      }
      return Optional.of(r);
    }
  }

  /**
   * The worker pinned the request's CID.
   *
   * @param made whether the worker made the pin (rather than finding it)
   */
  void pinned(UUID id, Cid cid, boolean made) {
    synchronized (lock) {
      if (made) {
        store.setOwned(cid, true);
      }
      PinRequest now = store.get(id).orElse(null);
      if (now == null) {
        release(cid, id); // deleted while the DAG was being pinned
        return;
      }
      store.put(now.with(PinRequest.Status.PINNED, Map.of()).withoutRelease());
      now.release().ifPresent(c -> release(c, id));
    }
  }

  /** The request keeps {@code pinning}, with why in its {@code info}. */
  void waiting(UUID id, String details) {
    synchronized (lock) {
      store
          .get(id)
          .filter(r -> r.status().pending())
          .ifPresent(r -> store.put(r.with(PinRequest.Status.PINNING, details(details))));
    }
  }

  void failed(UUID id, String why) {
    synchronized (lock) {
      PinRequest r = store.get(id).orElse(null);
      if (r == null || !r.status().pending()) {
        return;
      }
      store.put(r.with(PinRequest.Status.FAILED, details(why)).withoutRelease());
      r.release().ifPresent(c -> release(c, id));
    }
  }

  /** Removes the service's pin of {@code cid} unless a request other than {@code done} needs it. */
  private void release(Cid cid, UUID done) {
    if (!store.owned(cid) || store.needed(cid, done)) {
      return;
    }
    try {
      node.storage().pins().remove(cid, true);
    } catch (IllegalArgumentException e) {
      LOG.debug("pin of {} was already removed: {}", cid, e.getMessage());
    }
    store.setOwned(cid, false);
  }

  private static PinRequest queued(UUID id, PinRequest.Pin pin, Optional<Cid> release) {
    return new PinRequest(
        id, pin, PinRequest.Status.QUEUED, RequestStore.createdOf(id), Map.of(), release);
  }

  private static Map<String, String> details(String text) {
    return Map.of("status_details", text);
  }
}
