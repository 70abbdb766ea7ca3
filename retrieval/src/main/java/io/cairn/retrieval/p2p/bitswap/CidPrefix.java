package io.cairn.retrieval.p2p.bitswap;

import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multihash;
import io.cairn.storage.Varint;
import io.cairn.storage.codec.CodecException;
import java.nio.ByteBuffer;

/**
 * What a Bitswap 1.2.0 payload says about its block's CID, without the digest: CID version, codec,
 * multihash function and digest length, each a uvarint. The receiver hashes the data to rebuild the
 * CID.
 */
record CidPrefix(int version, long codec, long hashFunction, int digestLength) {
  CidPrefix {
    if (version != 0 && version != 1) {
      throw new CodecException("block prefix has unsupported CID version " + version);
    }
    if (digestLength < 0 || digestLength > Multihash.MAX_DIGEST_LENGTH) {
      throw new CodecException("block prefix has digest length " + digestLength);
    }
  }

  static CidPrefix of(Cid cid) {
    Multihash mh = cid.multihash();
    return new CidPrefix(cid.version(), cid.codec(), mh.code(), mh.digestLength());
  }

  byte[] encode() {
    byte[] out =
        new byte
            [Varint.size(version)
                + Varint.size(codec)
                + Varint.size(hashFunction)
                + Varint.size(digestLength)];
    int o = Varint.write(version, out, 0);
    o += Varint.write(codec, out, o);
    o += Varint.write(hashFunction, out, o);
    Varint.write(digestLength, out, o);
    return out;
  }

  static CidPrefix decode(byte[] bytes) {
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    try {
      long version = Varint.read(buf);
      long codec = Varint.read(buf);
      long hash = Varint.read(buf);
      long length = Varint.read(buf);
      if (buf.hasRemaining()) {
        throw new CodecException("block prefix has " + buf.remaining() + " trailing bytes");
      }
      if (version > 1 || length > Multihash.MAX_DIGEST_LENGTH) {
        throw new CodecException(
            "block prefix has CID version " + version + " and digest length " + length);
      }
      return new CidPrefix((int) version, codec, hash, (int) length);
    } catch (CodecException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new CodecException("block prefix is malformed: " + e.getMessage(), e);
    }
  }

  /**
   * Hashes {@code data} with the prefix's function and builds the CID it names.
   *
   * @throws CodecException if the node cannot compute the function, or the prefix's digest length
   *     or CID version does not fit it
   */
  Cid cid(byte[] data) {
    HashFunction f =
        HashFunction.forCode(hashFunction)
            .orElseThrow(
                () ->
                    new CodecException(
                        "block prefix names hash function 0x"
                            + Long.toHexString(hashFunction)
                            + ", which this node cannot verify"));
    if (f == HashFunction.IDENTITY) {
      throw new CodecException("block prefix names the identity hash; such blocks are never sent");
    }
    if (f.digestLength() != digestLength) {
      throw new CodecException(
          "block prefix gives "
              + f.hashName()
              + " a digest of "
              + digestLength
              + " bytes, not "
              + f.digestLength());
    }
    try {
      return Cid.of(version, codec, f.multihash(data));
    } catch (IllegalArgumentException e) {
      throw new CodecException("block prefix is not valid: " + e.getMessage(), e);
    }
  }
}
