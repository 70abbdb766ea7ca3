package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;

/** {@code job/status}: where a job is and, once ended, how it ended. */
final class JobStatusRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/status";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeJobs jobs = node.jobs();
    JobRecord job = JobRpcs.job(req, jobs);
    res.emit(JobJson.of(job, jobs.receipt(job.id())));
  }
}
