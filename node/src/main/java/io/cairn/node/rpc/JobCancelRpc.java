package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import java.util.NoSuchElementException;

/** {@code job/cancel}: stops a queued or running job. */
final class JobCancelRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/cancel";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeJobs jobs = node.jobs();
    long id = JobRpcs.id(req);
    JobRecord job;
    try {
      job = jobs.queue().cancel(id);
    } catch (NoSuchElementException e) {
      throw new ApiException(ApiException.Kind.NOT_FOUND, "no job " + id + " here");
    } catch (IllegalStateException e) {
      throw ApiException.client(e.getMessage());
    }
    res.emit(JobJson.of(job, jobs.receipt(job.id())));
  }
}
