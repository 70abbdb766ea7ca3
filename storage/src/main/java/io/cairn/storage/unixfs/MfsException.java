package io.cairn.storage.unixfs;

/**
 * An MFS change or lookup that cannot be done, with Kubo's message ("file does not exist",
 * "directory already has entry by that name", ...). Nothing was changed.
 */
public final class MfsException extends IllegalArgumentException {
  public MfsException(String message) {
    super(message);
  }
}
