package io.cairn.storage.unixfs;

/**
 * Kubo's balanced file layout (boxo {@code importer/balanced}): the first leaf is the root until a
 * second chunk comes; then the tree grows a level each time it is full, so every leaf sits at the
 * same depth and each node holds at most {@code maxLinks} children. A one-chunk file is its leaf.
 */
final class BalancedLayout {
  private BalancedLayout() {}

  /** Builds the file and returns its root, unwritten. */
  static FileDagBuilder.Node layout(FileDagBuilder db) {
    if (db.done()) {
      return db.emptyLeaf();
    }
    FileDagBuilder.Node root = db.nextLeaf(FileDagBuilder.TYPE_FILE);
    for (int depth = 1; !db.done(); depth++) {
      FileDagBuilder.FileNode newRoot = db.newFileNode();
      newRoot.add(root);
      root = fill(db, newRoot, depth);
    }
    return root;
  }

  /** Fills {@code node} with subtrees of {@code depth - 1} levels until full or out of data. */
  private static FileDagBuilder.FileNode fill(
      FileDagBuilder db, FileDagBuilder.FileNode node, int depth) {
    while (node.numChildren() < db.maxLinks() && !db.done()) {
      if (depth == 1) {
        node.add(db.nextLeaf(FileDagBuilder.TYPE_FILE));
      } else {
        node.add(fill(db, db.newFileNode(), depth - 1));
      }
    }
    return node;
  }
}
