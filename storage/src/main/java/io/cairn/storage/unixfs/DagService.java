package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;

/**
 * The DAG service a file is changed through (boxo's {@code ipld.DAGService}): reads nodes from the
 * store, each hash-checked, and writes new ones through a batcher that is flushed before any read,
 * so a node written a moment ago reads back.
 */
final class DagService {
  private final BlockStore store;
  private final BlockBatcher batcher;

  DagService(BlockStore store, BlockBatcher batcher) {
    this.store = store;
    this.batcher = batcher;
  }

  BlockBatcher batcher() {
    return batcher;
  }

  /**
   * Reads and decodes a node; only dag-pb and raw blocks are file nodes.
   *
   * @throws BlockNotFoundException when the store lacks it
   * @throws io.cairn.storage.CorruptBlockException when its bytes do not match its CID
   */
  DagNode get(Cid cid) {
    byte[] bytes;
    if (cid.isIdentity()) {
      bytes = cid.multihash().digest();
    } else {
      batcher.flush();
      bytes = store.get(cid).orElseThrow(() -> new BlockNotFoundException(cid));
      Block.verified(cid, bytes, "the block store");
    }
    if (cid.isCodec(Multicodec.RAW)) {
      return new DagNode.Raw(cid, bytes);
    }
    if (!cid.isCodec(Multicodec.DAG_PB)) {
      throw new IllegalArgumentException(
          "block "
              + cid
              + " is "
              + Multicodec.nameOf(cid.codec())
              + ": only UnixFS nodes (dag-pb or raw) can be written to as files");
    }
    try {
      return DagNode.Proto.decode(cid, bytes);
    } catch (CodecException e) {
      throw new CodecException("block " + cid + ": " + e.getMessage(), e);
    }
  }

  /**
   * Stores a node (boxo {@code DAGService.Add}) and returns its CID.
   *
   * @throws IllegalArgumentException for an identity CID longer than boxo's {@code verifcid} allows
   */
  Cid add(DagNode node) {
    return switch (node) {
      case DagNode.Raw raw -> {
        checkIdentity(raw.cid(), raw.data().length);
        batcher.put(new Block(raw.cid(), raw.data()));
        yield raw.cid();
      }
      case DagNode.Proto proto -> {
        byte[] block = proto.encode();
        Cid cid = proto.cid();
        checkIdentity(cid, block.length);
        batcher.put(new Block(cid, block));
        yield cid;
      }
    };
  }

  private static void checkIdentity(Cid cid, int length) {
    if (cid.isIdentity() && length > DagNode.MAX_IDENTITY_DIGEST) {
      throw new IllegalArgumentException(
          "identity digest too large: a block of "
              + length
              + " bytes, at most "
              + DagNode.MAX_IDENTITY_DIGEST
              + " bytes can be named by the identity hash");
    }
  }

  /** The UnixFS file size of a node (boxo {@code mod.fileSize}). */
  static long fileSize(DagNode node) {
    return switch (node) {
      case DagNode.Raw raw -> raw.data().length;
      case DagNode.Proto proto -> FsNode.decode(proto.data()).fileSize();
    };
  }
}
