package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code ls}: the links of UnixFS directories (or a file's chunks), as Kubo's {@code LsOutput}
 * {@code {Objects: [{Hash, Links: [{Name, Hash, Size, Type, Target}]}]}}: one value for all paths,
 * or with {@code stream} one value per link in DAG order.
 */
final class LsRpc implements ApiCommand {
  @Override
  public String path() {
    return "ls";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean resolve = req.flag(true, "resolve-type") || req.flag(true, "size");
    boolean stream = req.flag(false, "stream", "s");
    List<String> paths = req.requiredArguments("ipfs-path");
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.blocks(req);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    List<Map<String, Object>> objects = new ArrayList<>();
    for (String path : paths) {
      Cid cid = Paths.resolve(node, req, blocks, path);
      List<Map<String, Object>> links = new ArrayList<>();
      try (Stream<DirEntry> entries = entries(exporter, cid, resolve, stream)) {
        entries.forEach(
            e -> {
              if (stream) {
                res.emit(Map.of("Objects", List.of(object(path, List.of(link(e, cids))))));
              } else {
                links.add(link(e, cids));
              }
            });
      }
      objects.add(object(path, links));
    }
    if (!stream) {
      res.emitOnce(Map.of("Objects", objects));
    }
  }

  private static Stream<DirEntry> entries(
      UnixFsExporter exporter, Cid cid, boolean resolve, boolean stream) {
    // Blocks of other codecs (a raw leaf, dag-cbor) have no UnixFS links to list, as in Kubo.
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      return Stream.empty();
    }
    // A file lists its chunks (unnamed links), resolved like directory entries, as Kubo does.
    return stream ? exporter.listInDagOrder(cid, resolve) : exporter.list(cid, resolve);
  }

  private static Map<String, Object> object(String path, List<Map<String, Object>> links) {
    Map<String, Object> obj = new LinkedHashMap<>();
    obj.put("Hash", path);
    obj.put("Links", links);
    return obj;
  }

  private static Map<String, Object> link(DirEntry e, CidEncoder cids) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", e.name());
    m.put("Hash", cids.encode(e.cid()));
    m.put("Size", e.size());
    m.put("Type", typeCode(e.kind()));
    m.put("Target", e.symlinkTarget() == null ? "" : e.symlinkTarget());
    return m;
  }

  /** Kubo's numeric UnixFS types (a sharded directory shows as a directory). */
  private static int typeCode(UnixFsNode.Kind kind) {
    return switch (kind) {
      case DIRECTORY, HAMT_DIRECTORY -> 1;
      case FILE, RAW -> 2;
      case SYMLINK -> 4;
      // Kubo leaves the type unset (0) for children it did not resolve or could not classify.
      default -> 0;
    };
  }
}
