package io.cairn.storage.unixfs;

import java.util.zip.Deflater;

/**
 * How {@link UnixFsExporter#writeArchive} packs its output, as the {@code archive}, {@code
 * compress} and {@code compression-level} options of Kubo's {@code get} do:
 *
 * <ul>
 *   <li>neither: a tar stream used as transport, PAX headers so mtimes keep their nanoseconds (what
 *       {@code ipfs get} unpacks on the client);
 *   <li>{@code archive}: a tar archive in the default format (USTAR where it fits, mtimes rounded
 *       to the second);
 *   <li>{@code archive} and compression: that tar archive gzipped;
 *   <li>compression alone: the gzipped bytes of a single file (or a symlink's target), no tar; a
 *       directory is refused.
 * </ul>
 *
 * @param archive whether to write a tar archive rather than the transport format
 * @param compressionLevel 0 for none, -1 for gzip's default level, 1 to 9 for that level
 */
public record ArchiveOptions(boolean archive, int compressionLevel) {
  /** The transport tar of {@code /api/v0/get} without options. */
  public static final ArchiveOptions TRANSPORT = new ArchiveOptions(false, 0);

  public ArchiveOptions {
    if (compressionLevel != 0
        && compressionLevel != Deflater.DEFAULT_COMPRESSION
        && (compressionLevel < 1 || compressionLevel > 9)) {
      throw new IllegalArgumentException("compression level must be between 1 and 9");
    }
  }

  public boolean compressed() {
    return compressionLevel != 0;
  }
}
