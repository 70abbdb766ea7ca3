package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.util.Map;

/**
 * {@code files/chroot [cid] [--confirm]}: makes a directory this node holds the MFS root, or an
 * empty directory when no CID is given, and emits Kubo's {@code {Message}} naming the old and new
 * roots. Only with {@code --confirm}. Unlike Kubo's, which must run with the daemon stopped, it
 * runs in a daemon too: the node's MFS changes its root like any other change.
 */
final class FilesChrootRpc implements ApiCommand {
  /** The empty UnixFS directory, which may be the new root without being held (as in Kubo). */
  private static final Cid EMPTY_DIRECTORY =
      Cid.parse("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");

  @Override
  public String path() {
    return "files/chroot";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (!req.flag(false, "confirm")) {
      throw new IllegalArgumentException(
          "this is a potentially destructive operation; pass --confirm to proceed");
    }
    CidEncoder cids = CidEncoder.of(req);
    Cid newRoot = null;
    if (!req.arguments().isEmpty()) {
      String argument = req.arguments().get(0);
      try {
        newRoot = Cid.parse(argument.strip());
      } catch (InvalidCidException e) {
        throw new IllegalArgumentException(
            "invalid CID \"" + argument + "\": " + e.getMessage(), e);
      }
    }
    BlockStore local = node.storage().blocks();
    if (newRoot != null && !newRoot.equals(EMPTY_DIRECTORY)) {
      checkDirectory(local, newRoot, cids);
    }
    Cid old = node.mfs().chroot(local, newRoot);
    String was = cids.encode(old);
    String now = cids.encode(node.mfs().root());
    res.emitOnce(
        Map.of(
            "Message",
            "MFS root changed from "
                + was
                + " to "
                + now
                + "\nThe old root "
                + was
                + " will be garbage collected unless pinned.\n"));
  }

  /** Kubo's checks of a new root: held here, dag-pb, UnixFS, a directory. */
  private static void checkDirectory(BlockStore local, Cid root, CidEncoder cids) {
    if (!local.has(root)) {
      throw new IllegalArgumentException(
          "new root "
              + cids.encode(root)
              + " does not exist locally; fetch it first with 'cairn block get'");
    }
    if (root.codec() != Multicodec.DAG_PB.code()) {
      throw new IllegalArgumentException(
          "new root is not a valid dag-pb node: its codec is " + Multicodec.nameOf(root.codec()));
    }
    UnixFsNode stat = new UnixFsExporter(local).stat(root);
    switch (stat.kind()) {
      case DIRECTORY, HAMT_DIRECTORY -> {}
      case OTHER -> throw new IllegalArgumentException("new root is not a valid UnixFS node");
      case SYMLINK ->
          throw new IllegalArgumentException("new root must be a directory, got Symlink");
      default -> throw new IllegalArgumentException("new root must be a directory, got File");
    }
  }
}
