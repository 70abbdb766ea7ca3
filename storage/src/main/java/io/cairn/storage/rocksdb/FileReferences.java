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
 * The block store's side of the filestore and the urlstore: which blocks are held as {@link
 * FileRef}s, and reading one back from its file or its URL, checked against its CID every time (a
 * file can change under the node at any moment, so these blocks are never cached as verified).
 */
final class FileReferences {
  /** Kubo's errors for a reference of a kind the node does not have on. */
  static final String FILESTORE_OFF = "filestore is not enabled, see https://git.io/vNItf";

  static final String URLSTORE_OFF = "urlstore is not enabled";

  private final RocksDatabase db;
  private final Path root;
  private final UrlReader urls;

  /**
   * @param root the folder file references are relative to, absolute and normalised; null when the
   *     filestore is off
   * @param urls the reader of URL references; null when the urlstore is off. With neither on,
   *     references already stored are ignored, as Kubo ignores them
   */
  FileReferences(RocksDatabase db, Path root, UrlReader urls) {
    this.db = db;
    this.root = root;
    this.urls = urls;
  }

  /** Whether the store has a filestore at all (Kubo opens one for either kind of reference). */
  boolean enabled() {
    return root != null || urls != null;
  }

  Path root() {
    return root;
  }

  boolean urls() {
    return urls != null;
  }

  /** Whether a block goes into the filestore: it has an origin, is raw, and the store has one. */
  boolean takes(Block b) {
    return enabled() && b.origin() != null && b.cid().isCodec(Multicodec.RAW);
  }

  boolean has(byte[] key) {
    return enabled() && db.getRaw(Column.FILESTORE, key) != null;
  }

  Optional<FileRef> get(Multihash key) {
    return enabled() ? db.get(Column.FILESTORE, key) : Optional.empty();
  }

  /**
   * The reference for a block with an origin: its URL as it is, or its file relative to the root.
   *
   * @throws IllegalArgumentException (Kubo's words) when the kind of reference is not on, or the
   *     file is not below the root
   */
  FileRef refFor(Block b) {
    if (b.origin().isUrl()) {
      if (urls == null) {
        throw new IllegalArgumentException(URLSTORE_OFF);
      }
      return new FileRef(b.origin().source().toString(), b.origin().offset(), b.size());
    }
    if (root == null) {
      throw new IllegalArgumentException(FILESTORE_OFF);
    }
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
   * The block's bytes, read from its file or URL and checked against its multihash.
   *
   * @throws FilestoreException naming the file when it is gone, unreadable, shorter, or changed, or
   *     when the kind of reference is not on
   */
  byte[] read(Multihash key, FileRef ref) {
    Cid cid = Cid.v1(Multicodec.RAW, key);
    if (ref.isUrl()) {
      if (urls == null) {
        throw new FilestoreException(cid, Status.FILE_ERROR, URLSTORE_OFF, null);
      }
      return check(key, cid, ref, urls.read(cid, ref));
    }
    if (root == null) {
      throw new FilestoreException(cid, Status.FILE_ERROR, FILESTORE_OFF, null);
    }
    Path file = root.resolve(ref.path());
    byte[] data = new byte[ref.size()];
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.wrap(data);
      while (buf.hasRemaining()) {
        if (ch.read(buf, ref.offset() + buf.position()) < 0) {
          throw shorter(cid, ref);
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
    return check(key, cid, ref, data);
  }

  /** The file or web file ends before the reference's span does: it changed. */
  static FilestoreException shorter(Cid cid, FileRef ref) {
    return new FilestoreException(
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

  /** The bytes, when they hash to the key; else Kubo's error for a changed file. */
  private static byte[] check(Multihash key, Cid cid, FileRef ref, byte[] data) {
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
