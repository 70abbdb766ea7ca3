package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.CidPrefix;

/**
 * {@code files/chcid <path> [--cid-version] [--hash]}: re-encodes an MFS directory (not the root,
 * whose format is the config's {@code Import.CidVersion} and {@code Import.HashFunction}) in the
 * CID format asked for; without either option it changes nothing, as in Kubo. Emits nothing.
 */
final class FilesChcidRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/chcid";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String path = req.argument(0, "path");
    FilesArgs.flush(req);
    CidPrefix prefix = FilesArgs.prefix(req);
    node.mfs().changeCid(node.blocks(req), path, prefix);
  }
}
