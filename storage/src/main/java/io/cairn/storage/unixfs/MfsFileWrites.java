package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.spi.ForwardingBlockStore;
import java.io.InputStream;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalInt;

/** The changes MFS makes to files: writes (through the DAG modifier) and mode or mtime. */
final class MfsFileWrites {
  /** A written file: its CID and cumulative size. */
  record Result(Cid cid, long tsize) {}

  private MfsFileWrites() {}

  /**
   * Writes into {@code file} (null to create it) as Kubo's {@code files write}: new blocks go to
   * {@code writes} (the change's write session), existing ones are read from {@code reads}.
   */
  static Result write(
      BlockStore reads,
      BlockStore writes,
      Cid file,
      Mfs.WriteRequest request,
      ImportOptions settings,
      InputStream data) {
    CidPrefix flags = request.prefix();
    FileWriteOptions options =
        FileWriteOptions.defaults()
            .withOffset(request.offset())
            .withTruncate(request.truncate())
            .withCount(request.count() < 0 ? null : request.count())
            .withRawLeaves(request.rawLeaves())
            .withConfigRawLeaves(settings.rawLeaves())
            .withCidVersion(flags == null ? null : flags.version())
            .withHash(flags == null ? null : flags.hash())
            .withChunker(settings.chunker());
    FileWriter.Written w =
        new FileWriter(new SplitStore(reads, writes))
            .write(file, Mfs.importPrefix(settings), options, data);
    return new Result(w.cid(), w.dagSize());
  }

  /** Reads through one store (which may fetch from peers) and writes to another. */
  private static final class SplitStore extends ForwardingBlockStore {
    private final BlockStore reads;

    SplitStore(BlockStore reads, BlockStore writes) {
      super(writes);
      this.reads = reads;
    }

    @Override
    public boolean has(Cid cid) {
      return reads.has(cid);
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      return reads.get(cid);
    }

    @Override
    public OptionalInt size(Cid cid) {
      return reads.size(cid);
    }

    @Override
    public boolean delete(Cid cid) {
      throw new UnsupportedOperationException("an MFS write deletes no block");
    }

    @Override
    public void close() {
      // both stores belong to the caller
    }
  }

  /**
   * A file with a new mode or mtime, as boxo's MFS sets them: a dag-pb file keeps its links and CID
   * format with its UnixFS data changed; a raw block becomes a dag-pb file holding its bytes.
   */
  static MfsDirectory.Entry withMetadata(
      BlockStore blocks, BlockBatcher out, Cid file, Integer mode, Instant mtime) {
    byte[] block = blocks.require(file);
    CidPrefix prefix = MfsDirectory.prefixOf(file);
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
