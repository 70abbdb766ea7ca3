package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.KeyValueTable;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/** TEST ONLY: a table that forwards to a real one and counts range scans. */
final class CountingTable implements KeyValueTable {
  private final KeyValueTable inner;
  final AtomicInteger scans = new AtomicInteger();

  CountingTable(KeyValueTable inner) {
    this.inner = inner;
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return inner.get(key);
  }

  @Override
  public void put(byte[] key, byte[] value) {
    inner.put(key, value);
  }

  @Override
  public void delete(byte[] key) {
    inner.delete(key);
  }

  @Override
  public Stream<Map.Entry<byte[], byte[]>> scan(byte[] prefix) {
    scans.incrementAndGet();
    return inner.scan(prefix);
  }
}
