package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PathCommand;
import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.FilestoreEntry;
import io.cairn.storage.FilestoreEntry.Status;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code filestore/ls [arg=CID...] [file-order]}: the filestore's references, Kubo's {@code
 * {Status, ErrorMsg, Key, FilePath, Offset, Size}} streamed one per reference (or per CID asked
 * about: {@code missing} for one not in the filestore, {@code ERROR} for an argument not a CID).
 * URL references (the urlstore) list the URL as their path. Without {@code
 * Experimental.FilestoreEnabled} or {@code Experimental.UrlstoreEnabled}, Kubo's error.
 */
final class FilestoreLsRpc extends PathCommand {
  /** Kubo's error when the node has no filestore. */
  static final String NOT_ENABLED = "filestore is not enabled, see https://git.io/vNItf";

  private final boolean verify;

  private FilestoreLsRpc(String path, boolean verify) {
    super(path);
    this.verify = verify;
  }

  FilestoreLsRpc() {
    this("filestore/ls", false);
  }

  /** {@code filestore/verify}: the same listing, each reference read back from its file. */
  static FilestoreLsRpc verify() {
    return new FilestoreLsRpc("filestore/verify", true);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Filestore fs = filestore(node);
    // Kubo's --remove-bad-blocks: drops each reference whose file no longer gives the block.
    boolean removeBad = verify && req.flag(false, "remove-bad-blocks");
    List<String> args = req.arguments();
    if (!args.isEmpty()) {
      for (String arg : args) {
        FilestoreEntry e = byArgument(fs, arg);
        removeIfBad(fs, e, removeBad);
        res.emit(json(e));
      }
      return;
    }
    try (Stream<FilestoreEntry> all = fs.list(req.flag(false, "file-order"), verify)) {
      all.forEach(
          e -> {
            removeIfBad(fs, e, removeBad);
            res.emit(json(e));
          });
    }
  }

  static Filestore filestore(NodeHandle node) {
    return node.storage()
        .filestore()
        .orElseThrow(() -> new ApiException(ApiException.Kind.NORMAL, NOT_ENABLED));
  }

  /** The reference for a CID argument ({@code /ipfs/} paths too); verified, as Kubo does. */
  private static FilestoreEntry byArgument(Filestore fs, String arg) {
    Cid cid;
    try {
      cid = Cid.parse(arg.startsWith("/ipfs/") ? arg.substring(6).split("/")[0] : arg);
    } catch (IllegalArgumentException e) {
      return FilestoreEntry.problem(Status.OTHER_ERROR, arg + ": " + e.getMessage(), null);
    }
    return fs.list(cid, true);
  }

  private static void removeIfBad(Filestore fs, FilestoreEntry e, boolean removeBad) {
    if (removeBad
        && e.status() != Status.OK
        && e.status() != Status.OTHER_ERROR
        && e.key() != null) {
      fs.removeReference(e.key());
    }
  }

  /** Kubo's {@code ListRes}: the status as its number, the key as a CID link (null for none). */
  static Map<String, Object> json(FilestoreEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", e.status().code());
    m.put("ErrorMsg", e.errorMessage());
    m.put("Key", e.key() == null ? null : Map.of("/", e.key().toString()));
    m.put("FilePath", e.filePath());
    m.put("Offset", e.offset());
    m.put("Size", e.size());
    return m;
  }
}
