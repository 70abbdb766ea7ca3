package io.cairn.node.rpc;

import io.cairn.compute.JobResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.io.OutputStream;

/** {@code job/logs}: an ended job's standard output, or its standard error with {@code stderr}. */
final class JobLogsRpc implements ApiCommand {
  @Override
  public String path() {
    return "job/logs";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
    JobResult r = JobRpcs.ended(JobRpcs.job(req, node.jobs()));
    boolean stderr = req.flag(false, "stderr");
    Cid log = stderr ? r.stderr() : r.stdout();
    BlockStore blocks = node.storage().blocks();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    if (log == null) {
      res.output(0, "text/plain").close();
      return;
    }
    long size = exporter.stat(log).size();
    try (OutputStream out = res.output(size, "text/plain")) {
      exporter.cat(log, 0, -1, out);
    }
  }
}
