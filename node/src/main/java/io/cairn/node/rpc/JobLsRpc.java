package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** {@code job/ls}: every job, oldest first; with {@code market}, the market's jobs on chain. */
final class JobLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (req.flag(false, "market")) {
      io.cairn.node.market.MarketRpcs.ls(req, res, node);
      return;
    }
    NodeJobs jobs = node.jobs();
    List<Map<String, Object>> all = new ArrayList<>();
    for (JobRecord job : jobs.queue().list()) {
      all.add(JobJson.of(job, jobs.receipt(job.id())));
    }
    res.emit(Map.of("Jobs", all));
  }
}
