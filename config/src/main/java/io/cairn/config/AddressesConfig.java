package io.cairn.config;

import io.cairn.storage.Multiaddr;
import java.util.List;

/**
 * The {@code Addresses} section: where the node listens and what it announces.
 *
 * @param api {@code Addresses.API}: the RPC API listeners (TCP over IPv4/IPv6, or a unix socket)
 * @param gateway {@code Addresses.Gateway}: the HTTP gateway listeners (same kinds)
 * @param swarm {@code Addresses.Swarm}: the libp2p listeners
 * @param announce {@code Addresses.Announce}: if not empty, the only addresses announced
 * @param appendAnnounce {@code Addresses.AppendAnnounce}: announced besides the listeners
 * @param noAnnounce {@code Addresses.NoAnnounce}: never announced (exact or {@code /ipcidr})
 */
public record AddressesConfig(
    List<Multiaddr> api,
    List<Multiaddr> gateway,
    List<Multiaddr> swarm,
    List<Multiaddr> announce,
    List<Multiaddr> appendAnnounce,
    List<Multiaddr> noAnnounce) {

  public AddressesConfig {
    api = List.copyOf(api);
    gateway = List.copyOf(gateway);
    swarm = List.copyOf(swarm);
    announce = List.copyOf(announce);
    appendAnnounce = List.copyOf(appendAnnounce);
    noAnnounce = List.copyOf(noAnnounce);
    requireListeners("Addresses.API", api);
    requireListeners("Addresses.Gateway", gateway);
  }

  private static void requireListeners(String key, List<Multiaddr> addresses) {
    for (Multiaddr a : addresses) {
      boolean tcp =
          a.components().size() == 2
              && (a.has("ip4") || a.has("ip6"))
              && a.components().get(1).protocol().equals("tcp");
      boolean unix = a.components().size() == 1 && a.has("unix");
      if (!tcp && !unix) {
        throw new IllegalArgumentException(
            key
                + ": '"
                + a
                + "' is not an address to listen on (use /ip4/HOST/tcp/PORT,"
                + " /ip6/HOST/tcp/PORT or /unix/PATH)");
      }
    }
  }
}
