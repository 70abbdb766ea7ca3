package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.CidPrefix;
import io.cairn.storage.unixfs.Mfs;
import io.cairn.storage.unixfs.MfsException;

/**
 * {@code files/cp <source> <dest> [-p/--parents] [--force]}: links what {@code source} names (an
 * MFS path, or a content path, which wins over an MFS path of the same name) at {@code dest}
 * without copying its DAG; a {@code dest} ending in '/' gets the source's last name appended. Only
 * a UnixFS node (dag-pb) or a raw block may be linked, as in Kubo. Emits nothing.
 */
final class FilesCpRpc implements ApiCommand {
  private static final String NOT_UNIXFS =
      "cp: source must be a valid UnixFS (dag-pb or raw codec)";

  @Override
  public String path() {
    return "files/cp";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String source = req.argument(0, "source");
    String dest = req.argument(1, "dest");
    boolean force = req.flag(false, "force");
    boolean parents = req.flag(false, "parents", "p");
    FilesArgs.flush(req);
    CidPrefix prefix = FilesArgs.prefix(req);
    String src = FilesArgs.contentOrMfsPath(source).replaceAll("/+$", "");
    String dst = Mfs.checkPath(dest);
    if (dst.endsWith("/")) {
      dst += baseName(src);
    }
    BlockStore blocks = node.blocks(req);
    Cid cid;
    try {
      cid = FilesArgs.resolve(node, req, blocks, src);
    } catch (ApiException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          "cp: cannot get node from path " + src + ": " + e.getMessage(), e);
    }
    try {
      node.mfs().put(blocks, dst, cid, parents, force, prefix);
    } catch (MfsException e) {
      // Kubo prefixes what putting the node met, not its own "cp: ..." errors before it.
      throw e.getMessage().startsWith("cp: ")
          ? e
          : new MfsException("cp: cannot put node in path " + dst + ": " + e.getMessage());
    }
  }

  /** Go's {@code path.Base}: the last element, "." for an empty path, "/" for the root. */
  private static String baseName(String path) {
    if (path.isEmpty()) {
      return ".";
    }
    String trimmed = path.replaceAll("/+$", "");
    return trimmed.isEmpty() ? "/" : trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }
}
