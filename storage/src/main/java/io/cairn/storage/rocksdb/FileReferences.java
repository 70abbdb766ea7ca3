package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.FilestoreEntry.Status;
import io.cairn.storage.FilestoreException;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * The block store's side of the filestore: which blocks are held as {@link FileRef}s, and reading
 * one back from its file, checked against its CID every time (a file can change under the node at
 * any moment, so these blocks are never cached as verified).
 */
final class FileReferences {
  private final RocksDatabase db;
  private final Path root;

  /**
   * @param root the folder references are relative to, absolute and normalised; null when the
   *     filestore is off, and references already stored are then ignored, as Kubo ignores them
   */
  FileReferences(RocksDatabase db, Path root) {
    this.db = db;
    this.root = root;
  }

  boolean enabled() {
    return root != null;
  }

  Path root() {
    return root;
  }

  /** Whether a block goes into the filestore: it has an origin, is raw, and the store has one. */
  boolean takes(Block b) {
    return root != null && b.origin() != null && b.cid().isCodec(Multicodec.RAW);
  }

  boolean has(byte[] key) {
    return root != null && db.getRaw(Column.FILESTORE, key) != null;
  }

  Optional<FileRef> get(Multihash key) {
    return root == null ? Optional.empty() : db.get(Column.FILESTORE, key);
  }

  /**
   * The reference for a block with an origin: its file relative to the root.
   *
   * @throws IllegalArgumentException (Kubo's words) when the file is not below the root
   */
  FileRef refFor(Block b) {
    Path file = b.origin().file().normalize();
    if (!file.startsWith(root) || file.equals(root)) {
      throw new IllegalArgumentException(
          "cannot add filestore references outside ipfs root (" + root + ")");
    }
    String relative = root.relativize(file).toString();
    if (File.separatorChar != '/') {
      relative = relative.replace(File.separatorChar, '/');
    }
    return new FileRef(relative, b.origin().offset(), b.size());
  }

  /**
   * The block's bytes, read from its file and checked against its multihash.
   *
   * @throws FilestoreException naming the file when it is gone, unreadable, shorter, or changed
   */
  byte[] read(Multihash key, FileRef ref) {
    Cid cid = Cid.v1(Multicodec.RAW, key);
    Path file = root.resolve(ref.path());
    byte[] data = new byte[ref.size()];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        if (ch.read(buf, ref.offset() + buf.position()) < 0) {
          throw new FilestoreException(
              cid,
              Status.FILE_CHANGED,
              "unexpected EOF: "
                  + ref.path()
                  + " ends before offset "
                  + ref.offset()
                  + " + "
                  + ref.size()
                  + " bytes",
              null);
        }
      }
    } catch (NoSuchFileException e) {
      throw new FilestoreException(
          cid, Status.FILE_NOT_FOUND, "open " + file + ": no such file or directory", e);
    } catch (AccessDeniedException e) {
      throw new FilestoreException(
          cid, Status.FILE_ERROR, "open " + file + ": permission denied", e);
    } catch (IOException e) {
      throw new FilestoreException(
          cid, Status.FILE_ERROR, "read " + file + ": " + e.getMessage(), e);
    }
    if (!key.matches(data)) {
      throw new FilestoreException(
          cid,
          Status.FILE_CHANGED,
          "data in file did not match. " + ref.path() + " offset " + ref.offset(),
          null);
    }
    return data;
  }
}
