package io.cairn.storage.unixfs;

import java.time.Clock;

/**
 * Appends chunks to an existing trickle DAG as boxo's {@code trickle.Append} does, the way {@code
 * ipfs files write} grows a file: the root's direct leaves are filled first, then the last subtree
 * is completed ({@code appendFillLastChild}, {@code appendRec}) and new subtrees follow. New leaves
 * and subtrees come from the same {@link FileDagBuilder} and {@link TrickleLayout#fill} that {@code
 * add --trickle} uses; existing nodes are changed in place, keeping their own CID builders.
 *
 * <p>boxo's depth bookkeeping here differs from {@code trickle.Layout}: a root whose direct leaves
 * were not full gets its first subtrees at depth 2, not 1, and an append into a partly filled layer
 * adds shallower siblings. It is reproduced as it is, because the CIDs depend on it.
 */
final class TrickleAppender {
  private final DagService dags;
  private final FileDagBuilder db;
  private final CidPrefix identityFallback;
  private final Clock clock;

  /**
   * @param identityFallback the prefix an existing node too long for its identity CID is renamed
   *     with (boxo {@code identitySafeDAGService}); null when the file's prefix is not identity
   */
  TrickleAppender(DagService dags, FileDagBuilder db, CidPrefix identityFallback, Clock clock) {
    this.dags = dags;
    this.db = db;
    this.identityFallback = identityFallback;
    this.clock = clock;
  }

  /** A file node being extended with its decoded UnixFS data (boxo {@code FSNodeOverDag}). */
  private record Open(DagNode.Proto dag, FsNode file) {
    static Open of(DagNode.Proto dag) {
      return new Open(dag, FsNode.decode(dag.data()));
    }

    int numChildren() {
      return file.numChildren();
    }

    /** boxo {@code FSNodeOverDag.Commit}: the UnixFS data goes back into the node. */
    DagNode.Proto commit() {
      dag.setData(file.encode());
      return dag;
    }
  }

  /** boxo {@code trickle.Append}: returns the root, changed and not yet stored. */
  DagNode.Proto append(DagNode.Proto base) {
    Open fsn = Open.of(base);
    int[] info = depthInfo(fsn);
    int depth = info[0];
    int repeatNumber = info[1];
    if (depth == 0) {
      fillNodeLayer(fsn);
      if (db.done()) {
        if (fsn.file().hasModTime()) {
          fsn.file().setModTime(clock.instant());
        }
        return fsn.commit();
      }
      depth++;
    }
    appendFillLastChild(fsn, depth - 1, repeatNumber);
    if (!db.done()) {
      depth++;
    }
    for (int i = depth; !db.done(); i++) {
      for (int j = 0; j < TrickleLayout.LAYER_REPEAT && !db.done(); j++) {
        addNewSubtree(fsn, i);
      }
    }
    return fsn.commit();
  }

  /** boxo {@code appendFillLastChild}. */
  private void appendFillLastChild(Open fsn, int depth, int repeatNumber) {
    if (fsn.numChildren() <= db.maxLinks()) {
      return;
    }
    int last = fsn.numChildren() - 1;
    DagNode child = dags.get(fsn.dag().link(last).cid());
    if (!(child instanceof DagNode.Proto proto)) {
      throw new IllegalArgumentException(
          "node " + fsn.dag().cid() + " has a raw block where a trickle subtree should be");
    }
    Open lastChild = appendRec(Open.of(proto), depth - 1);
    // boxo RemoveChild, then AddChild of the committed child
    fsn.file().removeBlockSize(last);
    fsn.dag().removeLink(last);
    DagNode.Proto filled = lastChild.commit();
    if (identityFallback != null && filled.identityTooLarge()) {
      filled.setBuilder(identityFallback);
    }
    long fileSize = lastChild.file().fileSize();
    fsn.dag().addLink(dags.add(filled), filled.size());
    fsn.file().addBlockSize(fileSize);
    if (repeatNumber != 0) {
      for (; repeatNumber < TrickleLayout.LAYER_REPEAT && !db.done(); repeatNumber++) {
        addNewSubtree(fsn, depth);
      }
    }
  }

  /** boxo {@code appendRec}: completes a subtree up to {@code maxDepth}. */
  private Open appendRec(Open fsn, int maxDepth) {
    if (maxDepth == 0 || db.done()) {
      return fsn;
    }
    int[] info = depthInfo(fsn);
    int depth = info[0];
    if (depth == 0) {
      fillNodeLayer(fsn);
      depth++;
    }
    if (depth == maxDepth) {
      return fsn;
    }
    appendFillLastChild(fsn, depth, info[1]);
    if (!db.done()) {
      depth++;
    }
    for (int i = depth; i < maxDepth && !db.done(); i++) {
      for (int j = 0; j < TrickleLayout.LAYER_REPEAT && !db.done(); j++) {
        addNewSubtree(fsn, i);
      }
    }
    return fsn;
  }

  /** boxo {@code DagBuilderHelper.FillNodeLayer}: direct leaves up to the link limit. */
  private void fillNodeLayer(Open fsn) {
    while (fsn.numChildren() < db.maxLinks() && !db.done()) {
      add(fsn, db.nextLeaf(FileDagBuilder.TYPE_RAW));
    }
  }

  /** boxo {@code fillTrickleRec} on a new file node, then {@code AddChild}. */
  private void addNewSubtree(Open fsn, int maxDepth) {
    FileDagBuilder.FileNode child = db.newFileNode();
    TrickleLayout.fill(db, child, maxDepth);
    add(fsn, child);
  }

  private static void add(Open fsn, FileDagBuilder.Node child) {
    FileDagBuilder.Link link = child.write(FileDagBuilder.Metadata.NONE);
    fsn.dag().addLink(link.cid(), link.tsize());
    fsn.file().addBlockSize(link.fileSize());
  }

  /**
   * boxo {@code trickleDepthInfo}: the depth new subtrees were being added at and how many of that
   * depth's {@value TrickleLayout#LAYER_REPEAT} are there; depth 0 while direct leaves are missing.
   */
  private int[] depthInfo(Open fsn) {
    int n = fsn.numChildren();
    if (n < db.maxLinks()) {
      return new int[] {0, 0};
    }
    int nonLeaf = n - db.maxLinks();
    return new int[] {
      nonLeaf / TrickleLayout.LAYER_REPEAT + 1, nonLeaf % TrickleLayout.LAYER_REPEAT
    };
  }
}
