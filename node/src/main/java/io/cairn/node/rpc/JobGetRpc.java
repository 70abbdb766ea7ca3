package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.market.MarketRpcs;
import io.cairn.storage.Cid;
import java.util.List;

/**
 * {@code job/get}: the job's {@code /outputs} as {@code get} sends a tree; with {@code market}, a
 * market job's, its provider's node dialed first.
 */
final class JobGetRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/get";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Cid root;
    if (req.flag(false, "market")) {
      root = MarketRpcs.reachOutput(req, node);
    } else {
      JobRecord job = JobRpcs.job(req, node.jobs());
      JobResult r = JobRpcs.ended(job);
      if (r.outputRoot() == null) {
        throw ApiException.client(
            "job " + job.id() + " kept no outputs: it ended " + r.status().label());
      }
      root = r.outputRoot();
    }
    ApiRequest get = new ApiRequest("get", List.of(root.toString()), req.options(), null);
    new GetRpc().run(get, res, node);
  }
}
