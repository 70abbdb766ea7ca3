package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import java.util.Objects;

/**
 * The CID version and hash function that name new blocks (go-cid's {@code Prefix} as a {@code
 * cid.Builder}). The codec is not part of it: as go-cid's {@code WithCodec}, a dag-pb node keeps
 * the version and a raw block is always CIDv1.
 *
 * @param version 0 or 1; version 0 needs sha2-256
 */
public record CidPrefix(int version, HashFunction hash) {
  /** Kubo's default (boxo's {@code merkledag.V0CidPrefix}): CIDv0, sha2-256. */
  public static final CidPrefix V0 = new CidPrefix(0, HashFunction.SHA2_256);

  public CidPrefix {
    Objects.requireNonNull(hash, "hash");
    if (version != 0 && version != 1) {
      throw new IllegalArgumentException("unknown CID version: " + version);
    }
    if (version == 0 && hash != HashFunction.SHA2_256) {
      throw new IllegalArgumentException(
          "CIDv0 only supports sha2-256, not " + hash.hashName() + "; use CID version 1");
    }
  }

  /**
   * The prefix a CID was made with (go-cid {@code Cid.Prefix()}), as a file or directory passes it
   * on to what is written under it.
   *
   * @throws IllegalArgumentException when the CID's hash function cannot be computed here, or its
   *     digest is truncated
   */
  public static CidPrefix of(Cid cid) {
    Multihash mh = cid.multihash();
    HashFunction f =
        mh.function()
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "CID "
                            + cid
                            + " uses hash function "
                            + mh.functionName()
                            + ", which this node cannot compute"));
    if (f != HashFunction.IDENTITY && mh.digestLength() != f.digestLength()) {
      throw new IllegalArgumentException(
          "CID "
              + cid
              + " has a "
              + mh.digestLength()
              + "-byte "
              + f.hashName()
              + " digest; only full-length digests can be computed here");
    }
    return new CidPrefix(cid.version(), f);
  }

  /**
   * The prefix {@code files write --cid-version/--hash} gives (Kubo's {@code getPrefix}): a hash
   * function without a version means CIDv1; null when neither is given.
   */
  public static CidPrefix ofFlags(Integer version, HashFunction hash) {
    if (version == null && hash == null) {
      return null;
    }
    int v = version == null ? 0 : version;
    if (hash != null && v == 0) {
      v = 1;
    }
    return new CidPrefix(v, hash == null ? HashFunction.SHA2_256 : hash);
  }

  /** The same prefix with another hash function (boxo keeps the version when it falls back). */
  CidPrefix withHash(HashFunction h) {
    return new CidPrefix(version == 0 && h != HashFunction.SHA2_256 ? 1 : version, h);
  }

  /** Names a dag-pb block (go-cid {@code Prefix.Sum} after {@code WithCodec(DagProtobuf)}). */
  Cid dagPb(byte[] block) {
    return Cid.of(version, Multicodec.DAG_PB.code(), hash.multihash(block));
  }

  /** Names a raw block (boxo {@code NewRawNodeWPrefix}: {@code WithCodec(Raw)} makes it CIDv1). */
  Cid raw(byte[] block) {
    return Cid.v1(Multicodec.RAW, hash.multihash(block));
  }
}
