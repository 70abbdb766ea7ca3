package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.Mfs;
import java.util.Map;

/**
 * {@code files/flush [path=/]}: Kubo's {@code {Cid}} of an MFS path. Cairn writes every change
 * through, so there is nothing left to write: this only reports the CID.
 */
final class FilesFlushRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/flush";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String path = Mfs.checkPath(req.arguments().isEmpty() ? "/" : req.arguments().get(0));
    CidEncoder cids = CidEncoder.of(req);
    res.emitOnce(Map.of("Cid", cids.encode(node.mfs().lookup(node.blocks(req), path))));
  }
}
