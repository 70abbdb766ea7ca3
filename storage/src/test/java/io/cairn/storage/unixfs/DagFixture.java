package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Builds UnixFS DAGs by hand into a block store, for exporter tests. */
final class DagFixture {
  final BlockStore store = BlockStores.memory();

  Cid put(Multicodec codec, byte[] data) {
    Block b = Block.create(codec, data);
    store.put(b);
    return b.cid();
  }

  Cid raw(byte[] data) {
    return put(Multicodec.RAW, data);
  }

  static Cid identity(Multicodec codec, byte[] data) {
    return Cid.v1(codec, Multihash.of(HashFunction.IDENTITY.code(), data));
  }

  Cid node(UnixFsData data, List<PbLink> links) {
    return put(Multicodec.DAG_PB, DagPb.encode(new PbNode(links, data.encode())));
  }

  /** A File node with inline data and children of the given sizes. */
  Cid file(byte[] data, List<Cid> children, List<Long> sizes) {
    long total = data == null ? 0 : data.length;
    List<PbLink> links = new ArrayList<>();
    for (int i = 0; i < children.size(); i++) {
      total += sizes.get(i);
      links.add(new PbLink(children.get(i), null, sizes.get(i) + 14));
    }
    return node(fileData(data, total, sizes), links);
  }

  static UnixFsData fileData(byte[] data, long fileSize, List<Long> sizes) {
    return new UnixFsData(UnixFsData.Type.FILE, data, fileSize, sizes, null, null, null, null);
  }

  /** A single-block dag-pb file. */
  Cid pbLeaf(byte[] data) {
    return file(data, List.of(), List.of());
  }

  /**
   * A balanced file: leaves of {@code chunk} bytes grouped {@code fanout} to a parent, level by
   * level, as Kubo's balanced layout shapes them.
   */
  Cid balanced(byte[] content, int chunk, int fanout, boolean rawLeaves) {
    List<Cid> level = new ArrayList<>();
    List<Long> sizes = new ArrayList<>();
    for (int off = 0; off < content.length || level.isEmpty(); off += chunk) {
      byte[] piece =
          java.util.Arrays.copyOfRange(content, off, Math.min(content.length, off + chunk));
      level.add(rawLeaves ? raw(piece) : pbLeaf(piece));
      sizes.add((long) piece.length);
    }
    while (level.size() > 1) {
      List<Cid> up = new ArrayList<>();
      List<Long> upSizes = new ArrayList<>();
      for (int i = 0; i < level.size(); i += fanout) {
        int end = Math.min(level.size(), i + fanout);
        List<Long> childSizes = sizes.subList(i, end);
        up.add(file(null, level.subList(i, end), childSizes));
        upSizes.add(childSizes.stream().mapToLong(Long::longValue).sum());
      }
      level = up;
      sizes = upSizes;
    }
    return level.get(0);
  }

  Cid directory(Map<String, Cid> entries) {
    return directory(entries, null, null);
  }

  Cid directory(Map<String, Cid> entries, Integer mode, Instant mtime) {
    List<PbLink> links = new ArrayList<>();
    entries.forEach((name, cid) -> links.add(PbLink.of(name, cid, 10)));
    return node(UnixFsData.directory().withMetadata(mode, mtime), links);
  }

  Cid symlink(String target) {
    return node(UnixFsData.symlink(target.getBytes(StandardCharsets.UTF_8)), List.of());
  }

  /**
   * A HAMT directory as Kubo and the JS importer shape one: an entry sits in its bucket at the
   * shallowest level where no other entry shares the bucket path.
   */
  Cid hamt(Map<String, Cid> entries, int fanout, Integer mode, Instant mtime) {
    return shard(new ArrayList<>(entries.keySet()), entries, fanout, 0, mode, mtime);
  }

  private Cid shard(
      List<String> names, Map<String, Cid> all, int fanout, int depth, Integer mode, Instant t) {
    int bits = Integer.numberOfTrailingZeros(fanout);
    int pad = Integer.toHexString(fanout - 1).length();
    Map<Integer, List<String>> buckets = new java.util.TreeMap<>();
    for (String n : names) {
      long key = Murmur3.hamtKey(n.getBytes(StandardCharsets.UTF_8));
      int index = (int) ((key << (depth * bits)) >>> (64 - bits));
      buckets.computeIfAbsent(index, k -> new ArrayList<>()).add(n);
    }
    List<PbLink> links = new ArrayList<>();
    byte[] bitfield = new byte[fanout / 8];
    for (Map.Entry<Integer, List<String>> b : buckets.entrySet()) {
      String prefix = String.format("%0" + pad + "X", b.getKey());
      bitfield[bitfield.length - 1 - b.getKey() / 8] |= (byte) (1 << (b.getKey() % 8));
      if (b.getValue().size() == 1) {
        String n = b.getValue().get(0);
        links.add(PbLink.of(prefix + n, all.get(n), 100));
      } else {
        Cid sub = shard(b.getValue(), all, fanout, depth + 1, null, null);
        links.add(PbLink.of(prefix, sub, 1000));
      }
    }
    UnixFsData data =
        new UnixFsData(
            UnixFsData.Type.HAMT_SHARD,
            bitfield,
            null,
            List.of(),
            Murmur3.HAMT_HASH_CODE,
            (long) fanout,
            mode,
            t);
    return node(data, links);
  }

  static Map<String, Cid> entries(Object... nameCid) {
    Map<String, Cid> m = new LinkedHashMap<>();
    for (int i = 0; i < nameCid.length; i += 2) {
      m.put((String) nameCid[i], (Cid) nameCid[i + 1]);
    }
    return m;
  }

  /** A store that counts and records the blocks read through it. */
  static final class CountingStore implements BlockStore {
    private final BlockStore inner;
    final AtomicInteger gets = new AtomicInteger();
    final Set<Cid> fetched = ConcurrentHashMap.newKeySet();

    CountingStore(BlockStore inner) {
      this.inner = inner;
    }

    void reset() {
      gets.set(0);
      fetched.clear();
    }

    @Override
    public boolean has(Cid cid) {
      return inner.has(cid);
    }

    @Override
    public Optional<byte[]> get(Cid cid) {
      gets.incrementAndGet();
      fetched.add(cid);
      return inner.get(cid);
    }

    @Override
    public java.util.OptionalInt size(Cid cid) {
      return inner.size(cid);
    }

    @Override
    public void put(Block block) {
      inner.put(block);
    }

    @Override
    public void putAll(java.util.Collection<Block> blocks) {
      inner.putAll(blocks);
    }

    @Override
    public boolean delete(Cid cid) {
      return inner.delete(cid);
    }

    @Override
    public java.util.stream.Stream<Multihash> keys() {
      return inner.keys();
    }

    @Override
    public void sync() {
      inner.sync();
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
