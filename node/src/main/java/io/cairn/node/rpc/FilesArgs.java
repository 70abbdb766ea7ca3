package io.cairn.node.rpc;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.unixfs.CidPrefix;
import io.cairn.storage.unixfs.Mfs;
import java.util.Optional;

/**
 * What the {@code files} commands share: Kubo's {@code --flush}, {@code --cid-version} and {@code
 * --hash}, and its paths that may name MFS or content.
 */
final class FilesArgs {
  private FilesArgs() {}

  /**
   * Kubo's {@code --flush} (short {@code -f}, default true), which every {@code files} command
   * takes. Cairn writes every change through, so false defers nothing; it is read only to refuse a
   * value that is not a boolean, as Kubo does.
   */
  static boolean flush(ApiRequest req) {
    return req.flag(true, "flush", "f");
  }

  /**
   * The CID format that {@code --cid-version} (or Kubo's alias {@code --cid-ver}) and {@code
   * --hash} ask for, as Kubo's {@code getPrefix} reads them; null when neither is given.
   */
  static CidPrefix prefix(ApiRequest req) {
    Integer version = req.number("cid-version", "cid-ver").map(Long::intValue).orElse(null);
    HashFunction hash = null;
    Optional<String> hashName = req.option("hash");
    if (hashName.isPresent()) {
      try {
        hash = HashFunction.forName(hashName.get());
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "unrecognized hash function: \"" + hashName.get() + "\"", e);
      }
    }
    return CidPrefix.ofFlags(version, hash);
  }

  /** Whether an argument names content ({@code /ipfs/...}, {@code ipns://...}) rather than MFS. */
  static boolean isContentPath(String argument) {
    String p = ResolveRpc.canonical(argument);
    return p.startsWith("/ipfs/") || p.startsWith("/ipns/") || p.startsWith("/ipld/");
  }

  /**
   * Kubo's {@code checkContentOrMfsPath}: a content path or native URI in its {@code /ipfs/} form,
   * else the argument checked and cleaned as an MFS path.
   */
  static String contentOrMfsPath(String argument) {
    return isContentPath(argument) ? ResolveRpc.canonical(argument) : Mfs.checkPath(argument);
  }

  /**
   * The node a path from {@link #contentOrMfsPath} names: a content path resolved (IPNS names
   * first), an MFS path looked up in the node's MFS.
   */
  static Cid resolve(NodeHandle node, ApiRequest req, BlockStore blocks, String path) {
    if (isContentPath(path)) {
      return Paths.resolve(node, req, blocks, path);
    }
    return node.mfs().lookup(blocks, path);
  }
}
