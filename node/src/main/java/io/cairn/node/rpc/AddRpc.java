package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.CidEncoder;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.WriteSession;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * {@code add}: files from the request body into UnixFS DAGs, pinned; emits Kubo's {@code {Name,
 * Hash, Size}} per entry and, with {@code progress}, {@code {Name, Bytes}} as files are read. With
 * {@code nocopy} (and {@code Experimental.FilestoreEnabled}), the raw leaves of each file sent with
 * its place on disk are stored as filestore references to it; a file sent without one (stdin) is
 * copied, as Kubo does.
 */
final class AddRpc implements ApiCommand {
  private static final String FILE_ARGUMENT = "path";

  /** Kubo's errors for {@code nocopy} without raw leaves and without the filestore. */
  static final String NOCOPY_NEEDS_RAW_LEAVES =
      "nocopy option requires '--raw-leaves' to be enabled as well";

  static final String NOCOPY_NEEDS_FILESTORE =
      "either the filestore or the urlstore must be enabled to use nocopy, see:"
          + " https://github.com/ipfs/kubo/blob/master/docs/experimental-features.md#ipfs-filestore";

  /** boxo's error for a web file's reference on a node without the urlstore. */
  static final String URLSTORE_OFF = "urlstore is not enabled";

  @Override
  public String path() {
    return "add";
  }

  @Override
  public Optional<String> requiredFile() {
    return Optional.of(FILE_ARGUMENT);
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws Exception {
    boolean pin = req.flag(true, "pin");
    boolean onlyHash = req.flag(false, "only-hash", "n");
    boolean progress = req.flag(false, "progress", "p");
    String pinName = req.option("pin-name").orElse(null);
    if (!pin && pinName != null) {
      throw ApiException.client("pin-name option requires pin to be set");
    }
    Optional<String> toFiles = req.option("to-files");
    if (toFiles.isPresent() && onlyHash) {
      throw ApiException.client("only-hash and to-files options are not compatible");
    }
    ImportOptions options = ImportSettings.resolve(req, node.config().importDefaults());
    if (toFiles.isPresent() && options.wrapWithDirectory()) {
      throw ApiException.client("wrap-with-directory and to-files options are not compatible");
    }
    boolean nocopy = req.flag(false, "nocopy");
    if (nocopy) {
      // In Kubo's order: the options first, then the node's configuration.
      if (!req.optionalFlag("raw-leaves").orElse(true)) {
        throw new ApiException(ApiException.Kind.NORMAL, NOCOPY_NEEDS_RAW_LEAVES);
      }
      options = options.withRawLeaves(true);
      if (!(node.config().experimental().filestoreEnabled()
              || node.config().experimental().urlstoreEnabled())
          || node.storage().filestore().isEmpty()) {
        throw new ApiException(ApiException.Kind.NORMAL, NOCOPY_NEEDS_FILESTORE);
      }
    }
    CidEncoder output = CidEncoder.of(req);
    Iterator<BodyPart> parts =
        nocopy
            ? referencing(req.body(), node.storage().filestore().orElseThrow())
            : BodyPart.withoutSources(req.body());
    if (!parts.hasNext()) {
      throw ApiException.client("expected a file argument");
    }
    BodyPart first = parts.next();
    ImportListener listener = listener(res, progress, output);
    List<AddedEntry> roots;
    List<String> names = new ArrayList<>(); // each root's top-level name, null when unnamed
    Optional<NodeNetwork> network = node.network();
    try (WriteSession session = onlyHash ? null : node.storage().beginWrite()) {
      BlockStore target =
          session == null
              ? BlockStores.discarding()
              : network.map(n -> n.announcing(session.blocks())).orElse(session.blocks());
      UnixFsImporter importer = new UnixFsImporter(target, options);
      if (options.wrapWithDirectory() && unnamed(first)) {
        // An unnamed stream (stdin) in a wrapping directory, named there by its CID. Asking for
        // the next part before reading this one would skip it, so the check for more parts
        // comes after.
        try (InputStream in = first.content().open()) {
          roots = List.of(importer.importStream("", in, listener));
        }
        names.add(null);
        if (parts.hasNext()) {
          throw ApiException.client("an unnamed file must be the only file of a wrapped upload");
        }
      } else {
        roots = importEach(importer, first, parts, listener, names);
      }
      if (session != null && pin) {
        for (AddedEntry root : roots) {
          session.pin(root.cid(), true, pinName);
        }
      }
      if (toFiles.isPresent()) {
        // While the session still protects the added blocks from a collection.
        AddToFiles.link(node, req, toFiles.get(), roots, names);
      }
    }
    if (!onlyHash) {
      // Provide.Strategy: the roots now (peers find them and fetch the rest from the same
      // provider in one Bitswap session); under all every block was queued as it was stored,
      // under pinned every block of a pinned add is queued by a walk (under all too, for an add
      // while the network was still starting).
      List<Cid> cids = roots.stream().map(AddedEntry::cid).toList();
      node.provideWritten(network, (n, beforeStart) -> n.provideAdded(cids, pin, beforeStart));
    }
  }

  /**
   * The parts, each refused with Kubo's error when its kind of reference is not on: a file on disk
   * without the filestore, a web file without the urlstore.
   */
  private static Iterator<BodyPart> referencing(Iterator<BodyPart> parts, Filestore filestore) {
    return BodyPart.map(
        parts,
        p -> {
          if (p.source() != null) {
            boolean url = Block.isUrl(p.source().toString());
            if (url && !filestore.urlstore()) {
              throw new ApiException(ApiException.Kind.NORMAL, URLSTORE_OFF);
            }
            if (!url && filestore.root() == null) {
              throw new ApiException(ApiException.Kind.NORMAL, FilestoreLsRpc.NOT_ENABLED);
            }
          }
          return p;
        });
  }

  private static ImportListener listener(ApiResponse res, boolean progress, CidEncoder cids) {
    return new ImportListener() {
      @Override
      public void added(AddedEntry entry) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", entry.path());
        m.put("Hash", cids.encode(entry.cid()));
        m.put("Size", Long.toString(entry.size()));
        res.emit(m);
      }

      @Override
      public void progress(String path, long bytesSoFar) {
        if (progress) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Name", path);
          m.put("Bytes", bytesSoFar);
          res.emit(m);
        }
      }
    };
  }

  /**
   * Imports the parts as Kubo does without wrapping, each top-level entry on its own: a run of
   * named parts goes to the importer as one tree, an unnamed file (kubo-rpc-client sends {@code
   * addAll([{content}, ...])} so) is added by itself and named by its CID.
   */
  private static List<AddedEntry> importEach(
      UnixFsImporter importer,
      BodyPart first,
      Iterator<BodyPart> rest,
      ImportListener listener,
      List<String> names)
      throws IOException {
    List<AddedEntry> roots = new ArrayList<>();
    BodyPart next = first;
    while (next != null) {
      if (unnamed(next)) {
        try (InputStream in = next.content().open()) {
          roots.add(importer.importStream("", in, listener));
        }
        names.add(null);
        // Only now that the part has been read may the next one be asked for.
        next = rest.hasNext() ? rest.next() : null;
      } else {
        NamedRun run = new NamedRun(next, rest);
        List<AddedEntry> added = importer.importEntries(run, listener);
        roots.addAll(added);
        added.forEach(a -> names.add(a.path()));
        next = run.stoppedAt;
      }
    }
    return roots;
  }

  private static boolean unnamed(BodyPart part) {
    return part.path().isEmpty() && part.kind() == BodyPart.Kind.FILE;
  }

  /**
   * Named parts as import entries, up to the first unnamed file ({@link #stoppedAt}). The next part
   * is asked for only once the importer is done with the one before, which it has then read.
   */
  private static final class NamedRun implements Iterator<ImportEntry> {
    private final Iterator<BodyPart> rest;
    private BodyPart pending;
    private BodyPart stoppedAt;

    NamedRun(BodyPart first, Iterator<BodyPart> rest) {
      this.pending = first;
      this.rest = rest;
    }

    @Override
    public boolean hasNext() {
      if (pending == null && stoppedAt == null && rest.hasNext()) {
        BodyPart p = rest.next();
        if (unnamed(p)) {
          stoppedAt = p;
        } else {
          pending = p;
        }
      }
      return pending != null;
    }

    @Override
    public ImportEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      BodyPart p = pending;
      pending = null;
      if (p.path().isEmpty()) {
        throw ApiException.client("a directory or symlink of an upload needs a name");
      }
      return p.toImportEntry();
    }
  }
}
