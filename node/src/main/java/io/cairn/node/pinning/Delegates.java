package io.cairn.node.pinning;

import io.cairn.config.AddressesConfig;
import io.cairn.retrieval.AnnouncePolicy;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The {@code delegates} of each {@code PinStatus}: this node's libp2p addresses, each ending in
 * {@code /p2p/<peer ID>} as the spec requires. They are {@code Addresses.Swarm} (an unspecified
 * host such as {@code 0.0.0.0} stands for each address of the machine's interfaces, non-loopback
 * first) as {@link AnnouncePolicy} applies {@code Addresses.Announce}, {@code AppendAnnounce} and
 * {@code NoAnnounce} to them, the networks of {@code /ipcidr} entries included; at most 20. Should
 * there be none, the API addresses stand in, since the spec asks for at least one.
 */
final class Delegates {
  static final int MAX = 20;

  private Delegates() {}

  static List<String> of(AddressesConfig addresses, PeerId peer) {
    List<Multiaddr> listen = new ArrayList<>();
    for (Multiaddr a : addresses.swarm()) {
      listen.addAll(expand(a));
    }
    Set<Multiaddr> out =
        new LinkedHashSet<>(
            new AnnouncePolicy(
                    addresses.announce(), addresses.appendAnnounce(), addresses.noAnnounce())
                .apply(listen));
    if (out.isEmpty()) {
      for (Multiaddr a : addresses.api()) {
        out.addAll(expand(a));
      }
    }
    Multiaddr p2p = Multiaddr.parse("/p2p/" + peer);
    List<String> result = new ArrayList<>();
    for (Multiaddr a : out) {
      if (result.size() == MAX) {
        break;
      }
      if (a.has("unix")) {
        continue;
      }
      result.add((a.has("p2p") ? a : a.encapsulate(p2p)).toString());
    }
    return List.copyOf(result);
  }

  /** An address with an unspecified host as the interface addresses it listens on. */
  private static List<Multiaddr> expand(Multiaddr a) {
    String host = a.host().orElse("");
    boolean any4 = a.has("ip4") && host.equals("0.0.0.0");
    boolean any6 = a.has("ip6") && host.equals("::");
    if (!any4 && !any6) {
      return List.of(a);
    }
    String first = a.components().get(0).toString();
    String rest = a.toString().substring(first.length());
    List<Multiaddr> nonLoopback = new ArrayList<>();
    List<Multiaddr> loopback = new ArrayList<>();
    for (InetAddress ip : interfaceAddresses()) {
      if ((any4 && ip instanceof Inet4Address)
          || (any6 && ip instanceof Inet6Address && !ip.isLinkLocalAddress())) {
        // the host as multiaddrs print it (IPv6 shortened), taken from a socket address
        String ipText = Multiaddr.tcp(new InetSocketAddress(ip, 1)).host().orElseThrow();
        Multiaddr m = Multiaddr.parse((any4 ? "/ip4/" : "/ip6/") + ipText + rest);
        (ip.isLoopbackAddress() ? loopback : nonLoopback).add(m);
      }
    }
    nonLoopback.addAll(loopback);
    return nonLoopback;
  }

  private static List<InetAddress> interfaceAddresses() {
    List<InetAddress> out = new ArrayList<>();
    try {
      for (NetworkInterface n : Collections.list(NetworkInterface.getNetworkInterfaces())) {
        if (n.isUp()) {
          out.addAll(Collections.list(n.getInetAddresses()));
        }
      }
    } catch (SocketException e) {
      // no interfaces to list: the unspecified address is left out
    }
    return out;
  }
}
