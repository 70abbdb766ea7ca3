package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.io.InputStream;
import java.time.Instant;

/** The changes MFS makes to files: writes (through the DAG modifier) and mode or mtime. */
final class MfsFileWrites {
  /** A written file: its CID and cumulative size. */
  record Result(Cid cid, long tsize) {}

  private MfsFileWrites() {}

  static Result write(
      BlockStore reads,
      BlockStore writes,
      Cid file,
      Mfs.Prefix prefix,
      Mfs.WriteRequest request,
      ImportOptions settings,
      InputStream data) {
    throw new UnsupportedOperationException("not yet");
  }

  /**
   * A file with a new mode or mtime, as boxo's MFS sets them: a dag-pb file keeps its links and CID
   * format with its UnixFS data changed; a raw block becomes a dag-pb file holding its bytes.
   */
  static MfsDirectory.Entry withMetadata(
      BlockStore blocks, BlockBatcher out, Cid file, Integer mode, Instant mtime) {
    byte[] block = blocks.require(file);
    Mfs.Prefix prefix = MfsDirectory.prefixOf(file);
    NodeWriter writer = new NodeWriter(out, prefix.version(), prefix.hash(), -1);
    PbNode changed;
    long children = 0;
    if (file.isCodec(Multicodec.RAW)) {
      UnixFsData data =
          new UnixFsData(
              UnixFsData.Type.FILE,
              block,
              (long) block.length,
              java.util.List.of(),
              null,
              null,
              mode,
              mtime);
      changed = new PbNode(java.util.List.of(), data.encode());
    } else {
      PbNode node = DagPb.decode(block);
      UnixFsData data = UnixFsData.decode(node.data());
      data =
          data.withMetadata(
              mode != null ? mode : data.mode(), mtime != null ? mtime : data.mtime());
      for (PbLink l : node.links()) {
        children += l.tsize() == null ? 0 : l.tsize();
      }
      changed = new PbNode(node.links(), data.encode());
    }
    byte[] encoded = DagPb.encode(changed);
    return new MfsDirectory.Entry(writer.dagPb(encoded), encoded.length + children);
  }
}
