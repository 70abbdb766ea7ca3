package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import java.util.stream.Stream;

/**
 * {@code filestore/dups}: the blocks held both as filestore references and as stored bytes (a file
 * added with {@code --nocopy} and again without), Kubo's {@code {Ref, Err}} each.
 */
final class FilestoreDupsRpc implements ApiCommand {
  @Override
  public String path() {
    return "filestore/dups";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    CidEncoder cids = CidEncoder.of(req);
    try (Stream<Cid> dups = FilestoreLsRpc.filestore(node).duplicates()) {
      dups.forEach(c -> res.emit(RefsRpc.ref(cids.encode(c))));
    }
  }
}
