package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.Mfs;
import io.cairn.storage.unixfs.MfsException;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.util.List;

/**
 * {@code add --to-files PATH}: links what an add made into MFS, with Kubo's rules: into the
 * directory PATH under each entry's name when PATH ends in '/', else at PATH itself (then only one
 * entry may be added); the parent must exist, and nothing is replaced.
 */
final class AddToFiles {
  private static final String OPTION = "to-files";

  private AddToFiles() {}

  /**
   * @param names each root's top-level name, null for an unnamed stream (which MFS cannot name)
   */
  static void link(
      NodeHandle node, ApiRequest req, String toFiles, List<AddedEntry> roots, List<String> names) {
    Mfs mfs = node.mfs();
    BlockStore blocks = node.blocks(req);
    String target = toFiles.isEmpty() ? "/" : toFiles;
    boolean added = false;
    for (int i = 0; i < roots.size(); i++) {
      String name = names.get(i);
      if (name == null || name.isEmpty()) {
        throw fail("cannot add unnamed files to MFS");
      }
      String dst;
      try {
        dst = Mfs.checkPath(target);
      } catch (MfsException e) {
        throw fail(e.getMessage());
      }
      boolean intoDirectory = dst.endsWith("/");
      if (intoDirectory) {
        try {
          if (!isDirectory(blocks, mfs, dst)) {
            throw fail("MFS destination \"" + dst + "\" is not a directory");
          }
        } catch (MfsException e) {
          throw fail("MFS destination directory \"" + dst + "\" does not exist: " + e.getMessage());
        }
        dst += name.substring(name.lastIndexOf('/') + 1);
      }
      if (added && !intoDirectory) {
        throw fail("MFS destination is a file: only one entry can be copied to \"" + dst + "\"");
      }
      String parent = dst.substring(0, Math.max(1, dst.lastIndexOf('/')));
      try {
        mfs.lookup(blocks, parent);
      } catch (MfsException e) {
        throw fail(
            "MFS destination parent \""
                + dst
                + "\" \""
                + parent
                + "\" does not exist: "
                + e.getMessage());
      }
      try {
        mfs.put(blocks, dst, roots.get(i).cid(), false, false, null);
      } catch (MfsException e) {
        throw fail("cannot put node in path \"" + dst + "\": " + e.getMessage());
      }
      added = true;
    }
  }

  private static boolean isDirectory(BlockStore blocks, Mfs mfs, String path) {
    return new UnixFsExporter(blocks).stat(mfs.lookup(blocks, path)).kind().isDirectory();
  }

  private static ApiException fail(String message) {
    return new ApiException(ApiException.Kind.NORMAL, OPTION + ": " + message);
  }
}
