package io.cairn.retrieval.ipns;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.Protobuf;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last record this node published for each of its names, with the lifetime it was published
 * for, in a {@link KeyValueTable} keyed by the name's peer ID: the sequence number of the next
 * publication comes from it, and the republisher signs it again before it expires.
 */
final class PublishedRecords {
  private static final Logger LOG = LoggerFactory.getLogger(PublishedRecords.class);

  /** A published record and the lifetime a republication gives it again. */
  record Entry(PeerId name, IpnsRecord record, Duration lifetime) {}

  private final KeyValueTable table;

  PublishedRecords(KeyValueTable table) {
    this.table = table;
  }

  void put(PeerId name, IpnsRecord record, Duration lifetime) {
    Protobuf.Writer w = new Protobuf.Writer(record.bytes().length + 16);
    w.bytes(1, record.bytes());
    w.varint(2, lifetime.toSeconds());
    table.put(name.bytes(), w.toByteArray());
  }

  Optional<Entry> get(PeerId name) {
    return table.get(name.bytes()).map(v -> decode(name, v));
  }

  List<Entry> all() {
    List<Entry> out = new ArrayList<>();
    try (Stream<Map.Entry<byte[], byte[]>> s = table.scan(new byte[0])) {
      s.forEach(
          e -> {
            try {
              Entry entry = decode(PeerId.decode(e.getKey()), e.getValue());
              if (entry != null) {
                out.add(entry);
              }
            } catch (IllegalArgumentException bad) {
              LOG.warn("A published IPNS record's key is damaged: {}", bad.getMessage());
            }
          });
    }
    return out;
  }

  private static Entry decode(PeerId name, byte[] raw) {
    try {
      Protobuf.Reader r = new Protobuf.Reader(raw, "published IPNS record");
      byte[] record = null;
      long lifetime = 0;
      while (r.next()) {
        switch (r.field()) {
          case 1 -> record = r.expect(Protobuf.LENGTH_DELIMITED, "record").bytes();
          case 2 -> lifetime = r.expect(Protobuf.VARINT, "lifetime").varint();
          default -> r.skip();
        }
      }
      if (record == null) {
        throw new IllegalArgumentException("no record");
      }
      return new Entry(name, IpnsRecord.decode(record), Duration.ofSeconds(lifetime));
    } catch (IllegalArgumentException | IpnsException e) {
      LOG.warn("The published IPNS record of {} is damaged: {}", name, e.getMessage());
      return null;
    }
  }
}
