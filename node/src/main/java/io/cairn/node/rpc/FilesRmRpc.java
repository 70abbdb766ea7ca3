package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.BlockStore;
import io.cairn.storage.unixfs.Mfs;
import io.cairn.storage.unixfs.MfsException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code files/rm <path>... [-r/--recursive] [--force]}: removes MFS paths, a directory only with
 * {@code -r}; {@code --force} removes whatever is there and takes a missing path for removed. As
 * Kubo, a path that cannot be removed does not stop the others: each failure is emitted as a
 * string, then the command fails with "can't remove some files". On success it emits nothing.
 * {@code --flush=false} is refused, as Kubo refuses it for this command.
 */
final class FilesRmRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/rm";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    if (!FilesArgs.flush(req)) {
      throw new IllegalArgumentException(
          "files rm always flushes for safety. The --flush flag cannot be set to false for this"
              + " command");
    }
    boolean force = req.flag(false, "force");
    boolean recursive = req.flag(false, "recursive", "r");
    List<String> arguments = req.requiredArguments("path");
    BlockStore blocks = node.blocks(req);
    Mfs mfs = node.mfs();
    List<String> errors = new ArrayList<>();
    for (String argument : arguments) {
      String path;
      try {
        path = Mfs.checkPath(argument);
      } catch (MfsException e) {
        errors.add(argument + " is not a valid path: " + e.getMessage());
        continue;
      }
      try {
        mfs.remove(blocks, path, recursive, force);
      } catch (ApiException e) {
        throw e; // cancelled: the rest would fail alike
      } catch (RuntimeException e) {
        errors.add(path + ": " + e.getMessage());
      }
    }
    if (!errors.isEmpty()) {
      errors.forEach(res::emit);
      throw new IllegalArgumentException("can't remove some files");
    }
  }
}
