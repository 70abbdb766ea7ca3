package io.cairn.storage.unixfs;

/**
 * Receives an import's events, on the importing thread: every entry as Kubo reports it (files as
 * they finish, then directories, children before parents), and the bytes read of the file being
 * imported at least every 256 KiB and at its end.
 */
public interface ImportListener {
  ImportListener NONE = new ImportListener() {};

  default void added(AddedEntry entry) {}

  default void progress(String path, long bytesSoFar) {}
}
