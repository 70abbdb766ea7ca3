package io.cairn.storage.rocksdb;

import io.cairn.storage.KeyValueTable;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A named table in the state column, or in the column family of its own that {@link
 * Column#forTable} names: each key is stored after the table's name and a zero byte, which no name
 * contains, so tables never see each other's entries. Every write is logged and synced before it
 * returns.
 */
final class RocksKeyValueTable implements KeyValueTable {
  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");

  private final RocksDatabase db;
  private final String name;
  private final Column<byte[], byte[]> column;
  private final byte[] prefix;

  RocksKeyValueTable(RocksDatabase db, String name) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "table name '"
              + name
              + "' is not valid: use 1 to 64 lower-case letters, digits, '.', '_' or '-'");
    }
    this.db = db;
    this.name = name;
    this.column = Column.forTable(name);
    this.prefix = prefix(name);
  }

  /** The bytes every key of the table named {@code name} starts with. */
  static byte[] prefix(String name) {
    byte[] n = name.getBytes(StandardCharsets.US_ASCII);
    return Arrays.copyOf(n, n.length + 1);
  }

  @Override
  public Optional<byte[]> get(byte[] key) {
    return Optional.ofNullable(db.getRaw(column, stored(key)));
  }

  @Override
  public void put(byte[] key, byte[] value) {
    Objects.requireNonNull(value, "value");
    db.putRaw(column, stored(key), value, Durability.SYNCED);
  }

  @Override
  public void delete(byte[] key) {
    db.delete(column, stored(key), Durability.SYNCED);
  }

  @Override
  public Stream<Map.Entry<byte[], byte[]>> scan(byte[] keyPrefix) {
    byte[] lower = stored(keyPrefix);
    return db.cursor(column, lower, upperBound(lower), true).stream(
        c -> {
          byte[] k = c.rawKey();
          return new AbstractMap.SimpleImmutableEntry<>(
              Arrays.copyOfRange(k, prefix.length, k.length), c.rawValue());
        });
  }

  private byte[] stored(byte[] key) {
    Objects.requireNonNull(key, "key");
    byte[] out = Arrays.copyOf(prefix, prefix.length + key.length);
    System.arraycopy(key, 0, out, prefix.length, key.length);
    return out;
  }

  /** The smallest key after every key that starts with {@code p}; p always ends inside a table. */
  static byte[] upperBound(byte[] p) {
    for (int i = p.length - 1; i >= 0; i--) {
      if (p[i] != (byte) 0xFF) {
        byte[] out = Arrays.copyOf(p, i + 1);
        out[i]++;
        return out;
      }
    }
    throw new IllegalStateException("unreachable: table prefixes end in a name byte");
  }

  @Override
  public String toString() {
    return "table " + name;
  }
}
