package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

/**
 * Imports files and directories as UnixFS DAGs with the CIDs Kubo's {@code ipfs add} gives the same
 * bytes and options. Files stream: memory holds a chunk or two and the links of the file nodes
 * still open, whatever the file's size; directories hold their entries' links until their top-level
 * entry ends. Blocks go to the store in batches of a few MiB with {@link BlockStore#putAll}, and
 * the store is synced before the import returns.
 *
 * <p>An importer may run several imports, one at a time.
 */
public final class UnixFsImporter {
  private final BlockStore sink;
  private final ImportOptions options;

  public UnixFsImporter(BlockStore sink, ImportOptions options) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.options = Objects.requireNonNull(options, "options");
  }

  public ImportOptions options() {
    return options;
  }

  /**
   * Imports entries in the order given and returns the top-level ones, or the single directory
   * (path {@code ""}) that wraps them with {@code wrapWithDirectory}. As in Kubo, a top-level name
   * that comes back after other entries is one more top-level entry of that name.
   *
   * @throws IllegalArgumentException for entries that do not form a tree (a file twice in a row, a
   *     directory under a file)
   * @throws java.io.UncheckedIOException naming the file that could not be read
   */
  public List<AddedEntry> importEntries(Iterator<ImportEntry> entries, ImportListener listener) {
    Objects.requireNonNull(entries, "entries");
    Objects.requireNonNull(listener, "listener");
    try (BlockBatcher batcher = new BlockBatcher(sink)) {
      ImportSession session = new ImportSession(options, NodeWriter.of(batcher, options), listener);
      while (entries.hasNext()) {
        session.add(entries.next());
      }
      List<AddedEntry> roots = session.finish();
      batcher.flush();
      sink.sync();
      return roots;
    }
  }

  /**
   * Imports one stream as a file (standard input); a blank name reports the file by its CID, as
   * Kubo does when stdin has no name.
   */
  public AddedEntry importStream(String name, InputStream in, ImportListener listener) {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(listener, "listener");
    try (BlockBatcher batcher = new BlockBatcher(sink)) {
      ImportSession session = new ImportSession(options, NodeWriter.of(batcher, options), listener);
      AddedEntry root = session.addStream(name, in);
      batcher.flush();
      sink.sync();
      return root;
    }
  }
}
