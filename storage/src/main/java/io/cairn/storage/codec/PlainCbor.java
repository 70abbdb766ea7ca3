package io.cairn.storage.codec;

/**
 * The plain {@code cbor} codec (multicodec 0x51) as Kubo reads and writes it: go-ipld-prime's
 * {@code codec/cbor}, its DAG-CBOR codec with links refused and no key sorting. Encoding writes
 * shortest-form integers and lengths and 64-bit floats as DAG-CBOR does, but map entries in the
 * map's own order (a decoded map keeps the order of its bytes). Decoding is lenient (keys in any
 * order, integers and lengths in any form, 16- and 32-bit floats; text strings that are not UTF-8
 * keep their bytes) and refuses tags, tag 42 included.
 */
public final class PlainCbor {
  private PlainCbor() {}

  /**
   * Decodes one CBOR value that spans all of {@code bytes}.
   *
   * @throws CodecException naming the fault and its byte offset
   */
  public static Ipld decode(byte[] bytes) {
    return new DagCborDecoder(bytes, Strictness.LENIENT, null, true).decodeAll();
  }

  /**
   * Encodes as go-ipld-prime's cbor codec does.
   *
   * @throws CodecException for a link, in go-ipld-prime's words
   */
  public static byte[] encode(Ipld value) {
    return DagCbor.encode(value, false);
  }
}
