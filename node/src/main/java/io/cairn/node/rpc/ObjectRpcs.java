package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.WriteSession;
import io.cairn.storage.dag.DagPbEditor;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Kubo's {@code object} commands that remain (deprecated there, kept for older scripts): {@code
 * object diff} and {@code object patch add-link|rm-link}; the ones Kubo removed answer with its
 * error.
 */
final class ObjectRpcs {
  /** Kubo's answer for the removed {@code object} commands, naming Cairn's replacements. */
  static final String REMOVED = "removed, use 'cairn dag' or 'cairn files' instead";

  private ObjectRpcs() {}

  static List<ApiCommand> all() {
    return List.of(
        new ObjectDiffRpc(),
        new Patch("object/patch/add-link"),
        new Patch("object/patch/rm-link"),
        new Removed("object/data"),
        new Removed("object/get"),
        new Removed("object/links"),
        new Removed("object/new"),
        new Removed("object/put"),
        new Removed("object/stat"),
        new Removed("object/patch/append-data"),
        new Removed("object/patch/set-data"));
  }

  /**
   * {@code object/patch/add-link?arg=ROOT&arg=NAME&arg=REF[&create][&allow-non-unixfs]} and {@code
   * object/patch/rm-link?arg=ROOT&arg=NAME[&allow-non-unixfs]}, both with {@code allow-big-block}:
   * Kubo's {@code {Hash}} of the new root.
   */
  private static final class Patch extends AtPath {
    Patch(String path) {
      super(path);
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      boolean add = path.endsWith("add-link");
      CidEncoder cids = CidEncoder.of(req);
      BlockStore blocks = node.blocks(req);
      Cid root = Paths.resolve(node, req, blocks, req.argument(0, "root"));
      String name = req.argument(1, "name");
      Cid ref = add ? Paths.resolve(node, req, blocks, req.argument(2, "ref")) : null;
      DagPbEditor editor =
          new DagPbEditor(
              blocks, req.flag(false, "allow-non-unixfs"), req.flag(false, "allow-big-block"));
      Optional<NodeNetwork> network = node.network();
      Cid changed;
      try (WriteSession session = node.storage().beginWrite()) {
        BlockStore target =
            network.map(n -> n.announcing(session.blocks())).orElse(session.blocks());
        changed =
            add
                ? editor.addLink(root, name, ref, req.flag(false, "create", "p"), target)
                : editor.removeLink(root, name, target);
      }
      node.provideWritten(
          network,
          (n, beforeStart) -> {
            if (beforeStart) {
              n.provideStoredBeforeStart(List.of(changed));
            }
          });
      res.emitOnce(Map.of("Hash", cids.encode(changed)));
    }
  }

  /** A command Kubo removed: its error, whatever the arguments. */
  private static final class Removed extends AtPath {
    Removed(String path) {
      super(path);
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      throw new IllegalStateException(REMOVED);
    }
  }

  /** A command of this group, at the path it is made with. */
  private abstract static class AtPath implements ApiCommand {
    final String path;

    AtPath(String path) {
      this.path = path;
    }

    @Override
    public String path() {
      return path;
    }
  }
}
