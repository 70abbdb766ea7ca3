package io.cairn.retrieval.p2p.identify;

import io.cairn.storage.Multiaddr;
import io.cairn.storage.codec.Protobuf;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The Identify message: {@code publicKey} (1), {@code listenAddrs} (2), {@code protocols} (3),
 * {@code observedAddr} (4), {@code protocolVersion} (5), {@code agentVersion} (6). Unknown fields
 * (such as the signed peer record, 8) are skipped; addresses that do not decode are dropped.
 */
record IdentifyMessage(
    String protocolVersion,
    String agentVersion,
    byte[] publicKey,
    List<Multiaddr> listenAddrs,
    Optional<Multiaddr> observedAddr,
    List<String> protocols) {
  static final String PROTOCOL_VERSION = "ipfs/0.1.0";
  static final int MAX_ADDRESSES = 64;
  static final int MAX_PROTOCOLS = 256;

  byte[] encode() {
    Protobuf.Writer w = new Protobuf.Writer(512);
    w.bytes(1, publicKey);
    for (Multiaddr a : listenAddrs) {
      w.bytes(2, a.bytes());
    }
    for (String p : protocols) {
      w.string(3, p);
    }
    observedAddr.ifPresent(a -> w.bytes(4, a.bytes()));
    w.string(5, protocolVersion);
    w.string(6, agentVersion);
    return w.toByteArray();
  }

  /**
   * @throws io.cairn.storage.codec.CodecException if the message is malformed or over its limits
   */
  static IdentifyMessage decode(byte[] bytes) {
    Protobuf.Reader r = new Protobuf.Reader(bytes, "Identify message");
    String protocolVersion = "";
    String agentVersion = "";
    byte[] publicKey = null;
    List<Multiaddr> listen = new ArrayList<>();
    Multiaddr observed = null;
    List<String> protocols = new ArrayList<>();
    while (r.next()) {
      switch (r.field()) {
        case 1 -> publicKey = r.expect(Protobuf.LENGTH_DELIMITED, "publicKey").bytes();
        case 2 -> {
          Multiaddr a = address(r.expect(Protobuf.LENGTH_DELIMITED, "listenAddrs").bytes());
          if (a != null && listen.size() < MAX_ADDRESSES) {
            listen.add(a);
          }
        }
        case 3 -> {
          String p = r.expect(Protobuf.LENGTH_DELIMITED, "protocols").string();
          if (protocols.size() >= MAX_PROTOCOLS) {
            throw r.malformed("it lists more than " + MAX_PROTOCOLS + " protocols");
          }
          protocols.add(p);
        }
        case 4 -> observed = address(r.expect(Protobuf.LENGTH_DELIMITED, "observedAddr").bytes());
        case 5 -> protocolVersion = r.expect(Protobuf.LENGTH_DELIMITED, "protocolVersion").string();
        case 6 -> agentVersion = r.expect(Protobuf.LENGTH_DELIMITED, "agentVersion").string();
        default -> r.skip();
      }
    }
    return new IdentifyMessage(
        protocolVersion,
        agentVersion,
        publicKey,
        List.copyOf(listen),
        Optional.ofNullable(observed),
        List.copyOf(protocols));
  }

  private static Multiaddr address(byte[] bytes) {
    try {
      return Multiaddr.decode(bytes);
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
