package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.UnixFsExporter;

/** Turns command arguments ({@code <cid>}, {@code /ipfs/<cid>/a/b}, {@code <cid>/a}) into CIDs. */
final class Paths {
  private Paths() {}

  /** Resolves a path through UnixFS directories to the CID it names. */
  static Cid resolve(BlockStore blocks, String argument) {
    IpfsPath path = IpfsPath.parse(argument);
    if (path.segments().isEmpty()) {
      return path.root();
    }
    return new UnixFsExporter(blocks).resolve(path);
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
