package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.Mfs;

/**
 * {@code files/chmod <mode> <path>}: sets the UnixFS mode of an MFS file or directory, given in
 * octal as Kubo reads it ({@code strconv.ParseInt(mode, 8, 32)}). Emits nothing.
 */
final class FilesChmodRpc implements ApiCommand {
  @Override
  public String path() {
    return "files/chmod";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    String mode = req.argument(0, "mode");
    String path = Mfs.checkPath(req.argument(1, "path"));
    FilesArgs.flush(req);
    node.mfs().chmod(node.blocks(req), path, octal(mode));
  }

  /** Go's {@code strconv.ParseInt(s, 8, 32)}, with its errors. */
  static int octal(String s) {
    if (!s.matches("[+-]?[0-7]+")) {
      throw new IllegalArgumentException("strconv.ParseInt: parsing \"" + s + "\": invalid syntax");
    }
    long v;
    try {
      v = Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      v = Long.MAX_VALUE; // more digits than a long holds
    }
    if (v > Integer.MAX_VALUE || v < Integer.MIN_VALUE) {
      throw new IllegalArgumentException(
          "strconv.ParseInt: parsing \"" + s + "\": value out of range");
    }
    return (int) v;
  }
}
