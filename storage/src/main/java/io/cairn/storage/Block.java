package io.cairn.storage;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block: bytes and the CID that names them. Construction does not hash; see {@link #verified}.
 *
 * @param origin where a raw block's bytes lie in a file ({@code add --nocopy}): a store with the
 *     filestore on keeps this reference instead of the bytes; null for a block stored as it is
 */
public record Block(Cid cid, byte[] data, FileOrigin origin) {
  public Block {
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(data, "data");
  }

  public Block(Cid cid, byte[] data) {
    this(cid, data, null);
  }

  /**
   * The bytes of a block as they lie in a file.
   *
   * @param file the file's absolute path
   * @param offset where the block's bytes start in it
   */
  public record FileOrigin(Path file, long offset) {
    public FileOrigin {
      Objects.requireNonNull(file, "file");
      if (!file.isAbsolute() || offset < 0) {
        throw new IllegalArgumentException(
            "a block's origin needs an absolute path and an offset of 0 or more: "
                + file
                + " at "
                + offset);
      }
    }
  }

  /** Hashes {@code data} and makes a block with a CID of the given version, codec and function. */
  public static Block create(int version, long codec, HashFunction function, byte[] data) {
    return new Block(Cid.compute(version, codec, function, data), data);
  }

  /** A CIDv1 sha2-256 block. */
  public static Block create(Multicodec codec, byte[] data) {
    return create(1, codec.code(), HashFunction.SHA2_256, data);
  }

  /**
   * A block whose bytes are checked against the CID.
   *
   * @param where names the source for the error message ("disk", "peer 12D3...", "CAR file")
   * @throws CorruptBlockException if the bytes do not match
   */
  public static Block verified(Cid cid, byte[] data, String where) {
    Block b = new Block(cid, data);
    if (!b.isValid()) {
      throw new CorruptBlockException(cid, where);
    }
    return b;
  }

  /** Whether the bytes hash to the CID; false for a hash function the node cannot compute. */
  public boolean isValid() {
    return cid.multihash().function().isPresent() && cid.multihash().matches(data);
  }

  public int size() {
    return data.length;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Block b && cid.equals(b.cid) && Arrays.equals(data, b.data);
  }

  @Override
  public int hashCode() {
    return cid.hashCode();
  }

  @Override
  public String toString() {
    return "Block[" + cid + ", " + data.length + " bytes]";
  }
}
