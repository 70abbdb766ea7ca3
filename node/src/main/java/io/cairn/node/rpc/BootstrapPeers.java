package io.cairn.node.rpc;

import io.cairn.node.api.ApiException;
import io.cairn.storage.Multiaddr;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rules of Kubo's {@code bootstrap add} and {@code bootstrap rm} over the config's {@code
 * Bootstrap} list. Entries that are not multiaddrs (Kubo's {@code auto}) are kept as they are and
 * removed only by their exact text.
 */
final class BootstrapPeers {
  private BootstrapPeers() {}

  /** A peer to add must be {@code <transport>/p2p/<ID>}, in Kubo's words when it is not. */
  static void checkAddable(String peer) {
    Multiaddr m = multiaddr(peer);
    List<Multiaddr.Component> parts = m.components();
    if (parts.isEmpty() || !parts.getLast().protocol().equals("p2p")) {
      throw ApiException.client("invalid bootstrap address: " + peer);
    }
    if (parts.size() == 1) {
      throw ApiException.client("bootstrap address without a transport: " + peer);
    }
  }

  /** Kubo's order: the peers added first (each once), then those already there that remain. */
  static List<String> added(List<String> current, List<String> peers) {
    LinkedHashSet<String> out = new LinkedHashSet<>(peers);
    out.addAll(current);
    return new ArrayList<>(out);
  }

  /**
   * The entries left after removing {@code toRemove}, and those removed: {@code /p2p/ID} alone
   * removes every address of that peer, {@code <transport>/p2p/ID} that address only (compared as
   * multiaddrs).
   */
  static Map.Entry<List<String>, List<String>> removed(
      List<String> current, List<String> toRemove) {
    List<Multiaddr> whole = new ArrayList<>();
    List<Multiaddr> exact = new ArrayList<>();
    List<String> literal = new ArrayList<>();
    for (String r : toRemove) {
      Optional<Multiaddr> m = tryParse(r);
      if (m.isEmpty()) {
        literal.add(r);
        continue;
      }
      List<Multiaddr.Component> parts = m.get().components();
      if (parts.isEmpty() || !parts.getLast().protocol().equals("p2p")) {
        throw ApiException.client("invalid bootstrap address: " + r + " (it must end in /p2p/ID)");
      }
      (parts.size() == 1 ? whole : exact).add(m.get());
    }
    List<String> keep = new ArrayList<>();
    List<String> gone = new ArrayList<>();
    for (String entry : current) {
      Optional<Multiaddr> m = tryParse(entry);
      boolean remove =
          m.isEmpty()
              ? literal.contains(entry)
              : exact.contains(m.get())
                  || whole.stream()
                      .anyMatch(w -> w.peerId().isPresent() && w.peerId().equals(m.get().peerId()));
      (remove ? gone : keep).add(entry);
    }
    return Map.entry(keep, gone);
  }

  private static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid bootstrap address: " + text + ": " + e.getMessage());
    }
  }

  private static Optional<Multiaddr> tryParse(String text) {
    try {
      return Optional.of(Multiaddr.parse(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
