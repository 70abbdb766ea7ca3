package io.cairn.storage;

import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The references of raw blocks to the files that hold their bytes ({@code add --nocopy}), kept
 * beside the block store: the store's {@code has}, {@code get}, {@code size}, key listing, garbage
 * collection and {@code repo verify} see referenced blocks as they see stored ones, and {@code get}
 * reads the file and checks the bytes against the CID. A block held both as a reference and as
 * stored bytes is a duplicate ({@link #duplicates}); reads prefer the stored bytes.
 */
public interface Filestore {
  /**
   * The folder the file references' paths are relative to (files outside it cannot be referenced);
   * null when only the urlstore is on.
   */
  Path root();

  /** Whether the urlstore is on: spans of web files can be referenced and read back. */
  boolean urlstore();

  /**
   * Every reference, in key order or, with {@code fileOrder}, by file then offset (gathered first,
   * so that order costs memory per reference); close the stream.
   *
   * @param verify whether to read each file and report the block's status
   */
  Stream<FilestoreEntry> list(boolean fileOrder, boolean verify);

  /** The reference for one block ({@link FilestoreEntry.Status#KEY_NOT_FOUND} when none). */
  FilestoreEntry list(Cid cid, boolean verify);

  /**
   * Removes a block's reference (and only it: stored bytes of the same block stay); returns whether
   * there was one. This may remove pinned data, as Kubo's {@code --remove-bad-blocks}.
   */
  boolean removeReference(Cid cid);

  /** The CIDs (v1, raw) of blocks held both as references and as stored bytes; close it. */
  Stream<Cid> duplicates();
}
