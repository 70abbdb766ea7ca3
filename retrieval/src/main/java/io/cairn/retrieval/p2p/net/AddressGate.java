package io.cairn.retrieval.p2p.net;

import io.cairn.storage.AddressMask;
import io.cairn.storage.Multiaddr;
import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * The host's address filters ({@code Swarm.AddrFilters}), as libp2p's connection gater applies
 * Kubo's: an address in one of the networks is never dialed, and a connection from one is closed
 * when it is accepted. The list is an immutable snapshot that a change swaps whole, so the event
 * loops read it without a lock and two changes at once both land.
 */
final class AddressGate {
  private final AtomicReference<List<AddressMask>> masks;

  AddressGate(List<AddressMask> masks) {
    this.masks = new AtomicReference<>(distinct(masks));
  }

  List<AddressMask> masks() {
    return masks.get();
  }

  /** Replaces the list by what {@code change} makes of it (each mask once); returns the new one. */
  List<AddressMask> update(UnaryOperator<List<AddressMask>> change) {
    return masks.updateAndGet(current -> distinct(change.apply(current)));
  }

  /** The mask that refuses {@code address}, if one does. */
  Optional<AddressMask> blocking(Multiaddr address) {
    return masks.get().stream().filter(m -> m.contains(address)).findFirst();
  }

  /** The mask that refuses a connection from {@code ip}, if one does. */
  Optional<AddressMask> blocking(InetAddress ip) {
    return masks.get().stream().filter(m -> m.contains(ip)).findFirst();
  }

  /** The error of a dial to an address that {@code mask} refuses. */
  static String refusal(Multiaddr address, AddressMask mask) {
    return "the address filter " + mask + " (Swarm.AddrFilters) refuses " + address;
  }

  private static List<AddressMask> distinct(List<AddressMask> masks) {
    return masks.stream().distinct().toList();
  }
}
