package io.cairn.retrieval;

import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Which addresses the host tells other peers (Identify, the DHT, mDNS, {@code id}), from Kubo's
 * {@code Addresses.Announce}, {@code AppendAnnounce} and {@code NoAnnounce}, applied as Kubo's
 * address factory applies them: the announce list replaces the listen addresses when it is not
 * empty; the append list is added (less what the announce list already holds); then every address
 * that a {@code NoAnnounce} entry names exactly, or that lies in a {@code /ipcidr} network it
 * names, is left out.
 *
 * @param announce {@code Addresses.Announce}
 * @param append {@code Addresses.AppendAnnounce}
 * @param noAnnounce {@code Addresses.NoAnnounce}: exact addresses and {@code /ip4|ip6/<net>/ipcidr/
 *     <bits>} networks
 */
public record AnnouncePolicy(
    List<Multiaddr> announce, List<Multiaddr> append, List<Multiaddr> noAnnounce) {
  /** Announces the listen addresses as they are. */
  public static final AnnouncePolicy LISTEN_ADDRESSES =
      new AnnouncePolicy(List.of(), List.of(), List.of());

  public AnnouncePolicy {
    announce = List.copyOf(Objects.requireNonNull(announce, "announce"));
    append = List.copyOf(Objects.requireNonNull(append, "append"));
    noAnnounce = List.copyOf(Objects.requireNonNull(noAnnounce, "noAnnounce"));
  }

  /** What to announce for a host that listens on {@code listen}. */
  public List<Multiaddr> apply(List<Multiaddr> listen) {
    Set<Multiaddr> out = new LinkedHashSet<>(announce.isEmpty() ? listen : announce);
    Set<Multiaddr> announced = new HashSet<>(announce);
    for (Multiaddr a : append) {
      if (!announced.contains(a)) {
        out.add(a);
      }
    }
    Set<Multiaddr> exact = new HashSet<>();
    List<AddressMask> networks = new ArrayList<>();
    for (Multiaddr a : noAnnounce) {
      try {
        networks.add(AddressMask.parse(a.toString()));
      } catch (IllegalArgumentException notAMask) {
        exact.add(a);
      }
    }
    return out.stream()
        .filter(a -> !exact.contains(a))
        .filter(a -> networks.stream().noneMatch(m -> m.contains(a)))
        .toList();
  }
}
