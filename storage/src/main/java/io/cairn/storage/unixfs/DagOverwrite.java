package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;

/**
 * The two walks of boxo's DagModifier that rewrite existing nodes along one path: {@code modifyDag}
 * (buffered bytes over existing leaves) and {@code dagTruncate} (cut at an offset). Both follow the
 * {@code blocksizes} of each file node to the child that holds the offset; nodes off the path are
 * never read, except the children before the cut, whose sizes {@code dagTruncate} reads.
 */
final class DagOverwrite {
  private final DagModifier dm;
  private final DagService dags;

  DagOverwrite(DagModifier dm) {
    this.dm = dm;
    this.dags = dm.dags();
  }

  /**
   * boxo {@code modifyDag}: writes buffered bytes over the file from {@code offset}, as far as the
   * DAG reaches, and returns the node's new CID. Leaves keep their CID builders (raw leaves their
   * prefix); parents get the new CIDs but keep the links' old Tsize, as boxo leaves them.
   */
  Cid modifyDag(DagNode n, long offset) {
    WriteBuffer buf = dm.buffer();
    if (n instanceof DagNode.Raw raw) {
      byte[] orig = raw.data();
      int at = checkedOffset(offset, orig.length, raw.cid());
      byte[] bytes = orig.clone();
      buf.read(bytes, at, bytes.length - at);
      CidPrefix prefix = dm.safePrefixForSize(CidPrefix.of(raw.cid()), bytes.length);
      return dags.add(DagNode.Raw.of(bytes, prefix));
    }
    DagNode.Proto node = (DagNode.Proto) n;
    FsNode fsn = FsNode.decode(node.data());
    if (node.links().isEmpty()) {
      byte[] data = fsn.data();
      int at = checkedOffset(offset, fsn.dataLength(), node.cid());
      if (data != null) {
        buf.read(data, at, data.length - at); // in place, as boxo reads into fsn.Data()[offset:]
      }
      if (fsn.hasModTime()) {
        fsn.setModTime(dm.clock().instant()); // MFS: a content change updates a set mtime
      }
      DagNode.Proto nd = new DagNode.Proto(fsn.encode(), node.builder());
      dm.ensureSafeProtoNodeHash(nd);
      return dags.add(nd);
    }
    long cur = 0;
    for (int i = 0; i < fsn.numChildren(); i++) {
      long bs = fsn.blockSize(i);
      if (cur + bs > offset) {
        DagNode child = dags.get(node.link(i).cid());
        node.setLinkCid(i, modifyDag(child, offset - cur));
        if (buf.length() == 0) {
          break;
        }
        offset = cur + bs;
      }
      cur += bs;
    }
    dm.ensureSafeProtoNodeHash(node);
    return dags.add(node);
  }

  /**
   * boxo {@code dagTruncate}: the node cut to {@code size} bytes, not stored. The parents keep
   * their builders and the children before the cut; the child holding the cut is truncated and
   * stored. A dag-pb leaf comes back as boxo's {@code NodeWithData}, with the default CIDv0 builder
   * whatever its own was.
   */
  DagNode dagTruncate(DagNode n, long size) {
    if (n instanceof DagNode.Raw raw) {
      int keep = checkedOffset(size, raw.data().length, raw.cid());
      byte[] data = java.util.Arrays.copyOf(raw.data(), keep);
      return DagNode.Raw.of(data, dm.safePrefixForSize(CidPrefix.of(raw.cid()), data.length));
    }
    DagNode.Proto nd = (DagNode.Proto) n;
    if (nd.links().isEmpty()) {
      FsNode fsn = FsNode.decode(nd.data());
      int keep = checkedOffset(size, fsn.dataLength(), nd.cid());
      fsn.setData(fsn.data() == null ? null : java.util.Arrays.copyOf(fsn.data(), keep));
      if (fsn.hasModTime()) {
        fsn.setModTime(dm.clock().instant());
      }
      return new DagNode.Proto(fsn.encode(), CidPrefix.V0);
    }
    FsNode ndata = FsNode.decode(nd.data());
    ndata.removeAllBlockSizes();
    long cur = 0;
    int end = 0;
    DagNode modified = null;
    for (int i = 0; i < nd.links().size(); i++) {
      DagNode child = dags.get(nd.links().get(i).cid());
      long childSize = DagService.fileSize(child);
      if (size < cur + childSize) {
        modified = dagTruncate(child, size - cur);
        ndata.addBlockSize(size - cur);
        end = i;
        break;
      }
      cur += childSize;
      ndata.addBlockSize(childSize);
    }
    if (modified == null) {
      throw new IllegalArgumentException(
          "cannot truncate node " + nd.cid() + " to " + size + " bytes: its children hold " + cur);
    }
    Cid c = dags.add(modified);
    nd.truncateLinks(end);
    nd.addLink(c, modified.size());
    nd.setData(ndata.encode());
    return nd;
  }

  /** An offset into a leaf of {@code length} bytes; boxo would panic past the end. */
  private static int checkedOffset(long offset, int length, Cid leaf) {
    if (offset < 0 || offset > length) {
      throw new IllegalArgumentException(
          "leaf "
              + leaf
              + " holds "
              + length
              + " bytes but its parent's blocksizes put offset "
              + offset
              + " in it");
    }
    return (int) offset;
  }
}
