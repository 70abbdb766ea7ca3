package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.LogStream;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * {@code job/logs}: an ended job's standard output, or its standard error with {@code stderr}. With
 * {@code follow}, a queued or running job's log is streamed as the job writes it (chunked, one
 * chunk per write) until the job ends; the log's caps apply as they do to the stored log.
 */
final class JobLogsRpc implements ApiCommand {
  private static final int CHUNK = 64 * 1024;

  @Override
  public String path() {
    return "job/logs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
    NodeJobs jobs = node.jobs();
    JobRecord job = JobRpcs.job(req, jobs);
    LogStream stream = req.flag(false, "stderr") ? LogStream.STDERR : LogStream.STDOUT;
    UnixFsExporter exporter = new UnixFsExporter(node.storage().blocks());
    if (!req.flag(false, "follow")) {
      Cid log = stored(JobRpcs.ended(job), stream);
      if (log == null) {
        res.output(0, "text/plain").close();
        return;
      }
      long size = exporter.stat(log).size();
      try (OutputStream out = res.output(size, "text/plain")) {
        exporter.cat(log, 0, -1, out);
      }
      return;
    }
    try (OutputStream out = res.output(-1, "text/plain")) {
      long offset = follow(jobs, job.id(), stream, out);
      JobResult result = jobs.job(job.id()).result();
      Cid log = result == null ? null : stored(result, stream);
      if (log == null) {
        return; // no log kept, or the node is stopping with the job unfinished
      }
      long size = exporter.stat(log).size();
      if (size > offset) {
        exporter.cat(log, offset, size - offset, out);
      }
    }
  }

  /** Copies the log as the job writes it until the job ends; returns how many bytes were sent. */
  private static long follow(NodeJobs jobs, long id, LogStream stream, OutputStream out)
      throws IOException {
    byte[] buf = new byte[CHUNK];
    long offset = 0;
    try {
      for (int n; (n = jobs.queue().readLive(id, stream, offset, buf)) >= 0; ) {
        out.write(buf, 0, n);
        out.flush();
        offset += n;
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while following job " + id);
    } catch (java.util.NoSuchElementException e) {
      throw new ApiException(ApiException.Kind.NOT_FOUND, e.getMessage());
    }
    return offset;
  }

  private static Cid stored(JobResult r, LogStream stream) {
    return stream == LogStream.STDERR ? r.stderr() : r.stdout();
  }
}
