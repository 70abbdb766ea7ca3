package io.cairn.storage;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The multiaddr protocols the node reads and writes, with their codes and value sizes from the
 * multiformats/multiaddr protocol table (protocols.csv), and the text form of each value as
 * go-multiaddr writes it (Kubo's multiaddrs must round-trip unchanged).
 */
enum MultiaddrProtocol {
  IP4(4, "ip4", 32),
  TCP(6, "tcp", 16),
  DCCP(33, "dccp", 16),
  IP6(41, "ip6", 128),
  IP6ZONE(42, "ip6zone", Size.VARIABLE),
  IPCIDR(43, "ipcidr", 8),
  DNS(53, "dns", Size.VARIABLE),
  DNS4(54, "dns4", Size.VARIABLE),
  DNS6(55, "dns6", Size.VARIABLE),
  DNSADDR(56, "dnsaddr", Size.VARIABLE),
  SCTP(132, "sctp", 16),
  UDP(273, "udp", 16),
  UDT(301, "udt", 0),
  UTP(302, "utp", 0),
  UNIX(400, "unix", Size.VARIABLE),
  P2P(421, "p2p", Size.VARIABLE),
  HTTPS(443, "https", 0),
  TLS(448, "tls", 0),
  SNI(449, "sni", Size.VARIABLE),
  NOISE(454, "noise", 0),
  QUIC(460, "quic", 0),
  QUIC_V1(461, "quic-v1", 0),
  WEBTRANSPORT(465, "webtransport", 0),
  CERTHASH(466, "certhash", Size.VARIABLE),
  WS(477, "ws", 0),
  WSS(478, "wss", 0),
  HTTP(480, "http", 0),
  HTTP_PATH(481, "http-path", Size.VARIABLE),
  WEBRTC_DIRECT(280, "webrtc-direct", 0),
  WEBRTC(281, "webrtc", 0),
  P2P_CIRCUIT(290, "p2p-circuit", 0),
  MEMORY(777, "memory", 64);

  private static final class Size {
    static final int VARIABLE = -1;
  }

  final int code;
  final String protocolName;

  /** Value size in bits; 0 for none, -1 for a varint length prefix. */
  final int bits;

  MultiaddrProtocol(int code, String protocolName, int bits) {
    this.code = code;
    this.protocolName = protocolName;
    this.bits = bits;
  }

  boolean hasValue() {
    return bits != 0;
  }

  boolean isVariable() {
    return bits < 0;
  }

  /** A path protocol takes the rest of the text address as its value and must come last. */
  boolean isPath() {
    return this == UNIX;
  }

  static MultiaddrProtocol forName(String name) {
    if (name.equals("ipfs")) {
      return P2P; // the old name of /p2p, still accepted when reading
    }
    for (MultiaddrProtocol p : values()) {
      if (p.protocolName.equals(name)) {
        return p;
      }
    }
    return null;
  }

  static MultiaddrProtocol forCode(long code) {
    for (MultiaddrProtocol p : values()) {
      if (p.code == code) {
        return p;
      }
    }
    return null;
  }

  /**
   * Encodes a value from its text form.
   *
   * @throws IllegalArgumentException saying what the value should be
   */
  byte[] parse(String text) {
    return switch (this) {
      case IP4 -> {
        byte[] b = IpLiterals.parse4(text);
        if (b == null) {
          throw invalid(text, "is not an IPv4 address");
        }
        yield b;
      }
      case IP6 -> {
        byte[] b = IpLiterals.parse6(text);
        if (b == null) {
          throw invalid(text, "is not an IPv6 address");
        }
        yield b;
      }
      case TCP, UDP, DCCP, SCTP -> {
        if (text.isEmpty() || text.length() > 5 || !text.chars().allMatch(Character::isDigit)) {
          throw invalid(text, "is not a port number (0-65535)");
        }
        int port = Integer.parseInt(text);
        if (port > 65535) {
          throw invalid(text, "is not a port number (0-65535)");
        }
        yield new byte[] {(byte) (port >>> 8), (byte) port};
      }
      case IPCIDR -> {
        if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(Character::isDigit)) {
          throw invalid(text, "is not a prefix length (0-255)");
        }
        int bitsValue = Integer.parseInt(text);
        if (bitsValue > 255) {
          throw invalid(text, "is not a prefix length (0-255)");
        }
        yield new byte[] {(byte) bitsValue};
      }
      case MEMORY -> {
        long value;
        try {
          value = Long.parseUnsignedLong(text);
        } catch (NumberFormatException e) {
          throw invalid(text, "is not an unsigned 64-bit number");
        }
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
          b[i] = (byte) (value >>> (56 - 8 * i));
        }
        yield b;
      }
      case P2P -> PeerIdText.parse(text);
      case CERTHASH -> {
        byte[] b;
        try {
          b = Multibase.decode(text);
        } catch (IllegalArgumentException e) {
          throw invalid(text, "is not a multibase certificate hash: " + e.getMessage());
        }
        validate(b);
        yield b;
      }
      case HTTP_PATH -> HttpPathText.unescape(text);
      default -> {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        validate(b);
        yield b;
      }
    };
  }

  /**
   * Checks a binary value (its length is already known to fit the protocol).
   *
   * @throws IllegalArgumentException if the value is not valid for this protocol
   */
  void validate(byte[] value) {
    switch (this) {
      case DNS, DNS4, DNS6, DNSADDR, SNI, IP6ZONE -> {
        if (value.length == 0) {
          throw new IllegalArgumentException(protocolName + " value is empty");
        }
        if (indexOf(value, '/') >= 0) {
          throw invalid(new String(value, StandardCharsets.UTF_8), "must not contain '/'");
        }
      }
      case UNIX -> {
        String path = new String(value, StandardCharsets.UTF_8);
        if (value.length < 2 || value[0] != '/' || value[value.length - 1] == '/') {
          throw invalid(path, "is not a unix socket path");
        }
      }
      case P2P -> PeerIdText.validate(value);
      case CERTHASH -> {
        try {
          Multihash.decode(value);
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("certhash is not a multihash: " + e.getMessage(), e);
        }
      }
      case HTTP_PATH -> {
        if (value.length == 0) {
          throw new IllegalArgumentException("http-path value is empty");
        }
      }
      default -> {}
    }
  }

  /** The text form of a valid binary value. */
  String format(byte[] value) {
    return switch (this) {
      case IP4 -> IpLiterals.format4(value);
      case IP6 -> IpLiterals.format6(value);
      case TCP, UDP, DCCP, SCTP -> Integer.toString(((value[0] & 0xFF) << 8) | (value[1] & 0xFF));
      case IPCIDR -> Integer.toString(value[0] & 0xFF);
      case MEMORY -> {
        long v = 0;
        for (byte b : value) {
          v = v << 8 | (b & 0xFF);
        }
        yield Long.toUnsignedString(v);
      }
      case P2P -> Multibase.BASE58_BTC.encodeBare(value);
      case CERTHASH -> Multibase.BASE64_URL.encode(value);
      case HTTP_PATH -> HttpPathText.escape(value);
      default -> new String(value, StandardCharsets.UTF_8);
    };
  }

  private static int indexOf(byte[] value, char c) {
    for (int i = 0; i < value.length; i++) {
      if (value[i] == c) {
        return i;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String text, String problem) {
    return new IllegalArgumentException("'" + text + "' " + problem);
  }

  /** Peer IDs in {@code /p2p}: a base58btc multihash or a libp2p-key CID; stored as multihash. */
  private static final class PeerIdText {
    static byte[] parse(String text) {
      byte[] mh;
      if (text.startsWith("Qm") || text.startsWith("1")) {
        try {
          mh = Multibase.BASE58_BTC.decodeBare(text);
        } catch (IllegalArgumentException e) {
          throw invalid(text, "is not a peer ID: " + e.getMessage());
        }
      } else {
        Cid cid;
        try {
          cid = Cid.parse(text);
        } catch (IllegalArgumentException e) {
          throw invalid(text, "is not a peer ID: " + e.getMessage());
        }
        if (!cid.isCodec(Multicodec.LIBP2P_KEY)) {
          throw invalid(
              text,
              "is not a peer ID: a CID naming a peer must have codec libp2p-key, not "
                  + Multicodec.nameOf(cid.codec()));
        }
        mh = cid.multihash().bytes();
      }
      try {
        validate(mh);
      } catch (IllegalArgumentException e) {
        throw invalid(text, "is not a peer ID: " + e.getMessage());
      }
      return mh;
    }

    /** libp2p peer IDs are identity or sha2-256 multihashes (libp2p peer-ids spec). */
    static void validate(byte[] value) {
      Multihash mh = Multihash.decode(value);
      if (mh.code() != HashFunction.IDENTITY.code() && mh.code() != HashFunction.SHA2_256.code()) {
        throw new IllegalArgumentException(
            "its multihash must be identity or sha2-256, not " + mh.functionName());
      }
    }
  }

  /** Go's url.QueryEscape / QueryUnescape, which go-multiaddr uses for /http-path. */
  private static final class HttpPathText {
    static String escape(byte[] value) {
      StringBuilder sb = new StringBuilder(value.length + 8);
      for (byte b : value) {
        int c = b & 0xFF;
        if (c >= 'a' && c <= 'z'
            || c >= 'A' && c <= 'Z'
            || c >= '0' && c <= '9'
            || c == '-'
            || c == '_'
            || c == '.'
            || c == '~') {
          sb.append((char) c);
        } else if (c == ' ') {
          sb.append('+');
        } else {
          sb.append('%').append(Character.toUpperCase(Character.forDigit(c >>> 4, 16)));
          sb.append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
        }
      }
      return sb.toString();
    }

    static byte[] unescape(String text) {
      byte[] in = text.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream(in.length);
      for (int i = 0; i < in.length; i++) {
        if (in[i] == '%') {
          int hi = i + 1 < in.length ? Character.digit(in[i + 1], 16) : -1;
          int lo = i + 2 < in.length ? Character.digit(in[i + 2], 16) : -1;
          if (hi < 0 || lo < 0) {
            throw invalid(text, "has a bad percent escape at position " + i);
          }
          out.write(hi << 4 | lo);
          i += 2;
        } else {
          out.write(in[i] == '+' ? ' ' : in[i]);
        }
      }
      if (out.size() == 0) {
        throw new IllegalArgumentException("http-path value is empty");
      }
      return out.toByteArray();
    }
  }
}
