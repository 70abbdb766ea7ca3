package io.cairn.storage.rocksdb;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.Links;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Depth-first, pre-order traversal of DAGs, pulled one CID at a time, with links followed in the
 * order their blocks store them (as {@link io.cairn.storage.dag.DagWalker}, whose links it reads
 * through {@link Links}). Unlike that walker it does not need to read raw leaves, which have no
 * links: pinning only checks they are held, and the GC mark does not touch them at all. Visited
 * CIDs go to a caller's {@link Visited} set, so walks of several roots can share one.
 */
final class DagTraversal {
  /** What to do with raw blocks, which cannot have links. */
  enum Leaves {
    /** Neither read nor check them (the GC mark: a raw block matters only by its key). */
    SKIP,
    /** Check they are held, without reading them. */
    CHECK,
    /** Read every block and re-hash it, whatever the store's read verification. */
    VERIFY
  }

  /** Blocks the traversal could not follow; an implementation may throw to stop it. */
  interface Problems {
    void missing(Cid cid);

    /** A block whose bytes do not match its CID or do not decode in its codec. */
    void corrupt(Cid cid, RuntimeException cause);
  }

  /** Stops at the first problem: {@link BlockNotFoundException} or the corruption's cause. */
  static final Problems FAIL =
      new Problems() {
        @Override
        public void missing(Cid cid) {
          throw new BlockNotFoundException(cid);
        }

        @Override
        public void corrupt(Cid cid, RuntimeException cause) {
          throw cause;
        }
      };

  /** The set of CIDs already reached. */
  interface Visited {
    /** Records {@code cid}; false if it was already reached, so it is not walked again. */
    boolean add(Cid cid);
  }

  /** Visited by binary CID, as Kubo's walks are: CIDv0 and CIDv1 of one block are distinct. */
  static Visited byCid() {
    ByteKeySet set = new ByteKeySet();
    return cid -> set.add(cid.bytes());
  }

  private final BlockStore store;
  private final Leaves leaves;
  private final Visited visited;
  private final Problems problems;
  private final Deque<Cid> stack = new ArrayDeque<>();

  DagTraversal(BlockStore store, Leaves leaves, Visited visited, Problems problems) {
    this.store = store;
    this.leaves = leaves;
    this.visited = visited;
    this.problems = problems;
  }

  /** Queues a root: its DAG is walked after what is queued already. */
  DagTraversal add(Cid root) {
    stack.addLast(root);
    return this;
  }

  /**
   * The next block reached and held, its links queued to follow; null when the walk is done.
   * Missing and corrupt blocks go to {@link Problems} and are not returned.
   */
  Cid next() {
    while (!stack.isEmpty()) {
      Cid cid = stack.pop();
      if (visited.add(cid) && reach(cid)) {
        return cid;
      }
    }
    return null;
  }

  private boolean reach(Cid cid) {
    if (cid.isCodec(Multicodec.RAW)) {
      return switch (leaves) {
        case SKIP -> true;
        case CHECK -> held(cid);
        case VERIFY -> read(cid).isPresent();
      };
    }
    Optional<byte[]> data = read(cid);
    if (data.isEmpty()) {
      return false;
    }
    List<Cid> links;
    try {
      links = Links.of(cid, data.get());
    } catch (RuntimeException e) {
      problems.corrupt(cid, e);
      return false;
    }
    for (int i = links.size() - 1; i >= 0; i--) {
      stack.push(links.get(i));
    }
    return true;
  }

  private boolean held(Cid cid) {
    if (store.has(cid)) {
      return true;
    }
    problems.missing(cid);
    return false;
  }

  private Optional<byte[]> read(Cid cid) {
    Optional<byte[]> data;
    try {
      data = store.get(cid);
      if (data.isPresent() && leaves == Leaves.VERIFY && !verifies(cid, data.get())) {
        throw new CorruptBlockException(cid, "disk");
      }
    } catch (CorruptBlockException e) {
      problems.corrupt(cid, e);
      return Optional.empty();
    }
    if (data.isEmpty()) {
      problems.missing(cid);
    }
    return data;
  }

  private static boolean verifies(Cid cid, byte[] data) {
    return cid.multihash().function().isPresent() && cid.multihash().matches(data);
  }
}
