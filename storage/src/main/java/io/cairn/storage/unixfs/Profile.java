package io.cairn.storage.unixfs;

import java.util.Arrays;
import java.util.Locale;

/**
 * The UnixFS import profiles of IPIP-0499: named presets of every parameter that changes the CIDs
 * of an import.
 */
public enum Profile {
  /**
   * Kubo's historic defaults: CIDv0, dag-pb leaves, 256 KiB chunks, 174 links per file node, HAMT
   * above 256 KiB estimated from link names and CIDs.
   */
  UNIXFS_V0_2015("unixfs-v0-2015"),
  /**
   * CIDv1, raw leaves, 1 MiB chunks, 1024 links per file node, HAMT above 256 KiB of serialized
   * directory block.
   */
  UNIXFS_V1_2025("unixfs-v1-2025");

  private final String specName;

  Profile(String specName) {
    this.specName = specName;
  }

  /** The name the spec (and Kubo's {@code --profile}) uses. */
  public String specName() {
    return specName;
  }

  /**
   * Looks a profile up by its spec name; also accepts Kubo's alias {@code legacy-cid-v0}.
   *
   * @throws IllegalArgumentException naming the known profiles
   */
  public static Profile forName(String name) {
    String n = name.strip().toLowerCase(Locale.ROOT);
    if (n.equals("legacy-cid-v0")) {
      return UNIXFS_V0_2015;
    }
    for (Profile p : values()) {
      if (p.specName.equals(n)) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown import profile '"
            + name
            + "'; known: "
            + String.join(", ", Arrays.stream(values()).map(Profile::specName).toList()));
  }

  @Override
  public String toString() {
    return specName;
  }
}
