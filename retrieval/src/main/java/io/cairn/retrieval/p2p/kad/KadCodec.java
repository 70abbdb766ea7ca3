package io.cairn.retrieval.p2p.kad;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.Protobuf;
import java.util.ArrayList;
import java.util.List;

/**
 * The protobuf form of {@link KadMessage}, written by hand. Decoding is strict about what it
 * understands (wire types, enum values, peer IDs; errors name the field) and bounded: at most
 * {@link #MAX_PEERS} closer peers, {@link #MAX_PROVIDERS} provider peers and {@link #MAX_ADDRS}
 * addresses per peer are kept, the rest counted in {@link Decoded}; addresses that do not parse are
 * dropped and counted too. Unknown fields are skipped, as protobuf readers must.
 */
final class KadCodec {
  /** The most bytes one framed message may have (go-libp2p-kad-dht allows 4 MiB). */
  static final int MAX_MESSAGE_BYTES = 1 << 20;

  /** The most closer peers kept from one message: k, as a well-behaved peer sends. */
  static final int MAX_PEERS = RoutingTable.K;

  /**
   * The most provider peers kept from one message; servers send every provider they hold, so the
   * bound is looser than for closer peers.
   */
  static final int MAX_PROVIDERS = 100;

  /** The most addresses kept for one peer. */
  static final int MAX_ADDRS = 32;

  private static final int TYPE = 1;
  private static final int KEY = 2;
  private static final int RECORD = 3;
  private static final int CLOSER_PEERS = 8;
  private static final int PROVIDER_PEERS = 9;
  private static final int CLUSTER_LEVEL = 10;

  /**
   * A decoded message and what decoding had to leave out.
   *
   * @param droppedAddrs addresses that did not parse, or over {@link #MAX_ADDRS} for one peer
   * @param truncatedPeers peers over the limit of their list
   */
  record Decoded(KadMessage message, int droppedAddrs, int truncatedPeers) {
    /** Whether the sender broke a limit or sent bogus data that was left out. */
    boolean misbehaved() {
      return droppedAddrs > 0 || truncatedPeers > 0;
    }
  }

  private KadCodec() {}

  static byte[] encode(KadMessage m) {
    Protobuf.Writer w = new Protobuf.Writer(128);
    w.varint(TYPE, m.type().ordinal());
    if (m.key().length > 0) {
      w.bytes(KEY, m.key());
    }
    if (m.record() != null) {
      Protobuf.Writer r = new Protobuf.Writer();
      if (m.record().key() != null) {
        r.bytes(1, m.record().key());
      }
      if (m.record().value() != null) {
        r.bytes(2, m.record().value());
      }
      if (m.record().timeReceived() != null) {
        r.string(5, m.record().timeReceived());
      }
      w.bytes(RECORD, r.toByteArray());
    }
    for (KadMessage.Peer p : m.closerPeers()) {
      w.bytes(CLOSER_PEERS, encodePeer(p));
    }
    for (KadMessage.Peer p : m.providerPeers()) {
      w.bytes(PROVIDER_PEERS, encodePeer(p));
    }
    if (m.clusterLevelRaw() != 0) {
      w.varint(CLUSTER_LEVEL, m.clusterLevelRaw() & 0xFFFFFFFFL);
    }
    return w.toByteArray();
  }

  private static byte[] encodePeer(KadMessage.Peer p) {
    Protobuf.Writer w = new Protobuf.Writer();
    w.bytes(1, p.id().bytes());
    for (Multiaddr a : p.addrs()) {
      w.bytes(2, a.bytes());
    }
    if (p.connection() != KadMessage.Connectedness.NOT_CONNECTED) {
      w.varint(3, p.connection().ordinal());
    }
    return w.toByteArray();
  }

  /**
   * Decodes one message (without its length prefix).
   *
   * @throws CodecException naming the field that is wrong
   */
  static Decoded decode(byte[] bytes) {
    if (bytes.length > MAX_MESSAGE_BYTES) {
      throw new CodecException(
          "kad message of " + bytes.length + " bytes is over the limit of " + MAX_MESSAGE_BYTES);
    }
    Protobuf.Reader r = new Protobuf.Reader(bytes, "kad message");
    KadMessage.Type type = null;
    byte[] key = null;
    KadMessage.Record record = null;
    List<KadMessage.Peer> closer = new ArrayList<>();
    List<KadMessage.Peer> providers = new ArrayList<>();
    int cluster = 0;
    int[] counts = new int[2]; // dropped addresses, truncated peers
    int closerSeen = 0;
    int providersSeen = 0;
    while (r.next()) {
      switch (r.field()) {
        case TYPE -> {
          long t = r.expect(Protobuf.VARINT, "type").varint();
          try {
            type = KadMessage.Type.of(t);
          } catch (IllegalArgumentException e) {
            throw r.malformed("field type: " + e.getMessage());
          }
        }
        case KEY -> key = r.expect(Protobuf.LENGTH_DELIMITED, "key").bytes();
        case RECORD -> record = decodeRecord(r.expect(Protobuf.LENGTH_DELIMITED, "record"));
        case CLOSER_PEERS ->
            readPeer(r, "closerPeers[" + closerSeen++ + "]", MAX_PEERS, closer, counts);
        case PROVIDER_PEERS ->
            readPeer(r, "providerPeers[" + providersSeen++ + "]", MAX_PROVIDERS, providers, counts);
        case CLUSTER_LEVEL -> cluster = (int) r.expect(Protobuf.VARINT, "clusterLevelRaw").varint();
        default -> r.skip();
      }
    }
    if (type == null) {
      // proto3: a field at its default value is left out, and js-libp2p sends PUT_VALUE (0) so
      type = KadMessage.Type.PUT_VALUE;
    }
    return new Decoded(
        new KadMessage(type, key, record, closer, providers, cluster), counts[0], counts[1]);
  }

  private static KadMessage.Record decodeRecord(Protobuf.Reader outer) {
    Protobuf.Reader r = outer.message("kad message field record");
    byte[] key = null;
    byte[] value = null;
    String time = null;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> key = r.expect(Protobuf.LENGTH_DELIMITED, "record.key").bytes();
        case 2 -> value = r.expect(Protobuf.LENGTH_DELIMITED, "record.value").bytes();
        case 5 -> time = r.expect(Protobuf.LENGTH_DELIMITED, "record.timeReceived").string();
        default -> r.skip();
      }
    }
    return new KadMessage.Record(key, value, time);
  }

  private static void readPeer(
      Protobuf.Reader outer, String field, int limit, List<KadMessage.Peer> into, int[] counts) {
    Protobuf.Reader r = outer.expect(Protobuf.LENGTH_DELIMITED, field).message("kad " + field);
    PeerId id = null;
    List<Multiaddr> addrs = new ArrayList<>();
    KadMessage.Connectedness connection = KadMessage.Connectedness.NOT_CONNECTED;
    while (r.next()) {
      switch (r.field()) {
        case 1 -> {
          byte[] raw = r.expect(Protobuf.LENGTH_DELIMITED, field + ".id").bytes();
          try {
            id = PeerId.decode(raw);
          } catch (IllegalArgumentException e) {
            throw r.malformed("field " + field + ".id is not a peer ID: " + e.getMessage());
          }
        }
        case 2 -> {
          byte[] raw = r.expect(Protobuf.LENGTH_DELIMITED, field + ".addrs").bytes();
          if (addrs.size() >= MAX_ADDRS) {
            counts[0]++;
            continue;
          }
          try {
            addrs.add(Multiaddr.decode(raw));
          } catch (IllegalArgumentException e) {
            counts[0]++;
          }
        }
        case 3 -> {
          long c = r.expect(Protobuf.VARINT, field + ".connection").varint();
          try {
            connection = KadMessage.Connectedness.of(c);
          } catch (IllegalArgumentException e) {
            throw r.malformed("field " + field + ".connection: " + e.getMessage());
          }
        }
        default -> r.skip();
      }
    }
    if (id == null) {
      throw r.malformed("field " + field + ".id is missing");
    }
    if (into.size() >= limit) {
      counts[1]++;
      return;
    }
    into.add(new KadMessage.Peer(id, addrs, connection));
  }
}
