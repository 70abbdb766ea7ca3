package io.cairn.storage.unixfs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * What one MFS change works with: the store it reads through, the store (in the write session) and
 * batcher its blocks go to, the import settings read when it began, and the root as its steps leave
 * it.
 */
final class MfsChange {
  final BlockStore blocks;
  final BlockStore writes;
  final BlockBatcher out;
  final ImportOptions settings;
  Cid current;

  MfsChange(
      BlockStore blocks, BlockStore writes, BlockBatcher out, ImportOptions settings, Cid root) {
    this.blocks = blocks;
    this.writes = writes;
    this.out = out;
    this.settings = settings;
    this.current = root;
  }

  ImportOptions.ShardStrategy strategy() {
    return settings.shardStrategy();
  }

  CidPrefix prefixOr(CidPrefix asked) {
    return asked != null ? asked : Mfs.importPrefix(settings);
  }

  Cid lookupIn(List<String> parts) {
    Cid cur = current;
    for (String p : parts) {
      MfsDirectory.Entry e = MfsDirectory.find(blocks, cur, p, p);
      if (e == null) {
        throw Mfs.notExist();
      }
      cur = e.cid();
    }
    return cur;
  }

  Chain chain(List<String> dirs, boolean create, CidPrefix newDirs) {
    return chain(dirs, create, newDirs, null);
  }

  /**
   * The directories from the root down to {@code dirs}, loaded.
   *
   * @param create whether missing ones are made (as new directories in {@code newDirs}' format)
   * @param notDirectory the message when the last one is not a directory; null for Kubo's "... is
   *     not a directory"
   */
  Chain chain(List<String> dirs, boolean create, CidPrefix newDirs, String notDirectory) {
    Chain chain = new Chain(this, MfsDirectory.load(blocks, current, "/", settings.hamtFanout()));
    for (int i = 0; i < dirs.size(); i++) {
      String name = dirs.get(i);
      MfsDirectory.Entry e = chain.last().get(name);
      if (e == null) {
        if (!create) {
          throw Mfs.notExist();
        }
        chain.descendNew(name, MfsDirectory.empty(newDirs, settings.hamtFanout()));
        continue;
      }
      String path = "/" + String.join("/", dirs.subList(0, i + 1));
      try {
        chain.descendInto(name, MfsDirectory.load(blocks, e.cid(), path, settings.hamtFanout()));
      } catch (MfsException notDir) {
        throw new MfsException(
            notDirectory != null
                ? notDirectory
                : create ? path + " was not a directory" : path + " is not a directory");
      }
    }
    return chain;
  }

  /** Writes the chain's directories from the bottom up; returns the new root. */
  Cid commit(Chain chain) {
    MfsDirectory.Written w = null;
    for (int i = chain.dirs.size() - 1; i >= 0; i--) {
      MfsDirectory dir = chain.dirs.get(i);
      if (w != null) {
        dir.put(chain.names.get(i), new MfsDirectory.Entry(w.cid(), w.tsize()), strategy());
      }
      w = dir.write(out, settings);
    }
    out.flush();
    current = w.cid();
    return current;
  }

  /** The directories from the root down to one, as loaded for a change. */
  static final class Chain {
    final List<MfsDirectory> dirs = new ArrayList<>();
    final List<String> names = new ArrayList<>(); // names.get(i): dirs.get(i + 1)'s name
    private final MfsChange tx;

    Chain(MfsChange tx, MfsDirectory root) {
      this.tx = tx;
      dirs.add(root);
    }

    MfsDirectory root() {
      return dirs.get(0);
    }

    MfsDirectory last() {
      return dirs.get(dirs.size() - 1);
    }

    void descendNew(String name, MfsDirectory dir) {
      descendInto(name, dir);
    }

    void descendInto(String name, MfsDirectory dir) {
      names.add(name);
      dirs.add(dir);
    }

    /** Goes into the existing directory {@code name} of the last one. */
    void descend(String name) {
      MfsDirectory.Entry e = last().get(name);
      descendInto(name, MfsDirectory.load(tx.blocks, e.cid(), name, tx.settings.hamtFanout()));
    }
  }
}
