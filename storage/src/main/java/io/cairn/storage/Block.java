package io.cairn.storage;

import java.net.URI;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * A block: bytes and the CID that names them. Construction does not hash; see {@link #verified}.
 *
 * @param origin where a raw block's bytes lie in a file or at a URL ({@code add --nocopy}): a store
 *     with the filestore (or urlstore) on keeps this reference instead of the bytes; null for a
 *     block stored as it is
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
   * Where the bytes of a block lie: a span of a file on disk ({@code add --nocopy FILE}) or of a
   * web file ({@code add --nocopy URL}, Kubo's urlstore).
   *
   * @param source the file's absolute {@code file:} URI, or an {@code http(s)} URL
   * @param offset where the block's bytes start in it
   */
  public record FileOrigin(URI source, long offset) {
    public FileOrigin {
      Objects.requireNonNull(source, "source");
      boolean file = "file".equals(source.getScheme()) && source.isAbsolute();
      if (!(file || Block.isUrl(source.toString())) || offset < 0) {
        throw new IllegalArgumentException(
            "a block's origin needs an absolute path or an http(s) URL and an offset of 0 or"
                + " more: "
                + source
                + " at "
                + offset);
      }
    }

    /** A span of the file at {@code file}, which must be absolute. */
    public FileOrigin(Path file, long offset) {
      this(fileUri(file), offset);
    }

    /** Whether the bytes lie at a web address rather than in a file on disk. */
    public boolean isUrl() {
      return !"file".equals(source.getScheme());
    }

    /** The file on disk holding the bytes; only for an origin that is not a URL. */
    public Path file() {
      if (isUrl()) {
        throw new IllegalStateException("the origin " + source + " is a URL, not a file");
      }
      return Path.of(source);
    }

    private static URI fileUri(Path file) {
      Objects.requireNonNull(file, "file");
      if (!file.isAbsolute()) {
        throw new IllegalArgumentException(
            "a block's origin needs an absolute path and an offset of 0 or more: " + file);
      }
      return file.toUri();
    }
  }

  /**
   * Whether {@code location} is an {@code http://} or {@code https://} address, as boxo's {@code
   * filestore.IsURL} tells a urlstore reference from a file's path.
   */
  public static boolean isUrl(String location) {
    return (location.startsWith("http://") && location.length() > 7)
        || (location.startsWith("https://") && location.length() > 8);
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
