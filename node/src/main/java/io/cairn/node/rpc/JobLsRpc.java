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

/** {@code job/ls}: every job, oldest first. */
final class JobLsRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeJobs jobs = node.jobs();
    List<Map<String, Object>> all = new ArrayList<>();
    for (JobRecord job : jobs.queue().list()) {
      all.add(JobJson.of(job, jobs.receipt(job.id())));
    }
    res.emit(Map.of("Jobs", all));
  }
}
