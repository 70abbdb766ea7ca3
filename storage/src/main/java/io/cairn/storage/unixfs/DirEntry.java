package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import java.time.Instant;
import java.util.Objects;

/**
 * One entry of a directory listing, with what Kubo's {@code ipfs ls} reports for it.
 *
 * <p>A listing that does not resolve children only knows the link: {@code kind} is {@link
 * UnixFsNode.Kind#UNKNOWN} for dag-pb children and {@code size} is 0, except for raw children,
 * which are files of their Tsize without being fetched (as Kubo does). A resolved listing fetches
 * each dag-pb child's root block for its kind, size, mode, mtime and symlink target.
 *
 * @param name the entry's name; "" for the unnamed links of a file
 * @param cid the child
 * @param kind the child's kind
 * @param size the child's content size as {@link UnixFsNode#size()} defines it
 * @param tsize the link's Tsize (cumulative DAG size as the parent records it); 0 when absent
 * @param mode the child's permission bits, null when absent or not resolved
 * @param mtime the child's modification time, null when absent or not resolved
 * @param symlinkTarget the target when the child is a resolved symlink, else null
 */
public record DirEntry(
    String name,
    Cid cid,
    UnixFsNode.Kind kind,
    long size,
    long tsize,
    Integer mode,
    Instant mtime,
    String symlinkTarget) {

  public DirEntry {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(cid, "cid");
    Objects.requireNonNull(kind, "kind");
    if (size < 0 || tsize < 0) {
      throw new IllegalArgumentException("sizes must not be negative");
    }
  }
}
