package io.cairn.storage.rocksdb;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.WriteSession;
import io.cairn.storage.testing.TestDags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test child killed at random points by {@link RocksCrashTest}. With {@code dag DIR SEED LEAVES} it
 * writes a DAG of 256 KiB raw leaves under dag-pb nodes of 174 links through a write session and
 * pins it, printing each step; with {@code put DIR SEED} it puts one block and waits.
 */
public final class CrashWriter {
  static final int LEAF_SIZE = 256 * 1024;
  static final int BATCH = 16;
  static final int FANOUT = 174;

  private CrashWriter() {}

  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[1]);
    long seed = Long.parseLong(args[2]);
    try (RocksStorage storage = RocksStorage.open(StorageOptions.defaults(dir))) {
      say("opened");
      if (args[0].equals("put")) {
        Block b = leaf(seed, 0);
        storage.blocks().put(b);
        say("put " + b.cid());
        Thread.sleep(Long.MAX_VALUE);
      }
      int leaves = Integer.parseInt(args[3]);
      boolean session = args[0].equals("dag");
      try (WriteSession ws = storage.beginWrite()) {
        // "pin" mode writes through the storage's own block store and pin store instead.
        BlockStore blocks = session ? ws.blocks() : storage.blocks();
        List<Cid> level = new ArrayList<>();
        List<Block> batch = new ArrayList<>();
        for (int i = 0; i < leaves; i++) {
          Block leaf = leaf(seed, i);
          batch.add(leaf);
          level.add(leaf.cid());
          if (batch.size() == BATCH || i == leaves - 1) {
            blocks.putAll(batch);
            batch.clear();
            say("wrote " + (i + 1));
          }
        }
        while (level.size() > 1) {
          List<Cid> up = new ArrayList<>();
          for (int i = 0; i < level.size(); i += FANOUT) {
            Block node = TestDags.node(level.subList(i, Math.min(level.size(), i + FANOUT)), null);
            blocks.putAll(List.of(node));
            up.add(node.cid());
          }
          level = up;
        }
        Cid root = level.get(0);
        say("pinning " + root);
        if (session) {
          ws.pin(root, true, "crash-" + seed);
        } else {
          storage.pins().add(root, true, "crash-" + seed);
        }
        say("pinned " + root);
        if (!session || (args.length > 4 && args[4].equals("hold"))) {
          Thread.sleep(Long.MAX_VALUE); // killed here, before a close could persist anything
        }
      }
      say("closed");
    }
    say("done");
  }

  static Block leaf(long seed, int i) {
    return TestDags.raw(seed * 1_000_003L + i, LEAF_SIZE);
  }

  private static void say(String line) {
    System.out.println(line);
    System.out.flush();
  }
}
