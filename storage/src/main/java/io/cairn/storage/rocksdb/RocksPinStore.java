package io.cairn.storage.rocksdb;

import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.Multihash;
import io.cairn.storage.PinStore;
import io.cairn.storage.PinVerifyReport;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Pins with Kubo's semantics (boxo's {@code dspinner}): one record per binary CID, recursive or
 * direct, with an optional name; indirect pins are derived by walking the recursive pins' DAGs.
 * Adding or removing a pin waits for a running garbage collection, as Kubo's pin lock does; pins
 * written by a write session do not, since the session protects their blocks.
 */
final class RocksPinStore implements PinStore {
  static final String NOT_PINNED = "not pinned or pinned indirectly";

  private final RocksDatabase db;
  private final BlockStore blocks;
  private final Lock gcShared;
  private final Object mutex = new Object();

  /**
   * @param gcShared the shared side of the GC lock, held while a pin is added or removed
   */
  RocksPinStore(RocksDatabase db, BlockStore blocks, Lock gcShared) {
    this.db = db;
    this.blocks = blocks;
    this.gcShared = gcShared;
  }

  @Override
  public void add(Cid cid, boolean recursive, String name) {
    Objects.requireNonNull(cid, "cid");
    gcShared.lock();
    try {
      if (recursive) {
        // Every block must be held before the pin is stored: the first missing one fails the add.
        DagTraversal walk =
            new DagTraversal(
                blocks, DagTraversal.Leaves.CHECK, DagTraversal.byCid(), DagTraversal.FAIL);
        walk.add(cid);
        while (walk.next() != null) {
          // reached and held
        }
      } else if (!blocks.has(cid)) {
        throw new BlockNotFoundException(cid);
      }
      // Blocks written in bulk may still sit in memory: persist them before the pin names them.
      blocks.sync();
      record(cid, recursive, name);
    } finally {
      gcShared.unlock();
    }
  }

  /**
   * Stores a pin whose blocks the caller vouches for. A recursive pin replaces a direct one or an
   * older recursive one (renaming it); a direct pin of a recursively pinned CID is refused.
   */
  void record(Cid cid, boolean recursive, String name) {
    synchronized (mutex) {
      Optional<PinRecord> existing = db.get(Column.PINS, cid);
      if (!recursive && existing.isPresent() && existing.get().recursive()) {
        throw new IllegalArgumentException(cid + " already pinned recursively");
      }
      db.put(
          Column.PINS,
          cid,
          new PinRecord(recursive ? PinType.RECURSIVE : PinType.DIRECT, name),
          Durability.SYNCED);
    }
  }

  @Override
  public void remove(Cid cid, boolean recursive) {
    gcShared.lock();
    try {
      synchronized (mutex) {
        Optional<PinRecord> existing = db.get(Column.PINS, cid);
        if (existing.isEmpty()) {
          throw new IllegalArgumentException(NOT_PINNED);
        }
        if (existing.get().recursive() && !recursive) {
          throw new IllegalArgumentException(cid + " is pinned recursively");
        }
        db.delete(Column.PINS, cid, Durability.SYNCED);
      }
    } finally {
      gcShared.unlock();
    }
  }

  @Override
  public Optional<PinType> pinType(Cid cid) {
    Optional<PinRecord> stored = db.get(Column.PINS, cid);
    if (stored.isPresent()) {
      return Optional.of(stored.get().type());
    }
    return indirectly(pins(), cid::equals);
  }

  /**
   * The pin that holds the block of {@code key} under any CID: a pin of a CID with that multihash
   * (its own type), or a recursive pin whose DAG reaches one ({@link PinType#INDIRECT}). The store
   * keys blocks by multihash, so a pinned dag-pb node's block is also the block of the raw CID with
   * its multihash.
   */
  Optional<PinType> typeHolding(Multihash key) {
    List<Pin> stored = pins();
    for (Pin p : stored) {
      if (p.cid().multihash().equals(key)) {
        return Optional.of(p.type());
      }
    }
    return indirectly(stored, c -> c.multihash().equals(key));
  }

  /**
   * {@link PinType#INDIRECT} when a DAG of the recursive pins in {@code stored} reaches a match.
   */
  private Optional<PinType> indirectly(List<Pin> stored, Predicate<Cid> match) {
    DagTraversal walk =
        new DagTraversal(
            blocks, DagTraversal.Leaves.CHECK, DagTraversal.byCid(), DagTraversal.FAIL);
    for (Pin p : stored) {
      if (p.type() == PinType.RECURSIVE) {
        walk.add(p.cid());
      }
    }
    for (Cid c = walk.next(); c != null; c = walk.next()) {
      if (match.test(c)) {
        return Optional.of(PinType.INDIRECT);
      }
    }
    return Optional.empty();
  }

  @Override
  public Stream<Pin> list(PinType... types) {
    Set<PinType> wanted = EnumSet.noneOf(PinType.class);
    wanted.addAll(types.length == 0 ? List.of(PinType.values()) : List.of(types));
    List<Pin> stored = pins();
    Stream<Pin> out = Stream.empty();
    for (PinType t : List.of(PinType.RECURSIVE, PinType.DIRECT)) {
      if (wanted.contains(t)) {
        out = Stream.concat(out, stored.stream().filter(p -> p.type() == t));
      }
    }
    if (wanted.contains(PinType.INDIRECT)) {
      out = Stream.concat(out, indirect(stored));
    }
    return out;
  }

  /**
   * Every block under a recursive pin that is not itself pinned, once each, streamed as the walk
   * goes (Kubo's {@code pin ls --type=indirect}).
   */
  private Stream<Pin> indirect(List<Pin> stored) {
    Set<Cid> pinned = new HashSet<>();
    DagTraversal walk =
        new DagTraversal(
            blocks, DagTraversal.Leaves.CHECK, DagTraversal.byCid(), DagTraversal.FAIL);
    for (Pin p : stored) {
      pinned.add(p.cid());
      if (p.type() == PinType.RECURSIVE) {
        walk.add(p.cid());
      }
    }
    Spliterator<Pin> split =
        new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE, Spliterator.ORDERED) {
          @Override
          public boolean tryAdvance(Consumer<? super Pin> action) {
            for (Cid c = walk.next(); c != null; c = walk.next()) {
              if (!pinned.contains(c)) {
                action.accept(new Pin(c, PinType.INDIRECT, ""));
                return true;
              }
            }
            return false;
          }
        };
    return StreamSupport.stream(split, false);
  }

  @Override
  public PinVerifyReport verify(Consumer<PinVerifyReport.Entry> each) {
    List<PinVerifyReport.Entry> problems = new ArrayList<>();
    int checked = 0;
    for (Pin p : pins()) {
      if (p.type() != PinType.RECURSIVE) {
        continue;
      }
      List<Cid> missing = new ArrayList<>();
      List<Cid> corrupt = new ArrayList<>();
      DagTraversal walk =
          new DagTraversal(
              blocks,
              DagTraversal.Leaves.VERIFY,
              DagTraversal.byCid(),
              new DagTraversal.Problems() {
                @Override
                public void missing(Cid cid) {
                  missing.add(cid);
                }

                @Override
                public void corrupt(Cid cid, RuntimeException cause) {
                  corrupt.add(cid);
                }
              });
      walk.add(p.cid());
      while (walk.next() != null) {
        // problems are collected as the walk goes
      }
      checked++;
      PinVerifyReport.Entry entry =
          new PinVerifyReport.Entry(
              p.cid(), missing.isEmpty() && corrupt.isEmpty(), missing, corrupt);
      if (!entry.ok()) {
        problems.add(entry);
      }
      each.accept(entry);
    }
    return new PinVerifyReport(checked, problems);
  }

  /** A snapshot of the stored pins, in binary CID order. */
  List<Pin> pins() {
    List<Pin> out = new ArrayList<>();
    try (Cursor<Cid, PinRecord> c = db.cursor(Column.PINS, null, null, true)) {
      while (c.next()) {
        PinRecord r = c.value();
        out.add(new Pin(c.key(), r.type(), r.name()));
      }
    }
    return out;
  }
}
