package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.Mfs;
import java.time.Instant;

/**
 * {@code files/touch <path> [--mtime] [--mtime-nsecs]}: sets the UnixFS modification time of an MFS
 * file or directory: {@code mtime} seconds (and nanoseconds) since the epoch, or now when no {@code
 * mtime} (or 0) is given, as in Kubo. Emits nothing.
 */
final class FilesTouchRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/touch";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String path = Mfs.checkPath(req.argument(0, "path"));
    long mtime = req.number("mtime").orElse(0L);
    long nsecs =
        req.option("mtime-nsecs").map(v -> ImportSettings.goUint("mtime-nsecs", v)).orElse(0L);
    FilesArgs.flush(req);
    Instant when = mtime != 0 ? Instant.ofEpochSecond(mtime, nsecs) : Instant.now();
    node.mfs().touch(node.blocks(req), path, when);
  }
}
