package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.Mfs;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code files/ls [path=/] [-l/--long] [-U]}: the entries of an MFS directory in the order its
 * blocks hold them, or the one entry of a file, as Kubo's {@code {Entries: [{Name, Type, Size,
 * Hash}]}} (Type 1 for a directory, 0 else; Size a file's size, 0 for a directory). Without {@code
 * --long} only the names are read: Type 0, Size 0 and Hash "". {@code -U} (keep that order) is for
 * the CLI, which sorts by name without it. An empty directory gives {@code Entries: null}, as in
 * Kubo.
 */
final class FilesLsRpc implements ApiCommand {
  /** Kubo's {@code mfs.TDir}: the Type of a directory entry; files are 0. */
  static final int DIRECTORY = 1;

  @Override
  public String path() {
    return "files/ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String path = Mfs.checkPath(req.arguments().isEmpty() ? "/" : req.arguments().get(0));
    boolean longFormat = req.flag(false, "long", "l");
    req.flag(false, "U");
    FilesArgs.flush(req);
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.blocks(req);
    Cid cid = node.mfs().lookup(blocks, path);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    UnixFsNode stat = exporter.stat(cid);
    List<Map<String, Object>> entries;
    if (stat.kind().isDirectory()) {
      try (Stream<DirEntry> listed = exporter.listInDagOrder(cid, longFormat)) {
        entries =
            listed
                .map(
                    e ->
                        longFormat
                            ? entry(e.name(), e.kind(), e.size(), cids.encode(e.cid()))
                            : entry(e.name(), UnixFsNode.Kind.UNKNOWN, 0, ""))
                .toList();
      }
    } else {
      String name = path.substring(path.lastIndexOf('/') + 1);
      entries =
          List.of(
              longFormat
                  ? entry(name, stat.kind(), stat.size(), cids.encode(cid))
                  : entry(name, UnixFsNode.Kind.UNKNOWN, 0, ""));
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Entries", entries.isEmpty() ? null : entries);
    res.emitOnce(out);
  }

  /** One of Kubo's {@code NodeListing}s: only a file (a raw block included) has a size. */
  private static Map<String, Object> entry(
      String name, UnixFsNode.Kind kind, long size, String hash) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Name", name);
    e.put("Type", kind.isDirectory() ? DIRECTORY : 0);
    e.put("Size", kind.isFile() ? size : 0);
    e.put("Hash", hash);
    return e;
  }
}
