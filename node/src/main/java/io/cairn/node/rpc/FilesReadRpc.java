package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.Mfs;
import io.cairn.storage.unixfs.MfsException;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.OutputStream;
import java.util.Optional;

/**
 * {@code files/read <path> [-o/--offset] [-n/--count]}: the bytes of an MFS file from {@code
 * offset}, at most {@code count} of them, streamed; only the blocks holding them are read.
 */
final class FilesReadRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/read";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String path = Mfs.checkPath(req.argument(0, "path"));
    long offset = req.number("offset", "o").orElse(0L);
    Optional<Long> count = req.number("count", "n");
    FilesArgs.flush(req);
    BlockStore blocks = node.blocks(req);
    Cid cid;
    try {
      cid = node.mfs().lookup(blocks, path);
    } catch (MfsException e) {
      throw new MfsException(path + ": " + e.getMessage());
    }
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    UnixFsNode stat = exporter.stat(cid);
    if (!stat.kind().isFile()) {
      throw new IllegalArgumentException(path + " was not a file");
    }
    if (offset < 0) {
      throw new IllegalArgumentException("cannot specify negative offset");
    }
    if (offset > stat.size()) {
      throw new IllegalArgumentException(
          "offset was past end of file (" + offset + " > " + stat.size() + ")");
    }
    if (count.isPresent() && count.get() < 0) {
      throw new IllegalArgumentException("cannot specify negative 'count'");
    }
    long length = Math.min(count.orElse(Long.MAX_VALUE), stat.size() - offset);
    OutputStream out = res.output(length);
    exporter.cat(cid, offset, length, out);
    out.flush();
  }
}
