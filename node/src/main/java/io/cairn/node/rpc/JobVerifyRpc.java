package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.storage.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * {@code job/verify}: checks a receipt's Ed25519 and ML-DSA-65 signatures and, for a WASM job whose
 * spec is here, runs it again and compares status, output CID and fuel. Emits the report, then
 * fails when the receipt does not verify.
 */
final class JobVerifyRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/verify";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Cid receipt = JobRpcs.cid(req.argument(0, "receipt"));
    NodeJobs.Verification v;
    try {
      v = node.jobs().verify(receipt);
    } catch (NoSuchElementException e) {
      throw new ApiException(ApiException.Kind.NOT_FOUND, e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.client("receipt " + receipt + " cannot be read: " + e.getMessage());
    }
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Receipt", receipt.toString());
    m.put("Spec", v.receipt().receipt().spec().toString());
    m.put("PeerId", v.receipt().receipt().peerId());
    m.put("Signatures", v.signaturesValid());
    m.put("Reexecuted", v.rerun() != null);
    if (v.rerun() != null) {
      m.put(
          "OutputRoot", v.rerun().outputRoot() == null ? null : v.rerun().outputRoot().toString());
      m.put("FuelUsed", v.rerun().fuelUsed());
    }
    if (v.note() != null) {
      m.put("Note", v.note());
    }
    if (v.problem() != null) {
      m.put("Problem", v.problem());
    }
    m.put("Valid", v.valid());
    res.emit(m);
    if (!v.valid()) {
      throw new IllegalStateException("receipt " + receipt + " does not verify: " + v.problem());
    }
  }
}
