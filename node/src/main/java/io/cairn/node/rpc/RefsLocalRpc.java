package io.cairn.node.rpc;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import java.util.stream.Stream;

/**
 * {@code refs/local} (and Kubo's alias {@code repo/ls}): every block in the repo, as CIDv1 raw (the
 * store keys blocks by multihash), one {@code {Ref, Err}} each.
 */
final class RefsLocalRpc extends PathCommand {

  RefsLocalRpc(String path) {
    super(path);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    CidEncoder cids = CidEncoder.of(req);
    try (Stream<Multihash> keys = node.storage().blocks().keys()) {
      keys.forEach(mh -> res.emit(RefsRpc.ref(cids.encode(Cid.v1(Multicodec.RAW, mh)))));
    }
  }
}
