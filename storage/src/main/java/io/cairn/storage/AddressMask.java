package io.cairn.storage;

import java.net.InetAddress;
import java.util.Arrays;

/**
 * An IP network written as a multiaddr netmask, {@code /ip4/10.0.0.0/ipcidr/8} or {@code
 * /ip6/fc00::/ipcidr/7}: the entries of Kubo's {@code Swarm.AddrFilters}. Parsing follows the
 * multiaddr-filter package Kubo uses (the text is split on {@code /} into exactly {@code ip4|ip6},
 * an address, {@code ipcidr} and a prefix length, and the address and length are read as Go's
 * {@code net.ParseCIDR} reads {@code ADDRESS/BITS}), with its error messages. The network is kept
 * with its host bits cleared, so {@code /ip4/10.1.2.3/ipcidr/8} and {@code /ip4/10.0.0.0/ipcidr/8}
 * are the same mask and print as the latter. Immutable; masks compare by network and length.
 */
public final class AddressMask {
  /** The error for text that is not {@code /ip4|ip6/ADDRESS/ipcidr/BITS}, as Kubo words it. */
  public static final String INVALID_FORMAT = "invalid multiaddr-filter format";

  private final byte[] network;
  private final int prefixLength;

  private AddressMask(byte[] network, int prefixLength) {
    this.network = network;
    this.prefixLength = prefixLength;
  }

  /**
   * Reads a mask.
   *
   * @throws IllegalArgumentException with Kubo's message: {@value #INVALID_FORMAT} when the text
   *     does not have the mask's five parts, {@code invalid CIDR address: ADDRESS/BITS} when the
   *     address or the prefix length is wrong
   */
  public static AddressMask parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length != 5
        || !parts[0].isEmpty()
        || !(parts[1].equals("ip4") || parts[1].equals("ip6"))
        || !parts[3].equals("ipcidr")) {
      throw new IllegalArgumentException(INVALID_FORMAT);
    }
    // As net.ParseCIDR: the address's own form decides its family, whatever the first part says.
    String cidr = parts[2] + "/" + parts[4];
    byte[] ip = parts[2].contains(":") ? IpLiterals.parse6(parts[2]) : IpLiterals.parse4(parts[2]);
    int bits = prefixLength(parts[4]);
    if (ip == null || bits < 0 || bits > ip.length * 8) {
      throw new IllegalArgumentException("invalid CIDR address: " + cidr);
    }
    for (int i = 0; i < ip.length; i++) {
      ip[i] &= (byte) mask(i, bits);
    }
    return new AddressMask(ip, bits);
  }

  /** The decimal prefix length, or -1 when {@code text} is not one (leading zeros are allowed). */
  private static int prefixLength(String text) {
    if (text.isEmpty() || text.length() > 3 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return -1;
    }
    return Integer.parseInt(text);
  }

  /** The bits of byte {@code i} that belong to a {@code bits}-long prefix. */
  private static int mask(int i, int bits) {
    int inByte = Math.max(0, Math.min(8, bits - i * 8));
    return (0xFF << (8 - inByte)) & 0xFF;
  }

  /** The number of leading bits that make the network. */
  public int prefixLength() {
    return prefixLength;
  }

  /**
   * Whether {@code ip} lies in this network. An IPv4 address never lies in an IPv6 network nor the
   * other way round (the JDK already gives IPv4-mapped IPv6 addresses as IPv4 ones, as Go's {@code
   * IPNet.Contains} takes them).
   */
  public boolean contains(InetAddress ip) {
    byte[] b = ip.getAddress();
    if (b.length != network.length) {
      return false;
    }
    for (int i = 0; i < b.length; i++) {
      if ((b[i] & mask(i, prefixLength)) != (network[i] & 0xFF)) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether the IP address that {@code address} starts with lies in this network, as go-multiaddr's
   * filters decide: an {@code /ip6zone} before it is skipped, and an address that starts with
   * anything else ({@code /dns4}, {@code /unix}) is in no network.
   */
  public boolean contains(Multiaddr address) {
    for (Multiaddr.Component c : address.components()) {
      switch (c.protocol()) {
        case "ip6zone" -> {
          continue;
        }
        case "ip4", "ip6" -> {
          byte[] ip =
              c.protocol().equals("ip4")
                  ? IpLiterals.parse4(c.value())
                  : IpLiterals.parse6(c.value());
          return ip != null && contains(ip);
        }
        default -> {
          return false;
        }
      }
    }
    return false;
  }

  private boolean contains(byte[] ip) {
    try {
      return contains(InetAddress.getByAddress(ip));
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException("an address of 4 or 16 bytes was refused", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AddressMask m
        && prefixLength == m.prefixLength
        && Arrays.equals(network, m.network);
  }

  @Override
  public int hashCode() {
    return 31 * Arrays.hashCode(network) + prefixLength;
  }

  /** The canonical text, as Kubo lists its filters: {@code /ip4/10.0.0.0/ipcidr/8}. */
  @Override
  public String toString() {
    return network.length == 4
        ? "/ip4/" + IpLiterals.format4(network) + "/ipcidr/" + prefixLength
        : "/ip6/" + IpLiterals.format6(network) + "/ipcidr/" + prefixLength;
  }
}
