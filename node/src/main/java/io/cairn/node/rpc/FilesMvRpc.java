package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.Mfs;

/**
 * {@code files/mv <source> <dest>}: moves an MFS file or directory, into {@code dest} when it is a
 * directory, as Unix's {@code mv}. Emits nothing.
 */
final class FilesMvRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/mv";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String src = req.argument(0, "source");
    String dst = req.argument(1, "dest");
    FilesArgs.flush(req);
    node.mfs().move(node.blocks(req), Mfs.checkPath(src), Mfs.checkPath(dst));
  }
}
