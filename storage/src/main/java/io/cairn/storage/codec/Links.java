package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The CIDs a block links to, in the order its bytes hold them: for canonical blocks, the order of
 * the codec's canonical encoding (DAG-PB link order; DAG-CBOR and DAG-JSON map keys in their own
 * sort orders). DAG-CBOR and DAG-JSON blocks are read leniently, so well-formed historical blocks
 * with unsorted keys still give their links; DAG-CBOR text strings need not be UTF-8 (Filecoin
 * chain data has such strings, and Kubo walks them). The plain json and cbor codecs have no links;
 * their blocks are decoded all the same, so a malformed one is refused as Kubo's walk refuses it.
 */
public final class Links {
  private Links() {}

  /**
   * The links of a block.
   *
   * @throws CodecException if the bytes do not decode in the CID's codec
   * @throws IllegalArgumentException if the node does not know the codec
   */
  public static List<Cid> of(Cid cid, byte[] data) {
    long codec = cid.codec();
    if (codec == Multicodec.RAW.code()) {
      return List.of();
    }
    if (codec == Multicodec.DAG_PB.code()) {
      List<PbLink> links = DagPb.links(data);
      List<Cid> out = new ArrayList<>(links.size());
      for (PbLink l : links) {
        out.add(l.cid());
      }
      return out;
    }
    if (codec == Multicodec.DAG_CBOR.code()) {
      return DagCbor.links(data);
    }
    if (codec == Multicodec.DAG_JSON.code()) {
      return DagJson.links(data);
    }
    if (codec == Multicodec.JSON.code()) {
      PlainJson.decode(data);
      return List.of();
    }
    if (codec == Multicodec.CBOR.code()) {
      PlainCbor.decode(data);
      return List.of();
    }
    throw new IllegalArgumentException(
        "cannot read links of codec " + Multicodec.nameOf(codec) + " (block " + cid + ")");
  }

  /** Whether {@link #of} understands blocks of this codec. */
  public static boolean supports(long codec) {
    return codec == Multicodec.RAW.code()
        || codec == Multicodec.DAG_PB.code()
        || codec == Multicodec.DAG_CBOR.code()
        || codec == Multicodec.DAG_JSON.code()
        || codec == Multicodec.JSON.code()
        || codec == Multicodec.CBOR.code();
  }
}
