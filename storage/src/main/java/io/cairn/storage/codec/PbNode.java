package io.cairn.storage.codec;

import java.util.Arrays;
import java.util.List;

/** A DAG-PB node: links, then optional data (null when absent, which differs from empty). */
public record PbNode(List<PbLink> links, byte[] data) {
  public PbNode {
    links = List.copyOf(links);
  }

  public static PbNode of(byte[] data, List<PbLink> links) {
    return new PbNode(links, data);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PbNode n && links.equals(n.links) && Arrays.equals(data, n.data);
  }

  @Override
  public int hashCode() {
    return 31 * links.hashCode() + Arrays.hashCode(data);
  }

  @Override
  public String toString() {
    return "PbNode[links="
        + links
        + ", data="
        + (data == null ? "absent" : data.length + " bytes")
        + "]";
  }
}
