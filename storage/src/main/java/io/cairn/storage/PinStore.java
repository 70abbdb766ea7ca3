package io.cairn.storage;

import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Stream;

/** Pins: the roots garbage collection keeps. Indirect pins are derived, never stored. */
public interface PinStore {
  /** How a CID is pinned. */
  enum PinType {
    DIRECT,
    RECURSIVE,
    INDIRECT;

    /** Kubo's lower-case name. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  /** A stored pin. */
  record Pin(Cid cid, PinType type, String name) {}

  /**
   * Pins {@code cid}. A recursive pin first checks the whole DAG is present.
   *
   * @throws BlockNotFoundException naming the first missing block
   */
  void add(Cid cid, boolean recursive, String name);

  /**
   * Unpins {@code cid}.
   *
   * @throws IllegalArgumentException if it is not pinned that way ("not pinned or pinned
   *     indirectly")
   */
  void remove(Cid cid, boolean recursive);

  /** How {@code cid} is pinned, indirect included (that one walks the recursive pins' DAGs). */
  Optional<PinType> pinType(Cid cid);

  /**
   * Pins of the given types (all when none is given), as Kubo's {@code pin ls}: recursive, then
   * direct, then indirect. Indirect pins are the blocks under recursive pins that are not pinned
   * themselves, each listed once and streamed as the DAGs are walked; close the stream when done.
   */
  Stream<Pin> list(PinType... types);

  /** Walks every recursive pin's DAG and reports the missing or corrupt blocks. */
  PinVerifyReport verify(Consumer<PinVerifyReport.Entry> each);
}
