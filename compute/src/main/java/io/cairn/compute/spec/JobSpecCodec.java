package io.cairn.compute.spec;

import io.cairn.compute.JobSpec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;

/**
 * The dag-cbor and JSON forms of a {@link JobSpec}. Both carry the same data model ({@link
 * SpecModel}); JSON writes CIDs as strings.
 */
public final class JobSpecCodec {
  static final String DOCUMENT = "job spec";

  private JobSpecCodec() {}

  public static Ipld toIpld(JobSpec spec) {
    return SpecModel.encode(spec);
  }

  public static JobSpec fromIpld(Ipld node) {
    return SpecModel.decode(Field.root(DOCUMENT, node));
  }

  public static byte[] toDagCbor(JobSpec spec) {
    return DagCbor.encode(toIpld(spec));
  }

  public static JobSpec fromDagCbor(byte[] bytes) {
    Ipld node;
    try {
      node = DagCbor.decode(bytes);
    } catch (CodecException e) {
      throw new IllegalArgumentException(DOCUMENT + " is not valid dag-cbor: " + e.getMessage(), e);
    }
    return fromIpld(node);
  }

  public static String toJson(JobSpec spec) {
    return JsonIpld.write(toIpld(spec));
  }

  public static JobSpec fromJson(String json) {
    return fromIpld(JsonIpld.parse(json, DOCUMENT));
  }
}
