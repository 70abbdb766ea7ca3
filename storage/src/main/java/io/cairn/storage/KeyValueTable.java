package io.cairn.storage;

import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A small table of node state with byte keys and values, durable on every write. */
public interface KeyValueTable {
  Optional<byte[]> get(byte[] key);

  void put(byte[] key, byte[] value);

  void delete(byte[] key);

  /** Entries whose key starts with {@code prefix}, in key order; close the stream when done. */
  Stream<Map.Entry<byte[], byte[]>> scan(byte[] prefix);
}
