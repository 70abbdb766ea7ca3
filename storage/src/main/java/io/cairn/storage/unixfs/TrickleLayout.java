package io.cairn.storage.unixfs;

/**
 * Kubo's trickle file layout (boxo {@code importer/trickle}): the root takes up to {@code maxLinks}
 * leaves, then repeats of 4 subtrees of depth 1, 2, 3... each built the same way, so the start of a
 * file is reachable early while it streams in. The root is always a file node, even over one leaf;
 * dag-pb leaves have UnixFS type Raw, as boxo writes them.
 */
final class TrickleLayout {
  static final int LAYER_REPEAT = 4;

  private TrickleLayout() {}

  /** Builds the file and returns its root, unwritten. */
  static FileDagBuilder.Node layout(FileDagBuilder db) {
    FileDagBuilder.FileNode root = db.newFileNode();
    fill(db, root, -1);
    return root;
  }

  /**
   * boxo {@code fillTrickleRec}: direct leaves, then layers of subtrees up to {@code maxDepth}, or
   * without limit when it is -1.
   */
  static void fill(FileDagBuilder db, FileDagBuilder.FileNode node, int maxDepth) {
    while (node.numChildren() < db.maxLinks() && !db.done()) {
      node.add(db.nextLeaf(FileDagBuilder.TYPE_RAW));
    }
    for (int depth = 1; maxDepth == -1 || depth < maxDepth; depth++) {
      if (db.done()) {
        break;
      }
      for (int repeat = 0; repeat < LAYER_REPEAT && !db.done(); repeat++) {
        FileDagBuilder.FileNode child = db.newFileNode();
        fill(db, child, depth);
        node.add(child);
      }
    }
  }
}
