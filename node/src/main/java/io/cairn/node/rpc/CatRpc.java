package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** {@code cat}: the bytes of UnixFS files, reading only the blocks the range needs. */
final class CatRpc implements ApiCommand {
  @Override
  public String path() {
    return "cat";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    long offset = req.number("offset", "o").orElse(0L);
    long length = req.number("length", "l").orElse(-1L);
    if (offset < 0) {
      throw ApiException.client("cannot specify negative offset");
    }
    if (length < -1) {
      throw ApiException.client("cannot specify negative length");
    }
    if (req.arguments().isEmpty()) {
      throw ApiException.client("argument \"ipfs-path\" is required");
    }
    BlockStore blocks = node.blocks(req);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    List<Cid> files = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (String path : req.arguments()) {
      Cid cid = Paths.resolve(node, req, blocks, path);
      UnixFsNode stat = exporter.stat(cid);
      if (stat.kind().isDirectory()) {
        throw new IllegalArgumentException("this dag node is a directory");
      }
      if (!stat.kind().isFile()) {
        throw new IllegalArgumentException(
            path + " is not a file (" + stat.kind().name().toLowerCase() + ")");
      }
      files.add(cid);
      sizes.add(stat.size());
    }
    long total = sizes.stream().mapToLong(Long::longValue).sum();
    long first = Math.min(offset, total);
    long count = length < 0 ? total - first : Math.min(length, total - first);
    OutputStream out = res.output(count);
    long skip = offset;
    long left = count;
    for (int i = 0; i < files.size() && left > 0; i++) {
      long size = sizes.get(i);
      if (skip >= size) {
        skip -= size;
        continue;
      }
      long take = Math.min(left, size - skip);
      exporter.cat(files.get(i), skip, take, out);
      skip = 0;
      left -= take;
    }
    out.flush();
  }
}
