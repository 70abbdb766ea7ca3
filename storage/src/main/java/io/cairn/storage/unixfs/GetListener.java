package io.cairn.storage.unixfs;

/** Progress of {@link UnixFsExporter#get}: called after each chunk of file bytes is written. */
@FunctionalInterface
public interface GetListener {
  /** A listener that ignores progress. */
  GetListener NONE = total -> {};

  /**
   * @param total file bytes written so far by this get (directories and symlinks count 0)
   */
  void bytesWritten(long total);
}
