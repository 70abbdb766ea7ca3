package io.cairn.storage;

/**
 * A failure of the underlying store (I/O, RocksDB); unchecked, with a message a user can act on.
 */
public class StorageException extends RuntimeException {
  public StorageException(String message) {
    super(message);
  }

  public StorageException(String message, Throwable cause) {
    super(message, cause);
  }
}
