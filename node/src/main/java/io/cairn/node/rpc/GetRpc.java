package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ArchiveOptions;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.OutputStream;
import java.util.zip.Deflater;

/**
 * {@code get}: a file or tree as Kubo sends it: a tar stream (PAX, the transport the CLI unpacks),
 * a tar archive with {@code archive}, gzipped with {@code compress}; {@code compress} alone gzips
 * one file (a directory fails with Kubo's "file is not regular"). {@code X-Content-Length} is the
 * size of the content, for the client's progress bar, as in Kubo.
 */
final class GetRpc implements ApiCommand {
  @Override
  public String path() {
    return "get";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    boolean archive = req.flag(false, "archive", "a");
    int level = compressionLevel(req);
    String path = req.argument(0, "ipfs-path");
    BlockStore blocks = node.blocks(req);
    Cid cid = Paths.resolve(node, req, blocks, path);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    UnixFsNode stat = exporter.stat(cid);
    if (!archive && level != 0 && !stat.kind().isFile() && stat.kind() != UnixFsNode.Kind.SYMLINK) {
      // Kubo's get.go, before any output: gzip without tar takes a single file.
      throw new IllegalArgumentException("file is not regular");
    }
    long size = stat.kind().isFile() ? stat.size() : stat.cumulativeSize();
    OutputStream out = res.output(size, level != 0 ? "application/gzip" : "application/x-tar");
    exporter.writeArchive(cid, archiveName(path), new ArchiveOptions(archive, level), out);
  }

  /** The name of the archive's top entry: the path's last segment (an IPNS name, when alone). */
  private static String archiveName(String path) {
    if (!path.strip().startsWith("/ipns/")) {
      return IpfsPath.parse(path).lastName();
    }
    String[] parts = IpnsPaths.contentPath(path).split("/");
    return parts[parts.length - 1];
  }

  /** Kubo's rule: no compression unless {@code compress}; then the level given, 1 to 9. */
  static int compressionLevel(ApiRequest req) {
    if (!req.flag(false, "compress", "C")) {
      return 0;
    }
    long level = req.number("compression-level", "l").orElse((long) Deflater.DEFAULT_COMPRESSION);
    if (level != Deflater.DEFAULT_COMPRESSION && (level < 1 || level > 9)) {
      throw ApiException.client("compression level must be between 1 and 9");
    }
    return (int) level;
  }
}
