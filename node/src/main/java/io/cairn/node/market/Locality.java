package io.cairn.node.market;

import io.cairn.compute.JobSpec;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.Links;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
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
    return walk(roots(spec), local, null).local();
  }

  /**
   * Walks the job's DAGs, reading each block locally when present and through {@code network}
   * otherwise (which fetches and keeps it), and counts the bytes of each kind.
   */
  static Bytes fetch(JobSpec spec, BlockStore local, BlockStore network) {
    return walk(roots(spec), local, network);
  }

  private static Bytes walk(List<Cid> roots, BlockStore local, BlockStore network) {
    long here = 0;
    long fetched = 0;
    Deque<Cid> todo = new ArrayDeque<>(roots);
    Set<Cid> seen = new HashSet<>();
    while (!todo.isEmpty()) {
      Cid cid = todo.pop();
      if (!seen.add(cid)) {
        continue;
      }
      Optional<byte[]> bytes = local.get(cid);
      if (bytes.isPresent()) {
        here += bytes.get().length;
      } else if (network != null) {
        bytes = network.get(cid);
        if (bytes.isEmpty()) {
          throw new IllegalStateException(
              "block " + cid + " of the job is not found on the network");
        }
        fetched += bytes.get().length;
      } else {
        continue;
      }
      if (Links.supports(cid.codec())) {
        for (Cid link : Links.of(cid, bytes.get())) {
          todo.push(link);
        }
      }
    }
    return new Bytes(here, fetched);
  }
}
