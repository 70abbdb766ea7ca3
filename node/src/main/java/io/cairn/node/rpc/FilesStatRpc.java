package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.Links;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code files/stat <path> [--format] [--hash] [--size] [--with-local]}: Kubo's {@code {Hash, Size,
 * CumulativeSize, Blocks, Type}} of an MFS path or a content path ({@code /ipfs/...}, {@code
 * /ipns/...}, {@code ipfs://...}), then what is set of {@code WithLocality, Local, SizeLocal}
 * ({@code --with-local}: how much of the DAG this node holds, walked without the network), {@code
 * Mtime, MtimeNsecs} and {@code Mode} (Go's file mode in octal, as Kubo writes it). The format
 * options only shape the CLI's text, but more than one of them is refused here, as in Kubo.
 */
final class FilesStatRpc implements ApiCommand {
  /** Go's {@code os.ModeDir}, {@code ModeSymlink}, {@code ModeSetuid}, {@code ModeSetgid}... */
  private static final long GO_DIR = 1L << 31;

  private static final long GO_SYMLINK = 1L << 27;
  private static final long GO_SETUID = 1L << 23;
  private static final long GO_SETGID = 1L << 22;
  private static final long GO_STICKY = 1L << 20;

  @Override
  public String path() {
    return "files/stat";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    FilesStatFormat.of(
        req.flag(false, "hash"), req.flag(false, "size"), req.option("format").orElse(null));
    String path = FilesArgs.contentOrMfsPath(req.argument(0, "path"));
    boolean withLocal = req.flag(false, "with-local");
    FilesArgs.flush(req);
    CidEncoder cids = CidEncoder.of(req);
    BlockStore blocks = node.blocks(req);
    Cid cid = FilesArgs.resolve(node, req, blocks, path);
    UnixFsNode stat = new UnixFsExporter(blocks).stat(cid);
    if (stat.kind() == UnixFsNode.Kind.OTHER) {
      throw new IllegalArgumentException("not unixfs node (proto or raw)");
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Hash", cids.encode(cid));
    out.put("Size", stat.size());
    out.put("CumulativeSize", stat.cumulativeSize());
    out.put("Blocks", stat.linkCount());
    out.put("Type", stat.kind().isDirectory() ? "directory" : "file");
    if (withLocal) {
      out.put("WithLocality", true);
      long[] local = localBytes(node.storage().blocks(), cid, blocks.require(cid));
      if (local[1] == 0) {
        out.put("Local", true);
      }
      if (local[0] != 0) {
        out.put("SizeLocal", local[0]);
      }
    }
    if (stat.mtime() != null && stat.mtime().getEpochSecond() != 0) {
      out.put("Mtime", stat.mtime().getEpochSecond());
      if (stat.mtime().getNano() != 0) {
        out.put("MtimeNsecs", stat.mtime().getNano());
      }
    }
    goMode(stat).ifPresent(mode -> out.put("Mode", String.format("%04o", mode)));
    res.emitOnce(out);
  }

  /**
   * The node's mode as Go's {@code os.FileMode} (Kubo's {@code FSNode.Mode()}): the permission
   * bits, setuid, setgid and sticky as Go's flags, and the directory or symlink flag; a symlink
   * without a mode is {@code 0777}. Empty when the node records none.
   */
  private static Optional<Long> goMode(UnixFsNode stat) {
    if (stat.mode() == null) {
      return stat.kind() == UnixFsNode.Kind.SYMLINK
          ? Optional.of(GO_SYMLINK | 0777)
          : Optional.empty();
    }
    int unix = stat.mode();
    long m = unix & 0777;
    m |= (unix & 04000) != 0 ? GO_SETUID : 0;
    m |= (unix & 02000) != 0 ? GO_SETGID : 0;
    m |= (unix & 01000) != 0 ? GO_STICKY : 0;
    m |= stat.kind().isDirectory() ? GO_DIR : 0;
    m |= stat.kind() == UnixFsNode.Kind.SYMLINK ? GO_SYMLINK : 0;
    return Optional.of(m);
  }

  /**
   * Kubo's {@code walkBlock} over the blocks this node holds (no fetching): the bytes of every
   * block reached through links from {@code root} (counted once per link, as the walk visits a
   * tree) and how many links led to a missing block. The walk holds CIDs, not blocks, and a raw
   * leaf is counted by its stored size without being read, so memory does not grow with the DAG.
   *
   * @return {@code {bytes, missing}}
   */
  private static long[] localBytes(BlockStore local, Cid root, byte[] rootData) {
    long bytes = rootData.length;
    long missing = 0;
    Deque<Cid> todo = new ArrayDeque<>(Links.of(root, rootData));
    while (!todo.isEmpty()) {
      Cid cid = todo.pop();
      if (cid.isCodec(Multicodec.RAW)) {
        OptionalInt size = local.size(cid);
        if (size.isEmpty()) {
          missing++;
        } else {
          bytes += size.getAsInt();
        }
        continue;
      }
      Optional<byte[]> data = local.get(cid);
      if (data.isEmpty()) {
        missing++;
        continue;
      }
      bytes += data.get().length;
      List<Cid> children = Links.of(cid, data.get());
      for (int i = children.size() - 1; i >= 0; i--) {
        todo.push(children.get(i));
      }
    }
    return new long[] {bytes, missing};
  }
}
