package io.cairn.storage.codec;

import io.cairn.storage.Cid;
import java.util.Objects;

/**
 * A DAG-PB link. {@code name} and {@code tsize} are optional on the wire: null means absent, which
 * is not the same block as an empty name or a zero size.
 */
public record PbLink(Cid cid, String name, Long tsize) {
  public PbLink {
    Objects.requireNonNull(cid, "cid");
    if (tsize != null && tsize < 0) {
      throw new IllegalArgumentException("link Tsize must not be negative: " + tsize);
    }
  }

  /** A link with a name and size, as UnixFS writes them. */
  public static PbLink of(String name, Cid cid, long tsize) {
    return new PbLink(cid, name, tsize);
  }

  /** The name, or "" when absent. */
  public String nameOrEmpty() {
    return name == null ? "" : name;
  }

  /** The size, or 0 when absent. */
  public long tsizeOrZero() {
    return tsize == null ? 0 : tsize;
  }
}
