package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;

/**
 * One entry point for the codecs the node reads and writes as data model values: {@code raw}
 * (bytes), {@code dag-pb}, {@code dag-cbor}, {@code dag-json}, and the plain {@code json} and
 * {@code cbor} codecs (no links; map entries in the order read, see {@link PlainJson} and {@link
 * PlainCbor}).
 */
public final class DagCodecs {
  private DagCodecs() {}

  /** Whether {@link #decode} and {@link #encode} handle this codec. */
  public static boolean supports(long codec) {
    return codec == Multicodec.RAW.code()
        || codec == Multicodec.DAG_PB.code()
        || codec == Multicodec.DAG_CBOR.code()
        || codec == Multicodec.DAG_JSON.code()
        || codec == Multicodec.JSON.code()
        || codec == Multicodec.CBOR.code();
  }

  /** Decodes a block strictly in the codec its CID names. */
  public static Ipld decode(Cid cid, byte[] data) {
    return decode(cid.codec(), data, Strictness.STRICT);
  }

  public static Ipld decode(Cid cid, byte[] data, Strictness strictness) {
    return decode(cid.codec(), data, strictness);
  }

  /**
   * Decodes bytes of the given codec into the data model: raw gives bytes; dag-pb gives the spec's
   * {@code {Data, Links}} map (dag-pb decoding is always strict). The plain json and cbor codecs
   * have no canonical form and are always read leniently.
   *
   * @throws CodecException if the bytes are not valid in that codec
   * @throws IllegalArgumentException if the codec is not supported
   */
  public static Ipld decode(long codec, byte[] data, Strictness strictness) {
    if (codec == Multicodec.RAW.code()) {
      return new Ipld.Bytes(data);
    }
    if (codec == Multicodec.DAG_PB.code()) {
      return DagPbModel.toIpld(DagPb.decode(data));
    }
    if (codec == Multicodec.DAG_CBOR.code()) {
      return DagCbor.decode(data, strictness);
    }
    if (codec == Multicodec.DAG_JSON.code()) {
      return DagJson.decode(data, strictness);
    }
    if (codec == Multicodec.JSON.code()) {
      return PlainJson.decode(data);
    }
    if (codec == Multicodec.CBOR.code()) {
      return PlainCbor.decode(data);
    }
    throw unsupported(codec);
  }

  /**
   * Encodes a data model value in the given codec. Raw takes bytes; dag-pb takes the {@code {Data,
   * Links}} form and writes links sorted by name as the DAG-PB spec asks.
   *
   * @throws CodecException if the value cannot be written in that codec
   */
  public static byte[] encode(Multicodec codec, Ipld value) {
    return switch (codec) {
      case RAW -> {
        if (!(value instanceof Ipld.Bytes b)) {
          throw new CodecException(
              "raw: only bytes can be stored raw, not " + value.kind().label());
        }
        yield b.value();
      }
      case DAG_PB -> DagPb.encode(DagPbModel.fromIpld(value));
      case DAG_CBOR -> DagCbor.encode(value);
      case DAG_JSON -> DagJson.encode(value);
      case JSON -> PlainJson.encode(value);
      case CBOR -> PlainCbor.encode(value);
      default -> throw unsupported(codec.code());
    };
  }

  /** The data model form of a DAG-PB node. */
  public static Ipld fromPb(PbNode node) {
    return DagPbModel.toIpld(node);
  }

  /** The DAG-PB node a data model value describes. */
  public static PbNode toPb(Ipld value) {
    return DagPbModel.fromIpld(value);
  }

  private static IllegalArgumentException unsupported(long codec) {
    return new IllegalArgumentException(
        "codec "
            + Multicodec.nameOf(codec)
            + " is not supported; supported: raw, dag-pb, dag-cbor, dag-json, json, cbor");
  }
}
