package io.cairn.storage.codec;

/**
 * How strictly a decoder holds bytes to their codec's canonical form.
 *
 * <p>{@link #STRICT} rejects every form the codec's canonical encoder would not write, so a decode
 * and re-encode gives back the same bytes. {@link #LENIENT} accepts the forms the IPLD specs allow
 * decoders to relax for historical data: for DAG-CBOR, map keys in any order, integers and lengths
 * not in their shortest form, a long-form tag 42 and 16- or 32-bit floats; for DAG-JSON, map keys
 * in any order and whitespace between tokens; for DAG-CBOR, also text strings that are not UTF-8,
 * whose bytes are kept as go-ipld-prime (Kubo) keeps them (see {@link Ipld.Str}). Both reject
 * everything else outside the data model (other tags, undefined, NaN, duplicate or non-string keys,
 * trailing bytes, and in DAG-JSON invalid UTF-8). Reading only the links of a DAG-CBOR block
 * ({@link DagCbor#links}) is lenient and also reads indefinite-length strings, lists and maps, and
 * undefined (as null), as Kubo's decoder does; reading those of a DAG-JSON block ({@link
 * DagJson#links}) reads strings that are not UTF-8 and unpaired surrogate escapes.
 */
public enum Strictness {
  STRICT,
  LENIENT
}
