package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.unixfs.CidPrefix;
import io.cairn.storage.unixfs.Mfs;
import java.io.InputStream;
import java.util.Optional;

/**
 * {@code files/write <path> <data> [-o/--offset] [-e/--create] [-p/--parents] [-t/--truncate]
 * [-n/--count] [--raw-leaves] [--cid-version] [--hash]}: writes the body's first file into an MFS
 * file, streamed, as Kubo's DagModifier does, so the file's CID is Kubo's (a trickle DAG, unlike
 * {@code add}'s). Emits nothing.
 */
final class FilesWriteRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "data";

  @Override
  public String path() {
    return "files/write";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    String path = Mfs.checkPath(req.argument(0, "path"));
    boolean create = req.flag(false, "create", "e");
    boolean parents = req.flag(false, "parents", "p");
    boolean truncate = req.flag(false, "truncate", "t");
    Boolean rawLeaves = req.optionalFlag("raw-leaves").orElse(null);
    FilesArgs.flush(req);
    CidPrefix prefix = FilesArgs.prefix(req);
    long offset = req.number("offset", "o").orElse(0L);
    if (offset < 0) {
      throw new IllegalArgumentException("cannot have negative write offset");
    }
    long count = req.number("count", "n").orElse(-1L);
    if (req.option("count", "n").isPresent() && count < 0) {
      throw new IllegalArgumentException("cannot have negative byte count");
    }
    BodyPart data = req.requiredBody(FILE_ARGUMENT).next();
    if (data.kind() != BodyPart.Kind.FILE) {
      throw new IllegalArgumentException("file argument was nil");
    }
    Mfs.WriteRequest request =
        new Mfs.WriteRequest(offset, create, parents, truncate, count, rawLeaves, prefix);
    try (InputStream in = data.content().open()) {
      node.mfs().write(node.blocks(req), path, request, in);
    }
  }
}
