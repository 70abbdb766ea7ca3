package io.cairn.storage.codec;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.NoSuchLinkException;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Resolves {@code <cid>/a/b/0} paths through data model values and across blocks, as {@code dag
 * get} and {@code dag resolve} do: map keys and list indexes are walked inside a block, and a link
 * met on the way (or at the end of a non-empty path) is followed into its block. Blocks are read
 * leniently, so historical non-canonical DAG-CBOR resolves as it does elsewhere.
 *
 * <p>A dag-pb node is walked in one of Kubo's two ways: by its data model ({@code Data}, {@code
 * Links/0/Hash}), as Kubo resolves {@code /ipld/} paths, or, given a way to look names up, by link
 * names alone, as Kubo resolves {@code /ipfs/} paths through UnixFS (there {@code Data} and {@code
 * Links} are names like any other).
 */
public final class DagResolver {
  /** Blocks one resolution may cross before it is refused as runaway. */
  public static final int MAX_HOPS = 4096;

  /**
   * Where a path ends.
   *
   * @param block the block holding the node
   * @param node the node the path names
   * @param remainder the path to the node inside {@code block} ("" for the block's root)
   */
  public record Resolved(Cid block, Ipld node, String remainder) {}

  private final BlockStore store;
  private final BiFunction<Cid, String, Cid> dagPbNames;

  /**
   * A resolver of the data model alone, Kubo's for {@code /ipld/} paths: in a dag-pb node a segment
   * is a field ({@code Data}, {@code Links}), never a link name.
   */
  public DagResolver(BlockStore store) {
    this(store, null);
  }

  /**
   * A resolver that follows a name in a dag-pb node through {@code dagPbNames} (given the node and
   * the name, the CID it names; it throws when the node has no such link), as Kubo resolves {@code
   * /ipfs/} paths through UnixFS, sharded directories included: every segment in a dag-pb node is a
   * link name, {@code Data} and {@code Links} too.
   */
  public DagResolver(BlockStore store, BiFunction<Cid, String, Cid> dagPbNames) {
    this.store = store;
    this.dagPbNames = dagPbNames;
  }

  /**
   * Resolves {@code path} from {@code root}.
   *
   * @throws IllegalArgumentException naming the segment, the path in the block and the block where
   *     resolution stopped
   * @throws BlockNotFoundException if a block on the way is not in the store
   */
  public Resolved resolve(Cid root, String path) {
    List<String> segments = IpldPath.segments(path);
    Cid block = root;
    int from = 0;
    for (int hop = 0; hop <= MAX_HOPS; hop++) {
      Cid current = block;
      byte[] data = store.get(current).orElseThrow(() -> new BlockNotFoundException(current));
      if (dagPbNames != null
          && from < segments.size()
          && block.codec() == Multicodec.DAG_PB.code()) {
        block = namedLink(block, data, segments.get(from));
        from++;
        continue;
      }
      Ipld node = DagCodecs.decode(block, data, Strictness.LENIENT);
      IpldPath.Step step = IpldPath.walk(node, segments, from, "", block);
      boolean follow =
          step.node() instanceof Ipld.Link && (step.next() < segments.size() || step.next() > from);
      if (!follow) {
        return new Resolved(
            block, step.node(), String.join("/", segments.subList(from, segments.size())));
      }
      block = ((Ipld.Link) step.node()).cid();
      from = step.next();
    }
    throw new IllegalArgumentException(
        "path " + path + " from " + root + " crosses more than " + MAX_HOPS + " blocks");
  }

  /**
   * As Kubo resolves {@code /ipfs/} paths through dag-pb (go-unixfsnode's reifier): the segment
   * names a link, the one {@link #dagPbNames} finds or, for a node that is not UnixFS, the first
   * one of that name.
   *
   * @throws NoSuchLinkException when the node has no link of that name
   */
  private Cid namedLink(Cid block, byte[] data, String segment) {
    try {
      return dagPbNames.apply(block, segment);
    } catch (CodecException e) {
      // Not UnixFS (its data is something else): its links are looked up by name as they are
      // written, as Kubo's resolver reads a dag-pb node that UnixFS cannot.
    }
    for (PbLink link : DagPb.decode(data).links()) {
      if (segment.equals(link.name())) {
        return link.cid();
      }
    }
    throw new NoSuchLinkException(segment, block);
  }

  /** Parses {@code <cid>[/path]} (an optional {@code /ipfs/} or {@code /ipld/} prefix allowed). */
  public Resolved resolve(String cidAndPath) {
    String p = cidAndPath.strip();
    for (String prefix : List.of("/ipfs/", "/ipld/")) {
      if (p.startsWith(prefix)) {
        p = p.substring(prefix.length());
      }
    }
    int slash = p.indexOf('/');
    Cid root = Cid.parse(slash < 0 ? p : p.substring(0, slash));
    return resolve(root, slash < 0 ? "" : p.substring(slash + 1));
  }
}
