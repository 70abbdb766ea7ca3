package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import java.time.Duration;

/**
 * {@code job/status}: where a job is and, once ended, how it ended. With {@code wait=true} it
 * answers when the job ends (its receipt signed) or after {@link #WAIT}, whichever comes first, so
 * a client that waits for a job asks again at most once a second and learns of the end at once.
 */
final class JobStatusRpc implements ApiCommand {
  static final Duration WAIT = Duration.ofSeconds(1);

  @Override
  public String path() {
    return "job/status";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    NodeJobs jobs = node.jobs();
    JobRecord job = JobRpcs.job(req, jobs);
    if (req.flag(false, "wait") && !job.state().terminal()) {
      try {
        job = jobs.awaitEnd(job.id(), WAIT);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ApiException(ApiException.Kind.NORMAL, "interrupted while waiting for the job");
      }
    }
    res.emit(JobJson.of(job, jobs.receipt(job.id())));
  }
}
