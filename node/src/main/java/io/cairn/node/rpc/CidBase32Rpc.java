package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.util.List;

/**
 * {@code cid/base32}: converts CIDs to base32 CIDv1 as Kubo does; one {@code {CidStr, Formatted,
 * ErrorMsg}} per argument. Needs no repo.
 */
final class CidBase32Rpc implements ApiCommand {
  @Override
  public String path() {
    return "cid/base32";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    CidFormat.emitEach(res, cids(req), text -> Cid.parse(text).toV1().toString(Multibase.BASE32));
  }

  /** The CIDs to convert: the arguments, at least one. */
  static List<String> cids(ApiRequest req) {
    if (req.arguments().isEmpty()) {
      throw ApiException.client("argument \"cid\" is required");
    }
    return req.arguments();
  }
}
