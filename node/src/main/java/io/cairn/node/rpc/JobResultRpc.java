package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code job/result}: an ended job's result and receipt. */
final class JobResultRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/result";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeJobs jobs = node.jobs();
    JobRecord job = JobRpcs.job(req, jobs);
    JobResult r = JobRpcs.ended(job);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", job.id());
    m.put("State", job.state().label());
    m.putAll(JobJson.result(r));
    jobs.receipt(job.id()).ifPresent(c -> m.put("Receipt", c.toString()));
    res.emit(m);
  }
}
