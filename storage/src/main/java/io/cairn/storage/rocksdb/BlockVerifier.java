package io.cairn.storage.rocksdb;

import io.cairn.storage.Cid;
import io.cairn.storage.CorruptBlockException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.StorageException;
import io.cairn.storage.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * {@code repo verify}: re-hashes every stored block, reading keys from the index and each block on
 * its own, so one damaged block does not end the scan; then, with the filestore on, reads back each
 * block held only as a reference, whose file may have changed or gone (as Kubo's verify, which
 * reads every key of its blockstore, filestore's included).
 */
final class BlockVerifier {
  private static final int PROGRESS_EVERY = 1024;

  private final RocksDatabase db;
  private final RocksBlockStore store;
  private final FileReferences files;
  private final List<Multihash> corrupt = new ArrayList<>();
  private long checked;

  BlockVerifier(RocksDatabase db, RocksBlockStore store, FileReferences files) {
    this.db = db;
    this.store = store;
    this.files = files;
  }

  VerifyReport verify(Consumer<VerifyReport.Progress> progress) {
    try (Cursor<Multihash, BlockEntry> c = store.index(null)) {
      while (c.next()) {
        Multihash mh = c.key();
        boolean ok;
        try {
          byte[] data = store.readChecked(Cid.v1(Multicodec.RAW, mh));
          if (data == null && db.getRaw(Column.BLOCK_INDEX, mh.bytes()) == null) {
            continue; // deleted since the cursor's snapshot, by a collection or a removal
          }
          ok = data != null && RocksBlockStore.matches(mh, data);
        } catch (CorruptBlockException e) {
          ok = false;
        }
        report(mh, ok, progress);
      }
    }
    if (files.enabled()) {
      try (Cursor<Multihash, FileRef> c = store.references(null)) {
        while (c.next()) {
          Multihash mh = c.key();
          if (db.getRaw(Column.BLOCK_INDEX, mh.bytes()) != null) {
            continue; // read from its stored bytes, checked above
          }
          boolean ok;
          try {
            files.read(mh, c.value());
            ok = true;
          } catch (StorageException e) {
            ok = false; // the file no longer gives the block, or the reference is unreadable
          }
          report(mh, ok, progress);
        }
      }
    }
    progress.accept(new VerifyReport.Progress(checked, null));
    return new VerifyReport(checked, corrupt);
  }

  private void report(Multihash mh, boolean ok, Consumer<VerifyReport.Progress> progress) {
    checked++;
    if (!ok) {
      corrupt.add(mh);
      progress.accept(new VerifyReport.Progress(checked, mh));
    } else if (checked % PROGRESS_EVERY == 0) {
      progress.accept(new VerifyReport.Progress(checked, null));
    }
  }
}
