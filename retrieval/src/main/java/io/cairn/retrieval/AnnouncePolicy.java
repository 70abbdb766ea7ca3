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
 * <p>Built from {@code Addresses.Announce}, {@code Addresses.AppendAnnounce} and {@code
 * Addresses.NoAnnounce} (exact addresses and {@code /ip4|ip6/<net>/ipcidr/<bits>} networks).
 */
public final class AnnouncePolicy {
  /** Announces the listen addresses as they are. */
  public static final AnnouncePolicy LISTEN_ADDRESSES =
      new AnnouncePolicy(List.of(), List.of(), List.of());

  private final List<Multiaddr> announce;
  private final List<Multiaddr> append;
  private final Set<Multiaddr> exact = new HashSet<>();
  private final List<AddressMask> networks = new ArrayList<>();

  /** Reads the {@code NoAnnounce} entries once: {@link #apply} runs for every DHT reply. */
  public AnnouncePolicy(
      List<Multiaddr> announce, List<Multiaddr> append, List<Multiaddr> noAnnounce) {
    this.announce = List.copyOf(Objects.requireNonNull(announce, "announce"));
    Set<Multiaddr> announced = new HashSet<>(this.announce);
    this.append =
        Objects.requireNonNull(append, "append").stream()
            .filter(a -> !announced.contains(a))
            .toList();
    for (Multiaddr a : Objects.requireNonNull(noAnnounce, "noAnnounce")) {
      try {
        networks.add(AddressMask.parse(a.toString()));
      } catch (IllegalArgumentException notAMask) {
        exact.add(a);
      }
    }
  }

  /** What to announce for a host that listens on {@code listen}. */
  public List<Multiaddr> apply(List<Multiaddr> listen) {
    Set<Multiaddr> out = new LinkedHashSet<>(announce.isEmpty() ? listen : announce);
    out.addAll(append);
    return out.stream()
        .filter(a -> !exact.contains(a))
        .filter(a -> networks.stream().noneMatch(m -> m.contains(a)))
        .toList();
  }
}
