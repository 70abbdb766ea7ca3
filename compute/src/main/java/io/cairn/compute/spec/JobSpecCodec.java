package io.cairn.compute.spec;

import io.cairn.compute.JobSpec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.util.LinkedHashMap;

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

  /**
   * Reads the JSON form, written by people: {@code version} may be left out there and then means
   * the version this node writes. The dag-cbor form always carries it.
   */
  public static JobSpec fromJson(String json) {
    Ipld node = JsonIpld.parse(json, DOCUMENT);
    if (node instanceof Ipld.Map m && !m.entries().containsKey("version")) {
      var withVersion = new LinkedHashMap<String, Ipld>();
      withVersion.put("version", Ipld.of(SpecModel.VERSION));
      withVersion.putAll(m.entries());
      node = Ipld.map(withVersion);
    }
    return fromIpld(node);
  }
}
