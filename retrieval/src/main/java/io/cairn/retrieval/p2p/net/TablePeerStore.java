package io.cairn.retrieval.p2p.net;

import io.cairn.storage.KeyValueTable;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.Protobuf;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A peer store kept in a {@link KeyValueTable} (the node's {@code peers} table): every change
 * writes the peer's record, and the records are read back when the store opens. A record is a
 * protobuf: addresses (1, each {@code {1: multiaddr, 2: expiry ms, 3: confirmed ms}}), protocols
 * (2), agent version (3), public key (4).
 */
final class TablePeerStore extends MemoryPeerStore {
  private static final Logger LOG = LoggerFactory.getLogger(TablePeerStore.class);

  private final KeyValueTable table;

  TablePeerStore(KeyValueTable table, Clock clock) {
    super(clock);
    this.table = table;
    Instant now = clock.instant();
    try (var entries = table.scan(new byte[0])) {
      entries.forEach(e -> load(e.getKey(), e.getValue(), now));
    }
  }

  private void load(byte[] key, byte[] value, Instant now) {
    PeerId peer;
    Entry entry = new Entry();
    try {
      peer = PeerId.decode(key);
      Protobuf.Reader r = new Protobuf.Reader(value, "peer record");
      Set<String> protocols = new LinkedHashSet<>();
      while (r.next()) {
        switch (r.field()) {
          case 1 -> {
            Protobuf.Reader a = r.message("peer address");
            Multiaddr addr = null;
            long expiry = 0;
            long confirmed = 0;
            while (a.next()) {
              switch (a.field()) {
                case 1 -> addr = Multiaddr.decode(a.bytes());
                case 2 -> expiry = a.varint();
                case 3 -> confirmed = a.varint();
                default -> a.skip();
              }
            }
            if (addr != null && Instant.ofEpochMilli(expiry).isAfter(now)) {
              entry.addresses.put(
                  addr,
                  new Instant[] {Instant.ofEpochMilli(expiry), Instant.ofEpochMilli(confirmed)});
            }
          }
          case 2 -> protocols.add(r.string());
          case 3 -> entry.agentVersion = r.string();
          case 4 -> entry.publicKey = r.bytes();
          default -> r.skip();
        }
      }
      entry.protocols = Set.copyOf(protocols);
    } catch (IllegalArgumentException e) {
      LOG.warn("skipping a peer record that does not decode: {}", e.getMessage());
      return;
    }
    peers.put(peer, entry);
  }

  @Override
  void changed(PeerId peer, Entry entry) {
    Protobuf.Writer w = new Protobuf.Writer(256);
    synchronized (entry) {
      for (Map.Entry<Multiaddr, Instant[]> a : entry.addresses.entrySet()) {
        byte[] nested =
            new Protobuf.Writer(64)
                .bytes(1, a.getKey().bytes())
                .varint(2, a.getValue()[0].toEpochMilli())
                .varint(3, a.getValue()[1].toEpochMilli())
                .toByteArray();
        w.bytes(1, nested);
      }
      for (String p : entry.protocols) {
        w.string(2, p);
      }
      if (entry.agentVersion != null) {
        w.string(3, entry.agentVersion);
      }
      if (entry.publicKey != null) {
        w.bytes(4, entry.publicKey);
      }
    }
    table.put(peer.bytes(), w.toByteArray());
  }
}
