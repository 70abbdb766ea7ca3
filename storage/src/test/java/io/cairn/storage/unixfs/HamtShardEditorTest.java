package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.PbLink;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A shard changed in place by {@link HamtShardEditor} is, after every change, the shard {@link
 * HamtShardBuilder} builds whole from the same entries: boxo's shards are canonical, so adding,
 * replacing and removing names (forking buckets into sub-shards and collapsing them again) must
 * land on the same blocks whatever the order.
 */
class HamtShardEditorTest {
  final BlockStore blocks = BlockStores.memory();

  /** Names sharing string prefixes ("file1", "file10", "file100") and others of every length. */
  static List<String> names(int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; names.size() < count; i++) {
      names.add("file" + i);
      names.add("x".repeat(1 + i % 40) + (i / 40 == 0 ? "" : i / 40));
      names.add("é" + i + " ∂");
    }
    return names.subList(0, count);
  }

  static Cid content(String name, int step) {
    byte[] body = (name + "@" + step).getBytes(StandardCharsets.UTF_8);
    return Cid.of(1, Multicodec.RAW.code(), HashFunction.SHA2_256.multihash(body));
  }

  @ParameterizedTest(name = "fanout {0}, {2} names, seed {1}")
  @CsvSource({"8, 1, 300", "16, 2, 400", "256, 3, 700"})
  void aSeededSequenceOfChangesGivesTheShardBuiltWholeAfterEveryOne(
      int fanout, long seed, int poolSize) {
    Random random = new Random(seed);
    List<String> pool = names(poolSize);
    FileDagBuilder.Metadata metadata =
        new FileDagBuilder.Metadata(0755, Instant.ofEpochSecond(1_700_000_000L));
    Map<String, HamtShardEditor.Leaf> expected = new TreeMap<>();
    Cid current = build(expected, fanout, metadata).cid();
    int deepest = 0;
    int removedPastOne = 0;
    int steps = poolSize * 2;
    for (int step = 0; step < steps || !expected.isEmpty(); step++) {
      HamtShardEditor editor = open(current);
      int changes = 1 + random.nextInt(3);
      for (int c = 0; c < changes; c++) {
        // grows for the first half, shrinks after, then empties the shard
        boolean grow = step < steps / 2 ? random.nextInt(10) < 7 : random.nextInt(10) < 3;
        if (step >= steps) {
          grow = false;
        }
        if (grow) {
          String name = pool.get(random.nextInt(pool.size()));
          HamtShardEditor.Leaf leaf =
              new HamtShardEditor.Leaf(name, content(name, step), random.nextInt(1 << 20));
          editor.put(name, leaf.cid(), leaf.tsize());
          expected.put(name, leaf);
        } else if (!expected.isEmpty()) {
          // mostly a name that is there, sometimes one that is not
          String name =
              random.nextInt(8) == 0
                  ? pool.get(random.nextInt(pool.size()))
                  : new ArrayList<>(expected.keySet()).get(random.nextInt(expected.size()));
          HamtShardEditor.Leaf removed = editor.remove(name);
          assertThat(removed).isEqualTo(expected.remove(name));
          if (removed != null && expected.size() > 1) {
            removedPastOne++;
          }
        }
      }
      BlockBatcher out = new BlockBatcher(blocks);
      FileDagBuilder.Link edited =
          editor.write(new HamtShardBuilder(fanout, writer(out, 0)), metadata, false);
      out.flush();
      FileDagBuilder.Link whole = build(expected, fanout, metadata);
      assertThat(edited).as("step %d, %d entries", step, expected.size()).isEqualTo(whole);
      current = edited.cid();
      deepest = Math.max(deepest, depth(current, Integer.toHexString(fanout - 1).length()));
    }
    assertThat(removedPastOne).isGreaterThan(poolSize / 4);
    assertThat(deepest)
        .as("sub-shard levels reached")
        .isGreaterThanOrEqualTo(fanout == 256 ? 1 : 3);
  }

  @Test
  void aNewCidFormatRewritesEverySubShard() {
    Map<String, HamtShardEditor.Leaf> entries = new TreeMap<>();
    for (String name : names(200)) {
      entries.put(name, new HamtShardEditor.Leaf(name, content(name, 0), 5));
    }
    Cid v0 = build(entries, 8, FileDagBuilder.Metadata.NONE).cid();
    HamtShardEditor editor = open(v0);
    editor.remove("file7");
    entries.remove("file7");
    BlockBatcher out = new BlockBatcher(blocks);
    FileDagBuilder.Link v1 =
        editor.write(new HamtShardBuilder(8, writer(out, 1)), FileDagBuilder.Metadata.NONE, true);
    out.flush();

    List<HamtShardBuilder.Entry> list = entryList(entries);
    BlockBatcher rebuilt = new BlockBatcher(blocks);
    assertThat(v1)
        .isEqualTo(
            new HamtShardBuilder(8, writer(rebuilt, 1)).build(list, FileDagBuilder.Metadata.NONE));
    assertThat(v1.cid().version()).isEqualTo(1);
  }

  HamtShardEditor open(Cid root) {
    NodeLoader loader = new NodeLoader(blocks);
    DecodedNode node = loader.load(root);
    return new HamtShardEditor(HamtShard.of(loader, node), node);
  }

  static NodeWriter writer(BlockBatcher out, int cidVersion) {
    return new NodeWriter(out, cidVersion, HashFunction.SHA2_256, -1);
  }

  /** The shard built whole from {@code entries}, written to the store. */
  FileDagBuilder.Link build(
      Map<String, HamtShardEditor.Leaf> entries, int fanout, FileDagBuilder.Metadata metadata) {
    BlockBatcher out = new BlockBatcher(blocks);
    FileDagBuilder.Link link =
        new HamtShardBuilder(fanout, writer(out, 0)).build(entryList(entries), metadata);
    out.flush();
    return link;
  }

  static List<HamtShardBuilder.Entry> entryList(Map<String, HamtShardEditor.Leaf> entries) {
    List<HamtShardBuilder.Entry> list = new ArrayList<>();
    for (HamtShardEditor.Leaf e : entries.values()) {
      byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
      list.add(
          new HamtShardBuilder.Entry(e.name(), HamtShardBuilder.key(name), e.cid(), e.tsize()));
    }
    return list;
  }

  /** How many levels of sub-shards hang below the shard {@code cid}. */
  int depth(Cid cid, int padLength) {
    int below = 0;
    for (PbLink link : new NodeLoader(blocks).load(cid).links()) {
      if (link.nameOrEmpty().length() == padLength) {
        below = Math.max(below, 1 + depth(link.cid(), padLength));
      }
    }
    return below;
  }
}
