package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import io.cairn.storage.Filestore;
import io.cairn.storage.FilestoreEntry;
import io.cairn.storage.FilestoreEntry.Status;
import io.cairn.storage.FilestoreException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The filestore's listing side over the {@link Column#FILESTORE} column: {@code filestore ls},
 * {@code verify} and {@code dups}. The references themselves are written, read and removed by the
 * block store.
 */
final class RocksFilestore implements Filestore {
  private final RocksDatabase db;
  private final RocksBlockStore blocks;
  private final FileReferences files;

  RocksFilestore(RocksDatabase db, RocksBlockStore blocks, FileReferences files) {
    this.db = db;
    this.blocks = blocks;
    this.files = files;
  }

  @Override
  public Path root() {
    return files.root();
  }

  @Override
  public boolean urlstore() {
    return files.urls();
  }

  @Override
  public Stream<FilestoreEntry> list(boolean fileOrder, boolean verify) {
    db.assertOpen();
    Stream<Raw> refs = db.cursor(Column.FILESTORE, null, null, true).stream(Raw::of);
    if (fileOrder) {
      // As Kubo: gathered and sorted by path, offset, then key; an unreadable one sorts first.
      List<Raw> all;
      try (Stream<Raw> read = refs) {
        all = new ArrayList<>(read.toList());
      }
      all.sort(
          Comparator.comparing((Raw r) -> r.ref == null ? "" : r.ref.path())
              .thenComparingLong(r -> r.ref == null ? 0 : r.ref.offset())
              .thenComparing((a, b) -> Arrays.compareUnsigned(a.key, b.key)));
      refs = all.stream();
    }
    return refs.map(r -> entry(r, verify));
  }

  @Override
  public FilestoreEntry list(Cid cid, boolean verify) {
    Multihash key = cid.multihash();
    Cid raw = Cid.v1(Multicodec.RAW, key);
    Optional<FileRef> ref;
    try {
      ref = db.get(Column.FILESTORE, key);
    } catch (StorageException e) {
      return FilestoreEntry.problem(Status.OTHER_ERROR, e.getMessage(), raw);
    }
    if (ref.isEmpty()) {
      return FilestoreEntry.problem(Status.KEY_NOT_FOUND, "ipld: could not find " + raw, raw);
    }
    return check(key, raw, ref.get(), verify);
  }

  @Override
  public boolean removeReference(Cid cid) {
    return blocks.removeReference(cid.multihash());
  }

  @Override
  public Stream<Cid> duplicates() {
    db.assertOpen();
    return db.cursor(Column.FILESTORE, null, null, false).stream(Cursor::key)
        .filter(k -> blocks.stored(k.bytes()))
        .map(k -> Cid.v1(Multicodec.RAW, k));
  }

  private FilestoreEntry entry(Raw r, boolean verify) {
    Multihash key;
    try {
      key = Multihash.decode(r.key);
    } catch (IllegalArgumentException e) {
      return FilestoreEntry.problem(
          Status.OTHER_ERROR, "decoding multihash from filestore: " + e.getMessage(), null);
    }
    Cid raw = Cid.v1(Multicodec.RAW, key);
    if (r.ref == null) {
      return FilestoreEntry.problem(Status.OTHER_ERROR, r.error, raw);
    }
    return check(key, raw, r.ref, verify);
  }

  private FilestoreEntry check(Multihash key, Cid raw, FileRef ref, boolean verify) {
    Status status = Status.OK;
    String error = "";
    if (verify) {
      try {
        files.read(key, ref);
      } catch (FilestoreException e) {
        status = e.status();
        error = e.getMessage();
      }
    }
    return new FilestoreEntry(status, error, raw, ref.path(), ref.offset(), ref.size());
  }

  /** A reference as read from the column: its key's bytes and the reference, or why not. */
  private record Raw(byte[] key, FileRef ref, String error) {
    static Raw of(Cursor<Multihash, FileRef> c) {
      try {
        return new Raw(c.rawKey(), c.value(), null);
      } catch (StorageException e) {
        return new Raw(c.rawKey(), null, e.getMessage());
      }
    }
  }
}
