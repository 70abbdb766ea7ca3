package io.cairn.node.market;

import io.cairn.compute.JobSpec;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.Links;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How much of a job's module and inputs this node already stores: the scheduler prefers jobs with
 * more bytes here, and before a run fetches the rest, counting both.
 */
final class Locality {
  /** Bytes of a job's DAGs found in the local store and fetched from peers. */
  record Bytes(long local, long fetched) {}

  private Locality() {}

  /** The roots a job reads: its module and every input. */
  static List<Cid> roots(JobSpec spec) {
    List<Cid> roots = new ArrayList<>();
    roots.add(spec.module());
    roots.addAll(spec.inputs().values());
    return roots;
  }

  /** Bytes of the job's DAGs held locally, walking only local blocks (nothing is fetched). */
  static long localBytes(JobSpec spec, BlockStore local) {
    long bytes = 0;
    for (byte[] b : localBlocks(roots(spec), local).values()) {
      bytes += b.length;
    }
    return bytes;
  }

  /**
   * Walks the job's DAGs, reading what is missing through {@code network} (which fetches and keeps
   * it), and counts the bytes that were here before the walk began and those fetched. Fetching
   * prefetches a block's children, so what was here is taken from a local-only walk done first; a
   * local block reachable only under a missing one counts as fetched.
   */
  static Bytes fetch(JobSpec spec, BlockStore local, BlockStore network) {
    Map<Cid, byte[]> here = localBlocks(roots(spec), local);
    long localBytes = 0;
    long fetched = 0;
    Deque<Cid> todo = new ArrayDeque<>(roots(spec));
    Set<Cid> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Cid cid = todo.pop();
      if (!seen.add(cid)) {
        continue;
      }
      byte[] bytes = here.get(cid);
      if (bytes != null) {
        localBytes += bytes.length;
      } else {
        bytes =
            network
                .get(cid)
                .orElseThrow(
                    () -> new IllegalStateException("block " + cid + " of the job is not found"));
        fetched += bytes.length;
      }
      push(todo, cid, bytes);
    }
    return new Bytes(localBytes, fetched);
  }

  /** The blocks of the DAGs under {@code roots} reachable through local blocks alone. */
  private static Map<Cid, byte[]> localBlocks(List<Cid> roots, BlockStore local) {
    Map<Cid, byte[]> found = new HashMap<>();
    Deque<Cid> todo = new ArrayDeque<>(roots);
    while (!todo.isEmpty()) {
      Cid cid = todo.pop();
      if (found.containsKey(cid)) {
        continue;
      }
      Optional<byte[]> bytes = local.get(cid);
      if (bytes.isPresent()) {
        found.put(cid, bytes.get());
        push(todo, cid, bytes.get());
      }
    }
    return found;
  }

  private static void push(Deque<Cid> todo, Cid cid, byte[] bytes) {
    if (Links.supports(cid.codec())) {
      for (Cid link : Links.of(cid, bytes)) {
        todo.push(link);
      }
    }
  }
}
