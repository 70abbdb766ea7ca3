package io.cairn.storage.unixfs;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbNode;

/**
 * Fetches and decodes blocks for the exporter. Identity CIDs are answered from the CID itself,
 * without asking the store; every decoding error names the block.
 */
final class NodeLoader {
  private final BlockStore blocks;

  NodeLoader(BlockStore blocks) {
    this.blocks = blocks;
  }

  byte[] fetch(Cid cid) {
    if (cid.isIdentity()) {
      return cid.multihash().digest();
    }
    return blocks.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
  }

  /** Fetches a block; dag-pb blocks are decoded, raw and other codecs are kept as bytes. */
  DecodedNode load(Cid cid) {
    byte[] bytes = fetch(cid);
    if (cid.codec() != Multicodec.DAG_PB.code()) {
      return new DecodedNode(cid, bytes, null, null);
    }
    PbNode pb;
    try {
      pb = DagPb.decode(bytes);
    } catch (CodecException e) {
      throw new CodecException("block " + cid + ": " + e.getMessage(), e);
    }
    UnixFsData unixfs = null;
    if (pb.data() != null) {
      try {
        unixfs = UnixFsData.decode(pb.data());
      } catch (CodecException e) {
        throw new CodecException("block " + cid + ": " + e.getMessage(), e);
      }
    }
    return new DecodedNode(cid, bytes, pb, unixfs);
  }
}
