package io.cairn.storage.dag;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.Links;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Depth-first, pre-order traversal of a DAG with links followed in the order their block stores
 * them: the order CAR export, {@code refs} and pinning use. Each CID is visited once per {@code
 * seen} set, so callers walking several roots can share one set.
 */
public final class DagWalker {
  /** Called once per block reached. */
  @FunctionalInterface
  public interface Visitor {
    /**
     * @return whether to descend into this block's links
     */
    boolean visit(Cid cid, byte[] data);
  }

  /** What to do when a block is not in the store. */
  public enum OnMissing {
    FAIL,
    SKIP
  }

  private final BlockStore store;
  private final OnMissing onMissing;

  public DagWalker(BlockStore store, OnMissing onMissing) {
    this.store = store;
    this.onMissing = onMissing;
  }

  /**
   * Walks from {@code root}.
   *
   * @param seen CIDs already visited; updated as the walk goes
   * @throws BlockNotFoundException for a missing block when {@link OnMissing#FAIL}
   */
  public void walk(Cid root, Set<Cid> seen, Visitor visitor) {
    Deque<Cid> stack = new ArrayDeque<>();
    stack.push(root);
    while (!stack.isEmpty()) {
      Cid cid = stack.pop();
      if (!seen.add(cid)) {
        continue;
      }
      Optional<byte[]> data = store.get(cid);
      if (data.isEmpty()) {
        if (onMissing == OnMissing.FAIL) {
          throw new BlockNotFoundException(cid);
        }
        continue;
      }
      if (!visitor.visit(cid, data.get())) {
        continue;
      }
      List<Cid> links = Links.of(cid, data.get());
      for (int i = links.size() - 1; i >= 0; i--) {
        if (!seen.contains(links.get(i))) {
          stack.push(links.get(i));
        }
      }
    }
  }
}
