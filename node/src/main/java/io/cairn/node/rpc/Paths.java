package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.DagResolver;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.util.List;

/** Turns command arguments ({@code <cid>}, {@code /ipfs/<cid>/a/b}, {@code <cid>/a}) into CIDs. */
final class Paths {
  private Paths() {}

  /**
   * Resolves a path argument to the CID it names: IPNS names at its head ({@code /ipns/k51.../a})
   * through the node's name system (as Kubo's commands take them), then UnixFS directories.
   */
  static Cid resolve(NodeHandle node, ApiRequest req, BlockStore blocks, String argument) {
    return resolve(blocks, names(node, req, argument));
  }

  /**
   * The argument with IPNS names at its head resolved to an {@code /ipfs/} path (Kubo's defaults:
   * recursive, 16 records, 1 min); any other argument as it is.
   */
  static String names(NodeHandle node, ApiRequest req, String argument) {
    if (!argument.strip().startsWith("/ipns/")) {
      return argument;
    }
    return IpnsPaths.resolve(
        node,
        req,
        IpnsPaths.contentPath(argument),
        true,
        io.cairn.retrieval.ipns.NameSystem.ResolveOptions.defaults());
  }

  /** Resolves a path through UnixFS directories to the CID it names. */
  static Cid resolve(BlockStore blocks, String argument) {
    IpfsPath path = IpfsPath.parse(argument);
    if (path.segments().isEmpty()) {
      return path.root();
    }
    return new UnixFsExporter(blocks).resolve(path);
  }

  /**
   * Kubo's resolver of {@code /ipfs/} paths ({@code resolve}, {@code dag get}, {@code dag
   * resolve}): in dag-pb nodes a segment is a UnixFS name, looked up through the shards of a
   * sharded directory; in other codecs a field or index.
   */
  static DagResolver ipfsResolver(BlockStore blocks) {
    UnixFsExporter unixFs = new UnixFsExporter(blocks);
    return new DagResolver(
        blocks, (node, name) -> unixFs.resolve(new IpfsPath(node, List.of(name))));
  }

  /**
   * Kubo's resolver for a path argument: the data model alone for an {@code /ipld/} path, else
   * {@link #ipfsResolver}.
   */
  static DagResolver resolverFor(BlockStore blocks, String argument) {
    return argument.strip().startsWith("/ipld/") ? new DagResolver(blocks) : ipfsResolver(blocks);
  }

  /** A bare CID argument (no path allowed). */
  static Cid cid(String argument) {
    IpfsPath path = IpfsPath.parse(argument);
    if (!path.segments().isEmpty()) {
      throw ApiException.client("expected a CID, not a path: " + argument);
    }
    return path.root();
  }
}
