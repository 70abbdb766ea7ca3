package io.cairn.retrieval.p2p.mdns;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.InetSocketAddress;
import java.net.MulticastSocket;
import java.net.NetworkInterface;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * Whether mDNS multicast works here: joins 224.0.0.251:5353 on every multicast interface, sends a
 * packet with {@code IP_MULTICAST_LOOP} on and waits for it to come back. Tests that need real
 * multicast call {@link #assumeMulticast()}, which skips them and says why when it does not.
 */
public final class MulticastProbe {
  private static volatile String failure;
  private static volatile boolean probed;

  private MulticastProbe() {}

  /** Skips the calling test, naming the reason, when multicast to the mDNS group fails here. */
  public static void assumeMulticast() {
    String why = probe();
    assumeTrue(why == null, () -> "mDNS multicast is unavailable here: " + why);
  }

  /** Null when multicast works, else why not. */
  public static synchronized String probe() {
    if (!probed) {
      failure = tryOnce();
      probed = true;
    }
    return failure;
  }

  private static String tryOnce() {
    List<NetworkInterface> interfaces = Mdns.multicastInterfaces();
    if (interfaces.isEmpty()) {
      return "no interface is up with multicast and an IPv4 address";
    }
    MdnsOptions o = MdnsOptions.defaults();
    InetSocketAddress group = new InetSocketAddress(o.group(), o.port());
    try (MulticastSocket s = new MulticastSocket(null)) {
      s.setReuseAddress(true);
      s.bind(new InetSocketAddress(o.port()));
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
