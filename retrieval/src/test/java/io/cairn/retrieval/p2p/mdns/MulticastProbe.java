package io.cairn.retrieval.p2p.mdns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Whether mDNS multicast works here: joins the group (224.0.0.251:5353 or [ff02::fb]:5353) on every
 * multicast interface of its family, sends a packet with {@code IP_MULTICAST_LOOP} on and waits for
 * it to come back. Tests that need real multicast call {@link #assumeMulticast()} or {@link
 * #assumeIpv6Multicast()}, which skip them and say why when it does not.
 */
public final class MulticastProbe {
  private static final Map<InetAddress, String> FAILURES = new HashMap<>();

  private MulticastProbe() {}

  /** Skips the calling test, naming the reason, when IPv4 multicast to the mDNS group fails. */
  public static void assumeMulticast() {
    String why = probe();
    assumeTrue(why == null, () -> "mDNS multicast is unavailable here: " + why);
  }

  /** Skips the calling test, naming the reason, when IPv6 multicast to the mDNS group fails. */
  public static void assumeIpv6Multicast() {
    String why = probe(MdnsOptions.IPV6_GROUP);
    assumeTrue(why == null, () -> "mDNS IPv6 multicast is unavailable here: " + why);
  }

  /** Null when IPv4 multicast works, else why not. */
  public static String probe() {
    return probe(MdnsOptions.IPV4_GROUP);
  }

  private static synchronized String probe(InetAddress multicast) {
    if (!FAILURES.containsKey(multicast)) {
      FAILURES.put(multicast, tryOnce(multicast));
    }
    return FAILURES.get(multicast);
  }

  private static String tryOnce(InetAddress multicast) {
    boolean v6 = multicast instanceof Inet6Address;
    List<NetworkInterface> interfaces =
        Mdns.multicastInterfaces(v6 ? Inet6Address.class : Inet4Address.class);
    if (interfaces.isEmpty()) {
      return "no interface is up with multicast and an " + (v6 ? "IPv6" : "IPv4") + " address";
    }
    MdnsOptions o = MdnsOptions.defaults();
    InetSocketAddress group = new InetSocketAddress(multicast, o.port());
    try (MulticastSocket s = new MulticastSocket(null)) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[v6 ? 16 : 4]), o.port()));
      s.setOption(java.net.StandardSocketOptions.IP_MULTICAST_LOOP, true);
      int joined = 0;
      for (NetworkInterface ni : interfaces) {
        try {
          s.joinGroup(group, ni);
          joined++;
        } catch (IOException e) {
          // try the others
        }
      }
      if (joined == 0) {
        return "no interface could join " + group;
      }
      byte[] token = ("cairn-probe-" + UUID.randomUUID()).getBytes(StandardCharsets.US_ASCII);
      s.send(new DatagramPacket(token, token.length, group));
      s.setSoTimeout(500);
      long deadline = System.nanoTime() + 3_000_000_000L;
      byte[] buf = new byte[9000];
      while (System.nanoTime() < deadline) {
        DatagramPacket p = new DatagramPacket(buf, buf.length);
        try {
          s.receive(p);
        } catch (SocketTimeoutException e) {
          continue;
        }
        if (Arrays.equals(Arrays.copyOf(p.getData(), p.getLength()), token)) {
          return null;
        }
      }
      return "a packet sent to " + group + " did not come back within 3 s";
    } catch (IOException | RuntimeException e) {
      return "cannot use " + group + ": " + e;
    }
  }
}
