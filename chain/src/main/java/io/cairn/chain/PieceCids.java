package io.cairn.chain;

import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;

/** v2 piece CIDs between their text and the binary form the market stores. */
final class PieceCids {
  private static final long RAW = 0x55;
  private static final long PIECE_MULTIHASH_V2 = 0x1011;

  private PieceCids() {}

  static byte[] toBytes(String text) {
    if (text == null) {
      throw new IllegalArgumentException("piece CID is missing");
    }
    Cid cid;
    try {
      cid = Cid.parse(text);
    } catch (InvalidCidException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    if (cid.version() != 1 || cid.codec() != RAW || cid.multihash().code() != PIECE_MULTIHASH_V2) {
      throw new IllegalArgumentException(
          "'" + text + "' is not a v2 piece CID (raw codec, fr32-sha256-trunc254-padbintree)");
    }
    return cid.bytes();
  }

  static String toText(byte[] bytes) {
    return Cid.decode(bytes).toString();
  }
}
