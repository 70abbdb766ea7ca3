package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Fetches the next leaves of a sequential read on other threads while the reader consumes the
 * current one, so reading blocks from the store and re-hashing them overlap the copy to the output.
 * At most {@link #WINDOW} blocks are in flight, and only blocks inside the requested range are
 * asked for, so a short range fetches nothing extra. A fetch that fails is reported when (and only
 * if) the reader reaches that block. Used by one reading thread.
 */
final class ReadAhead implements AutoCloseable {
  /** Blocks fetched ahead of the reader (8 MiB with 1 MiB leaves). */
  static final int WINDOW = 8;

  private static final ExecutorService POOL =
      Executors.newFixedThreadPool(
          Math.max(2, Runtime.getRuntime().availableProcessors()),
          Thread.ofPlatform().daemon(true).name("unixfs-read-ahead-", 0).factory());

  private final NodeLoader loader;
  private final Map<Cid, Future<DecodedNode>> pending = new HashMap<>();

  ReadAhead(NodeLoader loader) {
    this.loader = loader;
  }

  /** Whether another block may be requested now. */
  boolean hasRoom() {
    return pending.size() < WINDOW;
  }

  /** Starts fetching {@code cid} unless it is already on its way. */
  void request(Cid cid) {
    if (hasRoom() && !pending.containsKey(cid) && !cid.isIdentity()) {
      pending.put(cid, POOL.submit(() -> loader.load(cid)));
    }
  }

  /** The block {@code cid}: from the read-ahead when it was requested, else fetched now. */
  DecodedNode take(Cid cid) {
    Future<DecodedNode> node = pending.remove(cid);
    return node == null ? loader.load(cid) : join(node);
  }

  private static DecodedNode join(Future<DecodedNode> node) {
    try {
      return node.get();
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading a block", e);
    } catch (CancellationException e) {
      throw new IllegalStateException("block fetch was cancelled", e);
    }
  }

  @Override
  public void close() {
    pending.values().forEach(f -> f.cancel(false));
    pending.clear();
  }
}
