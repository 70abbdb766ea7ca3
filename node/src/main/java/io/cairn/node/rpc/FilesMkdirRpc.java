package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.CidPrefix;
import io.cairn.storage.unixfs.Mfs;

/**
 * {@code files/mkdir <path> [-p/--parents] [--cid-version] [--hash]}: makes an MFS directory, and
 * with {@code parents} the missing ones above it (then one that exists is no error). Emits nothing.
 */
final class FilesMkdirRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/mkdir";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean parents = req.flag(false, "parents", "p");
    String path = Mfs.checkPath(req.argument(0, "path"));
    FilesArgs.flush(req);
    CidPrefix prefix = FilesArgs.prefix(req);
    node.mfs().mkdir(node.blocks(req), path, parents, prefix);
  }
}
