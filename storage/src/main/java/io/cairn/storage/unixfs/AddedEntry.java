package io.cairn.storage.unixfs;

import io.cairn.storage.Cid;
import java.util.Objects;

/**
 * An entry an import produced, as {@code ipfs add} reports it.
 *
 * @param path the entry's path ({@code dir/file.txt}); the empty string for the directory that
 *     {@code --wrap-with-directory} adds
 * @param cid the entry's root CID
 * @param size the total size of the entry's DAG: its root block plus the {@code Tsize} of its
 *     links, which is Kubo's {@code Size} in {@code ipfs add --enc=json}
 */
public record AddedEntry(String path, Cid cid, long size) {
  public AddedEntry {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(cid, "cid");
    if (size < 0) {
      throw new IllegalArgumentException("size must not be negative: " + size);
    }
  }
}
