package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A block store that fetches the blocks it lacks through Bitswap (storing them in the store it
 * wraps), for cat, get and the gateway. A fetch waits at most {@code timeout} and then fails with a
 * {@link BlockFetchException} naming the CID and the time-out; offline, a missing block fails at
 * once, saying so. {@link #has}, {@link #keys} and writes are local.
 *
 * <p>Fetches go through one {@link BitswapSession}, so once a peer had a block the next ones are
 * asked of it directly; {@link #newSession} gives a store with a session of its own, for one
 * request (a {@code cat}, a gateway response).
 *
 * <p>A session reads ahead: when a file's dag-pb node is read, its chunks are fetched in the
 * background ({@link ChildPrefetch}), so walking a file keeps many wants out at once.
 */
public final class FetchingBlockStore extends ForwardingBlockStore {
  private final BlockStore local;
  private final Bitswap bitswap;
  private final BitswapSession session;
  private final ChildPrefetch prefetch;
  private final Duration timeout;
  private final boolean offline;
  private final boolean waitForPeers;
  private final FetchGuard guard;

  /** The guard of the request this thread serves, for stores without one of their own. */
  private static final ThreadLocal<FetchGuard> REQUEST = new ThreadLocal<>();

  public FetchingBlockStore(BlockStore local, Bitswap bitswap, Duration timeout, boolean offline) {
    this(local, bitswap, bitswap.newSession(), timeout, offline, false, FetchGuard.NEVER);
  }

  private FetchingBlockStore(
      BlockStore local,
      Bitswap bitswap,
      BitswapSession session,
      Duration timeout,
      boolean offline,
      boolean waitForPeers,
      FetchGuard guard) {
    this(
        local,
        bitswap,
        session,
        new ChildPrefetch(local, session, timeout, guard),
        timeout,
        offline,
        waitForPeers,
        guard);
  }

  private FetchingBlockStore(
      BlockStore local,
      Bitswap bitswap,
      BitswapSession session,
      ChildPrefetch prefetch,
      Duration timeout,
      boolean offline,
      boolean waitForPeers,
      FetchGuard guard) {
    super(local);
    this.waitForPeers = waitForPeers;
    this.prefetch = prefetch;
    this.guard = guard;
    this.local = local;
    this.bitswap = Objects.requireNonNull(bitswap, "bitswap");
    this.session = session;
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    this.offline = offline;
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("fetch time-out must be positive, not " + timeout);
    }
  }

  /** The same store, refusing to fetch (or fetching again) as {@code offline} says. */
  public FetchingBlockStore offline(boolean offline) {
    return new FetchingBlockStore(
        local, bitswap, session, prefetch, timeout, offline, waitForPeers, guard);
  }

  /** The same store, waiting at most {@code timeout} for each block it fetches. */
  public FetchingBlockStore timeout(Duration timeout) {
    return new FetchingBlockStore(
        local, bitswap, session, prefetch, timeout, offline, waitForPeers, guard);
  }

  /**
   * The same store, waiting (until the time-out, or its signal) for a peer to ask when there is
   * none, or not: see {@link BitswapSession#fetch(Cid, Duration, boolean)}. Without, the default, a
   * read of a block nobody can be asked for fails within about a second ({@link
   * BlockFetchException.Reason#NO_PEERS}), as a gateway wants; with, a peer that connects meanwhile
   * is asked at once, as for Kubo's commands. Read-ahead does not wait.
   */
  public FetchingBlockStore waitingForPeers(boolean wait) {
    return new FetchingBlockStore(local, bitswap, session, prefetch, timeout, offline, wait, guard);
  }

  /** The same store with a session of its own, for the blocks of one request. */
  public FetchingBlockStore newSession() {
    return new FetchingBlockStore(
        local, bitswap, bitswap.newSession(), timeout, offline, waitForPeers, guard);
  }

  /**
   * A store with a session of its own whose fetches stop when {@code signal} completes (the request
   * they serve was abandoned or ran past its deadline): the wants no other fetch waits for are
   * withdrawn, read-ahead stops, and a read waiting for a block, or started after, fails at once
   * with a {@link BlockFetchException} of reason {@code CANCELLED} whose cause is the signal's
   * value (or failure). No thread is interrupted.
   */
  public FetchingBlockStore cancelledBy(CompletionStage<? extends Throwable> signal) {
    return new FetchingBlockStore(
        local,
        bitswap,
        bitswap.newSession(),
        timeout,
        offline,
        waitForPeers,
        FetchGuard.of(signal));
  }

  /**
   * Runs {@code work} on this thread so that the fetches it makes through fetching stores without a
   * signal of their own stop when {@code signal} completes, as {@link #cancelledBy} stops a
   * store's: for a request served by parts built once over a shared store (the gateway's
   * responders). Read-ahead of the shared session goes on; it serves other requests too.
   */
  public static void runCancellable(CompletionStage<? extends Throwable> signal, Runnable work) {
    FetchGuard outer = REQUEST.get();
    REQUEST.set(FetchGuard.of(signal));
    try {
      work.run();
    } finally {
      if (outer == null) {
        REQUEST.remove();
      } else {
        REQUEST.set(outer);
      }
    }
  }

  public boolean isOffline() {
    return offline;
  }

  @Override
  public Optional<byte[]> get(Cid cid) {
    Optional<byte[]> held = local.get(cid);
    byte[] data = held.isPresent() ? held.get() : fetch(cid).data();
    if (!offline) {
      prefetch.onRead(cid, data);
    }
    return Optional.of(data);
  }

  @Override
  public OptionalInt size(Cid cid) {
    OptionalInt held = local.size(cid);
    if (held.isPresent()) {
      return held;
    }
    return OptionalInt.of(fetch(cid).size());
  }

  private Block fetch(Cid cid) {
    if (offline) {
      throw new BlockFetchException(
          cid,
          BlockFetchException.Reason.OFFLINE,
          "is not in the repo, and the node is offline",
          null);
    }
    FetchGuard guard = this.guard;
    if (guard == FetchGuard.NEVER && REQUEST.get() != null) {
      guard = REQUEST.get();
    }
    Throwable gaveUp = guard.reason();
    if (gaveUp != null) {
      throw cancelled(cid, gaveUp);
    }
    var future = guard.track(session.fetch(cid, timeout, waitForPeers));
    try {
      // The fetch times itself out; the extra second only guards against a lost completion.
      return future.get(timeout.toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      future.cancel(false);
      Thread.currentThread().interrupt();
      throw new BlockFetchException(cid, "fetch was interrupted", e);
    } catch (TimeoutException e) {
      future.cancel(false);
      throw new BlockFetchException(
          cid,
          BlockFetchException.Reason.TIMED_OUT,
          "was not found on the network within " + ClientEngine.describe(timeout),
          e);
    } catch (CancellationException e) {
      gaveUp = guard.reason();
      if (gaveUp != null) {
        throw cancelled(cid, gaveUp);
      }
      throw new BlockFetchException(cid, "fetch was cancelled", e);
    } catch (ExecutionException | CompletionException e) {
      Throwable c = e.getCause() == null ? e : e.getCause();
      if (c instanceof RuntimeException r
          && (c instanceof BlockFetchException || c instanceof WantlistFullException)) {
        throw r;
      }
      throw new BlockFetchException(cid, "could not be fetched: " + c.getMessage(), c);
    }
  }

  private static BlockFetchException cancelled(Cid cid, Throwable why) {
    return new BlockFetchException(
        cid, BlockFetchException.Reason.CANCELLED, "fetch was cancelled: " + why.getMessage(), why);
  }

  /** Closes nothing: the wrapped store and Bitswap belong to their owner. */
  @Override
  public void close() {}
}
