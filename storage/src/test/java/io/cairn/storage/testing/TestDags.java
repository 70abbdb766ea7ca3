package io.cairn.storage.testing;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Seeded DAGs for storage tests: raw leaves under dag-pb nodes, the same for the same seed. */
public final class TestDags {
  private TestDags() {}

  /** A DAG's blocks in the order an importer writes them (children before parents) and its root. */
  public record Dag(Cid root, List<Block> blocks) {
    public Dag {
      blocks = List.copyOf(blocks);
    }

    public Set<Cid> cids() {
      Set<Cid> out = new LinkedHashSet<>();
      blocks.forEach(b -> out.add(b.cid()));
      return out;
    }

    public List<Block> leaves() {
      return blocks.stream().filter(b -> b.cid().isCodec(Multicodec.RAW)).toList();
    }

    public long bytes() {
      return blocks.stream().mapToLong(Block::size).sum();
    }
  }

  /** A raw CIDv1 block of seeded bytes. */
  public static Block raw(long seed, int size) {
    return Block.create(Multicodec.RAW, TestData.bytes(seed, size));
  }

  /** A CIDv1 dag-pb node linking {@code children} in order, with optional data. */
  public static Block node(List<Cid> children, byte[] data) {
    List<PbLink> links = new ArrayList<>();
    for (Cid c : children) {
      links.add(new PbLink(c, "", 0L));
    }
    return Block.create(Multicodec.DAG_PB, DagPb.encode(PbNode.of(data, links)));
  }

  /** The CIDv0 twin of a dag-pb node (same bytes, so the same multihash). */
  public static Cid v0(Block dagPbNode) {
    return Cid.of(0, Multicodec.DAG_PB.code(), HashFunction.SHA2_256.multihash(dagPbNode.data()));
  }

  /**
   * A balanced tree: {@code leaves} raw leaves of {@code leafSize} seeded bytes, grouped under
   * dag-pb nodes of at most {@code fanout} links, level by level up to one root.
   */
  public static Dag tree(long seed, int leaves, int leafSize, int fanout) {
    if (leaves < 1 || fanout < 2) {
      throw new IllegalArgumentException("need at least one leaf and a fan-out of two");
    }
    List<Block> blocks = new ArrayList<>();
    List<Cid> level = new ArrayList<>();
    for (int i = 0; i < leaves; i++) {
      Block leaf = raw(seed * 1_000_003L + i, leafSize);
      blocks.add(leaf);
      level.add(leaf.cid());
    }
    int depth = 0;
    do {
      List<Cid> up = new ArrayList<>();
      for (int i = 0; i < level.size(); i += fanout) {
        byte[] tag = ("level " + depth + " node " + i / fanout + " seed " + seed).getBytes();
        Block n = node(level.subList(i, Math.min(level.size(), i + fanout)), tag);
        blocks.add(n);
        up.add(n.cid());
      }
      level = up;
      depth++;
    } while (level.size() > 1);
    return new Dag(level.get(0), blocks);
  }
}
