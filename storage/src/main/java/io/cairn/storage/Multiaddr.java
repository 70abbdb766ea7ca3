package io.cairn.storage;

import java.io.ByteArrayOutputStream;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A multiaddr: a self-describing network address such as {@code /ip4/127.0.0.1/tcp/5001} or {@code
 * /dns4/example.com/tcp/4001/p2p/12D3KooW...}. Text and binary forms follow the multiformats
 * multiaddr spec and its protocol table, with values printed as go-multiaddr (and so Kubo) prints
 * them. Instances are immutable and compare by their binary form.
 */
public final class Multiaddr {
  /**
   * One protocol of a multiaddr and its value in text form.
   *
   * @param protocol the protocol's name in the multiaddr table, such as {@code tcp}
   * @param code the protocol's code
   * @param value the value as text; empty for protocols without one ({@code ws}, {@code quic-v1})
   */
  public record Component(String protocol, int code, String value) {
    @Override
    public String toString() {
      MultiaddrProtocol p = MultiaddrProtocol.forCode(code);
      if (p == null || !p.hasValue()) {
        return "/" + protocol;
      }
      return p.isPath() ? "/" + protocol + value : "/" + protocol + "/" + value;
    }
  }

  private final List<Component> components;
  private final byte[] bytes;

  private Multiaddr(List<Component> components, byte[] bytes) {
    this.components = List.copyOf(components);
    this.bytes = bytes;
  }

  /**
   * Parses the text form. A trailing {@code /} is ignored and {@code /ipfs} is read as {@code
   * /p2p}.
   *
   * @throws IllegalArgumentException naming the address and what is wrong with it
   */
  public static Multiaddr parse(String text) {
    if (text == null || text.isEmpty()) {
      throw new IllegalArgumentException("multiaddr is empty");
    }
    String s = text;
    while (s.endsWith("/")) {
      s = s.substring(0, s.length() - 1);
    }
    if (!text.startsWith("/")) {
      throw error(text, "must begin with '/'");
    }
    if (s.isEmpty()) {
      throw error(text, "has no protocols");
    }
    String[] parts = s.substring(1).split("/", -1);
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    List<Component> components = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      MultiaddrProtocol p = MultiaddrProtocol.forName(parts[i]);
      if (p == null) {
        throw error(text, "unknown protocol '" + parts[i] + "'");
      }
      writeVarint(out, p.code);
      if (!p.hasValue()) {
        components.add(new Component(p.protocolName, p.code, ""));
        continue;
      }
      if (i + 1 >= parts.length) {
        throw error(text, "protocol '" + p.protocolName + "' needs a value");
      }
      String valueText;
      if (p.isPath()) {
        valueText = "/" + String.join("/", Arrays.copyOfRange(parts, i + 1, parts.length));
        i = parts.length;
      } else {
        valueText = parts[++i];
      }
      byte[] value;
      try {
        value = p.parse(valueText);
      } catch (IllegalArgumentException e) {
        throw error(text, e.getMessage());
      }
      if (p.isVariable()) {
        writeVarint(out, value.length);
      }
      out.writeBytes(value);
      components.add(new Component(p.protocolName, p.code, p.format(value)));
    }
    return new Multiaddr(components, out.toByteArray());
  }

  /**
   * Decodes the binary form, rejecting unknown protocol codes, truncated values and bytes after a
   * path protocol.
   */
  public static Multiaddr decode(byte[] bytes) {
    if (bytes.length == 0) {
      throw new IllegalArgumentException("binary multiaddr is empty");
    }
    ByteBuffer buf = ByteBuffer.wrap(bytes);
    List<Component> components = new ArrayList<>();
    while (buf.hasRemaining()) {
      int at = buf.position();
      try {
        if (!components.isEmpty()
            && MultiaddrProtocol.forCode(components.getLast().code()).isPath()) {
          throw new IllegalArgumentException("nothing may follow a path protocol");
        }
        long code = Varint.read(buf);
        MultiaddrProtocol p = MultiaddrProtocol.forCode(code);
        if (p == null) {
          throw new IllegalArgumentException("unknown protocol code " + code);
        }
        long length = p.isVariable() ? Varint.read(buf) : p.bits / 8;
        if (length > buf.remaining() || (p.isVariable() && length == 0)) {
          throw new IllegalArgumentException(
              p.protocolName + " value of " + length + " bytes does not fit");
        }
        byte[] value = new byte[(int) length];
        buf.get(value);
        p.validate(value);
        components.add(new Component(p.protocolName, p.code, p.format(value)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "binary multiaddr is not valid at byte " + at + ": " + e.getMessage(), e);
      }
    }
    return new Multiaddr(components, bytes.clone());
  }

  /** The multiaddr of a TCP socket address, such as a server's bound address. */
  public static Multiaddr tcp(InetSocketAddress address) {
    InetAddress ip = address.getAddress();
    if (ip == null) {
      return parse("/dns/" + address.getHostString() + "/tcp/" + address.getPort());
    }
    String family = ip instanceof Inet4Address ? "ip4" : "ip6";
    byte[] raw = ip.getAddress();
    String host = raw.length == 4 ? IpLiterals.format4(raw) : IpLiterals.format6(raw);
    return parse("/" + family + "/" + host + "/tcp/" + address.getPort());
  }

  public List<Component> components() {
    return components;
  }

  /** The binary form. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** Whether a component with this protocol name is present. */
  public boolean has(String protocol) {
    return components.stream().anyMatch(c -> c.protocol().equals(protocol));
  }

  /** The value of the first component with this protocol name. */
  public Optional<String> valueOf(String protocol) {
    return components.stream()
        .filter(c -> c.protocol().equals(protocol))
        .map(Component::value)
        .findFirst();
  }

  /** The host of an address that starts with /ip4, /ip6, /dns, /dns4, /dns6 or /dnsaddr. */
  public Optional<String> host() {
    Component first = components.getFirst();
    return switch (first.protocol()) {
      case "ip4", "ip6", "dns", "dns4", "dns6", "dnsaddr" -> Optional.of(first.value());
      default -> Optional.empty();
    };
  }

  /** The TCP or UDP port that follows the host, as in {@code /ip4/127.0.0.1/tcp/5001}. */
  public OptionalInt port() {
    if (host().isEmpty() || components.size() < 2) {
      return OptionalInt.empty();
    }
    Component second = components.get(1);
    return second.protocol().equals("tcp") || second.protocol().equals("udp")
        ? OptionalInt.of(Integer.parseInt(second.value()))
        : OptionalInt.empty();
  }

  /**
   * The host and port to bind or dial: an IP address as is (never resolved), a DNS name left
   * unresolved.
   *
   * @throws IllegalArgumentException if the address does not start with a host and a TCP or UDP
   *     port
   */
  public InetSocketAddress socketAddress() {
    OptionalInt port = port();
    if (port.isEmpty()) {
      throw new IllegalArgumentException(
          "multiaddr '"
              + this
              + "' has no host and port (expected /ip4, /ip6 or /dns* followed by /tcp or /udp)");
    }
    Component first = components.getFirst();
    if (first.protocol().startsWith("dns")) {
      return InetSocketAddress.createUnresolved(first.value(), port.getAsInt());
    }
    byte[] raw =
        first.protocol().equals("ip4")
            ? IpLiterals.parse4(first.value())
            : IpLiterals.parse6(first.value());
    try {
      return new InetSocketAddress(InetAddress.getByAddress(raw), port.getAsInt());
    } catch (UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
    }
  }

  /** The socket path of a {@code /unix} address. */
  public Optional<Path> unixPath() {
    return valueOf("unix").map(Path::of);
  }

  /** The peer of the last {@code /p2p} component, as its multihash. */
  public Optional<Multihash> peerId() {
    for (int i = components.size() - 1; i >= 0; i--) {
      if (components.get(i).protocol().equals("p2p")) {
        return Optional.of(
            Multihash.decode(Multibase.BASE58_BTC.decodeBare(components.get(i).value())));
      }
    }
    return Optional.empty();
  }

  /**
   * This address followed by {@code inner}, as in {@code /ip4/1.2.3.4/tcp/4001} + {@code /p2p/..}.
   */
  public Multiaddr encapsulate(Multiaddr inner) {
    byte[] joined = Arrays.copyOf(bytes, bytes.length + inner.bytes.length);
    System.arraycopy(inner.bytes, 0, joined, bytes.length, inner.bytes.length);
    return decode(joined);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Multiaddr other && Arrays.equals(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    for (Component c : components) {
      sb.append(c);
    }
    return sb.toString();
  }

  private static IllegalArgumentException error(String text, String problem) {
    return new IllegalArgumentException("multiaddr '" + text + "': " + problem);
  }

  private static void writeVarint(ByteArrayOutputStream out, long value) {
    byte[] buf = new byte[Varint.MAX_BYTES];
    out.write(buf, 0, Varint.write(value, buf, 0));
  }
}
