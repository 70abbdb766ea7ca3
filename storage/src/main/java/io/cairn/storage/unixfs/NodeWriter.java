package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;

/**
 * Names encoded blocks as the import's options say (CID version, hash function, inlining; raw
 * blocks always CIDv1, as boxo's raw nodes) and hands them to the batcher.
 */
final class NodeWriter {
  private final BlockBatcher out;
  private final int cidVersion;
  private final HashFunction hash;
  private final int inlineLimit;
  private final boolean identityFallback;

  /**
   * @param inlineLimit blocks of at most this many bytes get identity CIDs; -1 for none
   */
  NodeWriter(BlockBatcher out, int cidVersion, HashFunction hash, int inlineLimit) {
    this(out, cidVersion, hash, inlineLimit, false);
  }

  /**
   * @param identityFallback with the identity hash, name a dag-pb block too long for it with
   *     sha2-256 instead of refusing it (boxo's {@code identitySafeDAGService} in the DagModifier)
   */
  NodeWriter(
      BlockBatcher out,
      int cidVersion,
      HashFunction hash,
      int inlineLimit,
      boolean identityFallback) {
    this.out = out;
    this.cidVersion = cidVersion;
    this.hash = hash;
    this.inlineLimit = inlineLimit;
    this.identityFallback = identityFallback;
  }

  static NodeWriter of(BlockBatcher out, ImportOptions options) {
    return new NodeWriter(
        out,
        options.effectiveCidVersion(),
        options.hash(),
        options.inline() ? options.inlineLimit() : -1);
  }

  /** Writes a dag-pb block and returns its CID. */
  Cid dagPb(byte[] block) {
    return write(block, Multicodec.DAG_PB, cidVersion);
  }

  /** Writes a raw block and returns its CID. */
  Cid raw(byte[] block) {
    return write(block, Multicodec.RAW, 1, null);
  }

  /**
   * Writes a raw block whose bytes lie in a file at {@code origin} (null for none), for a store
   * with the filestore to reference there.
   */
  Cid raw(byte[] block, Block.FileOrigin origin) {
    return write(block, Multicodec.RAW, 1, origin);
  }

  private Cid write(byte[] block, Multicodec codec, int version) {
    return write(block, codec, version, null);
  }

  private Cid write(byte[] block, Multicodec codec, int version, Block.FileOrigin origin) {
    Cid cid;
    HashFunction f = hash;
    if (f == HashFunction.IDENTITY
        && block.length > ImportOptions.MAX_INLINE_LIMIT
        && identityFallback
        && codec == Multicodec.DAG_PB) {
      f = HashFunction.SHA2_256;
    }
    if (f == HashFunction.IDENTITY && block.length > ImportOptions.MAX_INLINE_LIMIT) {
      // boxo's verifcid refuses identity CIDs this long, so Kubo's add fails the same way.
      throw new IllegalArgumentException(
          "identity digest too large: a block of "
              + block.length
              + " bytes, at most "
              + ImportOptions.MAX_INLINE_LIMIT
              + " bytes can be named by the identity hash");
    }
    if (block.length <= inlineLimit) {
      cid = Cid.v1(codec, Multihash.of(HashFunction.IDENTITY.code(), block));
    } else {
      cid = Cid.of(version, codec.code(), f.multihash(block));
    }
    out.put(new Block(cid, block, origin));
    return cid;
  }
}
