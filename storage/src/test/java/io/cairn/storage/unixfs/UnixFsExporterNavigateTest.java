package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.codec.PbNode;
import io.cairn.storage.codec.Protobuf;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class UnixFsExporterNavigateTest {
  private final DagFixture dag = new DagFixture();
  private final UnixFsExporter exporter = new UnixFsExporter(dag.store);

  private Cid text(String s) {
    return dag.raw(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void hashesNamesToTheSpecsExampleBuckets() {
    // UnixFS spec, HAMT path resolution example: "470.txt" is in bucket 00, then 6E.
    long key = Murmur3.hamtKey("470.txt".getBytes(StandardCharsets.UTF_8));
    assertThat(key >>> 56).isEqualTo(0x00);
    assertThat((key >>> 48) & 0xFF).isEqualTo(0x6E);
  }

  @Test
  void statReportsWhatKuboShows() {
    Instant mtime = Instant.ofEpochSecond(1_700_000_000, 5);
    Cid file = dag.balanced(new byte[2500], 1000, 2, true);
    Cid dir = dag.directory(DagFixture.entries("f", file), 0750, mtime);
    Cid link = dag.symlink("../target");

    UnixFsNode f = exporter.stat(file);
    assertThat(f.kind()).isEqualTo(UnixFsNode.Kind.FILE);
    assertThat(f.size()).isEqualTo(2500);
    assertThat(f.linkCount()).isEqualTo(2);
    assertThat(f.cumulativeSize())
        .isEqualTo(f.blockSize() + 2014 + 514); // Tsize: child sizes + 14 in the fixture
    UnixFsNode d = exporter.stat(dir);
    assertThat(d.kind()).isEqualTo(UnixFsNode.Kind.DIRECTORY);
    assertThat(d.size()).isZero();
    assertThat(d.mode()).isEqualTo(0750);
    assertThat(d.mtime()).isEqualTo(mtime);
    UnixFsNode s = exporter.stat(link);
    assertThat(s.kind()).isEqualTo(UnixFsNode.Kind.SYMLINK);
    assertThat(s.symlinkTarget()).isEqualTo("../target");
    assertThat(s.size()).isEqualTo(9);
    assertThat(exporter.stat(dag.put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0})).kind())
        .isEqualTo(UnixFsNode.Kind.OTHER);
    Cid bare = dag.put(Multicodec.DAG_PB, new byte[0]);
    assertThat(exporter.stat(bare).kind()).isEqualTo(UnixFsNode.Kind.OTHER);
  }

  @Test
  void readsAnExplicitZeroFractionOfAnMtimeAsWholeSeconds() {
    // The JS unixfs package writes FractionalNanoseconds 0 when it is given; the spec's range is
    // 1..999999999, Kubo drops such an mtime and the JS exporter reads whole seconds, as we do.
    byte[] mtime = new Protobuf.Writer().varint(1, 1_650_000_000).fixed32(2, 0).toByteArray();
    byte[] data = new Protobuf.Writer().varint(1, 2).varint(3, 0).bytes(8, mtime).toByteArray();
    Cid file = dag.put(Multicodec.DAG_PB, DagPb.encode(new PbNode(List.of(), data)));
    assertThat(exporter.stat(file).mtime()).isEqualTo(Instant.ofEpochSecond(1_650_000_000));

    byte[] tooBig = new Protobuf.Writer().varint(1, 5).fixed32(2, 1_000_000_000).toByteArray();
    byte[] bad = new Protobuf.Writer().varint(1, 2).varint(3, 0).bytes(8, tooBig).toByteArray();
    Cid badFile = dag.put(Multicodec.DAG_PB, DagPb.encode(new PbNode(List.of(), bad)));
    assertThatThrownBy(() -> exporter.stat(badFile))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("block " + badFile)
        .hasMessageContaining("FractionalNanoseconds 1000000000 is out of range");
  }

  @Test
  void refusesAnMtimeBeyondTheRangeOfTimes() {
    // Seconds is an int64; a time past the year 1,000,000,000 has no Instant.
    for (long seconds : new long[] {1L << 62, -(1L << 62)}) {
      byte[] far = new Protobuf.Writer().varint(1, seconds).toByteArray();
      byte[] farData = new Protobuf.Writer().varint(1, 2).varint(3, 0).bytes(8, far).toByteArray();
      Cid farFile = dag.put(Multicodec.DAG_PB, DagPb.encode(new PbNode(List.of(), farData)));
      assertThatThrownBy(() -> exporter.stat(farFile))
          .isInstanceOf(CodecException.class)
          .hasMessageContaining("block " + farFile)
          .hasMessageContaining("Seconds " + seconds + " is out of range");
    }
  }

  @Test
  void resolvesThroughFlatDirectories() {
    Cid leaf = text("deep");
    Cid inner = dag.directory(DagFixture.entries("c.txt", leaf));
    Cid root = dag.directory(DagFixture.entries("a", inner, "b", text("b")));
    assertThat(exporter.resolve(root, "a/c.txt")).isEqualTo(leaf);
    assertThat(exporter.resolve(root, "/a//c.txt/")).isEqualTo(leaf);
    assertThat(exporter.resolve(root, "")).isEqualTo(root);
    assertThat(exporter.resolve(IpfsPath.parse("/ipfs/" + root + "/a/./c.txt"))).isEqualTo(leaf);
    assertThatThrownBy(() -> exporter.resolve(root, "a/missing"))
        .isInstanceOf(NoSuchLinkException.class)
        .hasMessage("no link named \"missing\" under " + inner);
  }

  @Test
  void resolvesTheFirstOfDuplicateNames() {
    Cid first = text("1");
    Cid dir =
        dag.node(
            UnixFsData.directory(),
            List.of(PbLink.of("x", first, 1), PbLink.of("x", text("2"), 1)));
    assertThat(exporter.resolve(dir, "x")).isEqualTo(first);
  }

  @Test
  void refusesToResolveThroughFilesSymlinksAndOtherCodecs() {
    Cid file = dag.balanced(new byte[10], 5, 2, true);
    assertThatThrownBy(() -> exporter.resolve(file, "x"))
        .isInstanceOf(NoSuchLinkException.class)
        .hasMessage("no link named \"x\" under " + file);
    Cid raw = text("r");
    assertThatThrownBy(() -> exporter.resolve(raw, "x"))
        .isInstanceOf(NoSuchLinkException.class)
        .hasMessage("no link named \"x\" under " + raw);
    Cid link = dag.symlink("elsewhere");
    Cid dir = dag.directory(DagFixture.entries("l", link));
    assertThatThrownBy(() -> exporter.resolve(dir, "l/x"))
        .isInstanceOf(NoSuchLinkException.class)
        .hasMessage("no link named \"x\" under " + link);
    Cid cbor = dag.put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    assertThatThrownBy(() -> exporter.resolve(cbor, "field"))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("path resolution through dag-cbor is not supported by this exporter");
  }

  private Map<String, Cid> manyEntries(int n) {
    Map<String, Cid> entries = new LinkedHashMap<>();
    for (int i = 0; i < n; i++) {
      entries.put("file-" + i + ".txt", text("content " + i));
    }
    return entries;
  }

  @Test
  void resolvesThroughHamtShardsByHashingTheName() {
    Map<String, Cid> entries = manyEntries(3000);
    Cid hamt = dag.hamt(entries, 256, null, null);
    DagFixture.CountingStore counting = new DagFixture.CountingStore(dag.store);
    UnixFsExporter exp = new UnixFsExporter(counting);
    for (String name : List.of("file-0.txt", "file-1234.txt", "file-2999.txt")) {
      counting.reset();
      assertThat(exp.resolve(hamt, name)).isEqualTo(entries.get(name));
      // The root shard and the sub-shards on the name's bucket path, never the whole directory.
      assertThat(counting.gets.get()).isBetween(1, 3);
    }
    assertThatThrownBy(() -> exp.resolve(hamt, "absent.txt"))
        .isInstanceOf(NoSuchLinkException.class)
        .hasMessage("no link named \"absent.txt\" under " + hamt);
  }

  @Test
  void readsHamtsOfOtherFanouts() {
    Map<String, Cid> entries = manyEntries(300);
    Cid hamt = dag.hamt(entries, 16, null, null);
    entries.forEach((name, cid) -> assertThat(exporter.resolve(hamt, name)).isEqualTo(cid));
    assertThat(exporter.listInDagOrder(hamt, false).map(DirEntry::name))
        .containsExactlyInAnyOrderElementsOf(entries.keySet());
  }

  @Test
  void listsDirectoriesSortedAsKuboLsDoes() {
    Cid file = dag.balanced(new byte[3000], 1000, 4, false);
    Cid sub = dag.directory(DagFixture.entries(), 0700, Instant.ofEpochSecond(5));
    Cid link = dag.symlink("file");
    Cid raw = text("raw!");
    Cid dir = dag.directory(DagFixture.entries("b", file, "a", sub, "c", link, "Z", raw));

    List<DirEntry> cheap = exporter.list(dir, false).toList();
    assertThat(cheap).extracting(DirEntry::name).containsExactly("Z", "a", "b", "c");
    assertThat(cheap)
        .extracting(DirEntry::kind)
        .containsExactly(
            UnixFsNode.Kind.RAW,
            UnixFsNode.Kind.UNKNOWN,
            UnixFsNode.Kind.UNKNOWN,
            UnixFsNode.Kind.UNKNOWN);
    assertThat(cheap.get(0).size()).isEqualTo(10); // a raw child's Tsize, as Kubo reports it

    List<DirEntry> resolved = exporter.list(dir, true).toList();
    assertThat(resolved)
        .extracting(DirEntry::kind)
        .containsExactly(
            UnixFsNode.Kind.RAW,
            UnixFsNode.Kind.DIRECTORY,
            UnixFsNode.Kind.FILE,
            UnixFsNode.Kind.SYMLINK);
    assertThat(resolved).extracting(DirEntry::size).containsExactly(10L, 0L, 3000L, 4L);
    assertThat(resolved.get(1).mode()).isEqualTo(0700);
    assertThat(resolved.get(1).mtime()).isEqualTo(Instant.ofEpochSecond(5));
    assertThat(resolved.get(3).symlinkTarget()).isEqualTo("file");
    assertThat(resolved).extracting(DirEntry::cid).containsExactly(raw, sub, file, link);
  }

  @Test
  void listsHamtEntriesWithoutPrefixesSortedOrInBucketOrder() {
    Map<String, Cid> entries = manyEntries(1000);
    Cid hamt = dag.hamt(entries, 256, 0755, null);
    List<String> sorted = new ArrayList<>(entries.keySet());
    sorted.sort(String::compareTo);
    assertThat(exporter.list(hamt, false).map(DirEntry::name)).containsExactlyElementsOf(sorted);
    List<DirEntry> dagOrder = exporter.listInDagOrder(hamt, true).toList();
    assertThat(dagOrder).hasSize(1000);
    for (DirEntry e : dagOrder) {
      assertThat(e.cid()).isEqualTo(entries.get(e.name()));
      assertThat(e.kind()).isEqualTo(UnixFsNode.Kind.RAW);
    }
    // Bucket order: each name's top-level bucket never decreases along the listing.
    long previous = -1;
    for (DirEntry e : dagOrder) {
      long bucket = Murmur3.hamtKey(e.name().getBytes(StandardCharsets.UTF_8)) >>> 56;
      assertThat(bucket).isGreaterThanOrEqualTo(previous);
      previous = bucket;
    }
    assertThat(exporter.stat(hamt).kind()).isEqualTo(UnixFsNode.Kind.HAMT_DIRECTORY);
  }

  @Test
  void listsTheChunksOfAFileAsKuboDoes() {
    Cid file = dag.balanced(new byte[2500], 1000, 4, true);
    List<DirEntry> chunks = exporter.list(file, false).toList();
    assertThat(chunks).hasSize(3).allMatch(e -> e.name().isEmpty());
    assertThat(exporter.list(text("x"), true)).isEmpty();
  }

  @Test
  void rejectsMalformedShards() {
    Cid leaf = text("x");
    UnixFsData wrongHash =
        new UnixFsData(UnixFsData.Type.HAMT_SHARD, null, null, List.of(), 0x12L, 256L, null, null);
    Cid a = dag.node(wrongHash, List.of(PbLink.of("00x", leaf, 1)));
    assertThatThrownBy(() -> exporter.resolve(a, "x"))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("only murmur3-x64-64 (0x22) is supported");

    UnixFsData hugeFanout =
        new UnixFsData(UnixFsData.Type.HAMT_SHARD, null, null, List.of(), 0x22L, 4096L, null, null);
    Cid b = dag.node(hugeFanout, List.of());
    assertThatThrownBy(() -> exporter.list(b, false))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("fanout 4096; it must be a power of two from 8 to 1024");

    UnixFsData ok =
        new UnixFsData(UnixFsData.Type.HAMT_SHARD, null, null, List.of(), 0x22L, 256L, null, null);
    Cid c = dag.node(ok, List.of(PbLink.of("zz-name", leaf, 1)));
    assertThatThrownBy(() -> exporter.list(c, false))
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("does not start with a 2-digit upper-case hex bucket index");

    Cid notShard = dag.directory(DagFixture.entries());
    Cid d = dag.node(ok, List.of(PbLink.of("1F", notShard, 1)));
    assertThatThrownBy(() -> exporter.listInDagOrder(d, false).toList())
        .isInstanceOf(CodecException.class)
        .hasMessageContaining("is a directory, not a HAMT shard");
  }

  @Test
  void listsASubShardLinkedFromManyBucketsOnce() {
    // Eight levels of 256 links to one sub-shard: 256^7 paths to the one entry at the bottom, in
    // eight small blocks. Kubo walks each sub-shard once; a walk of every path never ends.
    UnixFsData shard =
        new UnixFsData(UnixFsData.Type.HAMT_SHARD, null, null, List.of(), 0x22L, 256L, null, null);
    Cid level = dag.node(shard, List.of(PbLink.of("00entry", text("bottom"), 6)));
    for (int depth = 0; depth < 7; depth++) {
      List<PbLink> links = new ArrayList<>();
      for (int bucket = 0; bucket < 256; bucket++) {
        links.add(PbLink.of(String.format("%02X", bucket), level, 100));
      }
      level = dag.node(shard, links);
    }
    Cid bomb = level;
    List<DirEntry> listed =
        assertTimeoutPreemptively(
            Duration.ofSeconds(10), () -> exporter.listInDagOrder(bomb, false).toList());
    assertThat(listed).extracting(DirEntry::name).containsExactly("entry");
    assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> exporter.list(bomb, false)))
        .extracting(DirEntry::name)
        .containsExactly("entry");
  }

  @Test
  void refusesToListOtherCodecs() {
    Cid cbor = dag.put(Multicodec.DAG_CBOR, new byte[] {(byte) 0xa0});
    assertThatThrownBy(() -> exporter.list(cbor, false))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("listing dag-cbor node");
  }
}
