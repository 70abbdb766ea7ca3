package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.car.CarReader;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.spi.ForwardingBlockStore;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.UnixFsData;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Verifiable responses: raw blocks and CARs, each CAR read back and checked block by block. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TrustlessGatewayTest {
  private final BlockStore store = BlockStores.memory();
  private TestContent c;
  private TestServer s;

  @BeforeAll
  void start() {
    c = new TestContent(store);
    s = new TestServer(store);
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static String h(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  /** A CAR response read back: its roots and its blocks in order (every block hash-checked). */
  private record Car(List<Cid> roots, List<Cid> order, BlockStore blocks) {}

  private Car car(String path, String... headers) {
    HttpResponse<byte[]> r = s.get(path, headers);
    assertThat(r.statusCode()).as(path).isEqualTo(200);
    return read(r.body());
  }

  private static Car read(byte[] bytes) {
    try (CarReader reader = CarReader.open(new ByteArrayInputStream(bytes))) {
      List<Cid> order = new ArrayList<>();
      BlockStore blocks = BlockStores.memory();
      for (Block b : reader) {
        order.add(b.cid());
        blocks.put(b);
      }
      return new Car(reader.roots(), order, blocks);
    }
  }

  /** Depth-first pre-order without duplicates, as the storage module's walker gives it. */
  private List<Cid> dfs(Cid root) {
    return TestContent.dfs(store, root);
  }

  private static List<Cid> concat(List<Cid> a, List<Cid> b) {
    List<Cid> out = new ArrayList<>(a);
    out.addAll(b);
    return out;
  }

  @Test
  void rawBlockByFormatOrAccept() {
    Cid dir = c.resolve(c.files, "sub");
    byte[] block = store.get(dir).orElseThrow();
    for (HttpResponse<byte[]> r :
        List.of(
            s.get("/ipfs/" + dir + "?format=raw"),
            s.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.raw"),
            s.get("/ipfs/" + c.files + "/sub?format=raw"))) {
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo(block);
      assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipld.raw");
      assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + dir + ".bin\"");
      assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
      assertThat(h(r, "Etag")).isEqualTo("\"" + dir + ".raw\"");
      assertThat(h(r, "Content-Length")).isEqualTo(String.valueOf(block.length));
      assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=29030400, immutable");
    }
    HttpResponse<byte[]> viaAccept = s.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.raw");
    assertThat(h(viaAccept, "Content-Location")).isEqualTo("/ipfs/" + dir + "?format=raw");
    HttpResponse<byte[]> named = s.get("/ipfs/" + dir + "?format=raw&filename=foobar.bin");
    assertThat(h(named, "Content-Disposition")).isEqualTo("attachment; filename=\"foobar.bin\"");
    HttpResponse<byte[]> range = s.get("/ipfs/" + dir + "?format=raw", "Range", "bytes=6-16");
    assertThat(range.statusCode()).isEqualTo(206);
    assertThat(range.body()).isEqualTo(Arrays.copyOfRange(block, 6, 17));
    assertThat(h(range, "Content-Range")).isEqualTo("bytes 6-16/" + block.length);
  }

  @Test
  void formatParameterWinsOverAccept() {
    Cid dir = c.resolve(c.files, "sub");
    assertThat(
            h(
                s.get("/ipfs/" + dir + "?format=car", "Accept", "application/vnd.ipld.raw"),
                "Content-Type"))
        .startsWith("application/vnd.ipld.car");
    assertThat(
            h(
                s.get("/ipfs/" + dir + "?format=raw", "Accept", "application/vnd.ipld.car"),
                "Content-Type"))
        .isEqualTo("application/vnd.ipld.raw");
    // IPIP-523: even when Accept names a type this gateway does not produce.
    HttpResponse<byte[]> raw =
        s.get("/ipfs/" + dir + "?format=raw", "Accept", "application/vnd.ipld.dag-pb");
    assertThat(raw.statusCode()).isEqualTo(200);
    assertThat(h(raw, "Content-Type")).isEqualTo("application/vnd.ipld.raw");
  }

  @Test
  void acceptListsChooseByPreference() {
    Cid dir = c.resolve(c.files, "sub");
    HttpResponse<byte[]> skip =
        s.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.foo, application/vnd.ipld.raw");
    assertThat(skip.statusCode()).isEqualTo(200);
    assertThat(h(skip, "Content-Type")).isEqualTo("application/vnd.ipld.raw");
    HttpResponse<byte[]> weighed =
        s.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.car;q=0.5, application/vnd.ipld.raw");
    assertThat(h(weighed, "Content-Type")).isEqualTo("application/vnd.ipld.raw");
    // IPIP-412: the first CAR entry whose parameters are supported.
    HttpResponse<byte[]> car =
        s.get(
            "/ipfs/" + dir,
            "Accept",
            "application/vnd.ipld.car;order=foo, application/vnd.ipld.car;order=dfs;dups=y;q=0.5");
    assertThat(car.statusCode()).isEqualTo(200);
    assertThat(h(car, "Content-Type"))
        .isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=y");
    assertThat(s.get("/ipfs/" + dir, "Accept", "application/vnd.ipld.car;order=foo").statusCode())
        .isEqualTo(400);
  }

  @Test
  void contentLocationCarriesOnlyTheCarParametersAsUrlParameters() {
    HttpResponse<byte[]> car =
        s.get(
            "/ipfs/" + c.files,
            "Accept",
            "application/vnd.ipld.car;version=1;order=dfs;dups=y;q=1");
    assertThat(h(car, "Content-Location"))
        .isEqualTo("/ipfs/" + c.files + "?format=car&car-version=1&car-order=dfs&car-dups=y");
    HttpResponse<byte[]> json =
        s.get("/ipfs/" + c.files + "/meta.json", "Accept", "application/json; charset=utf-8");
    assertThat(h(json, "Content-Location"))
        .isEqualTo("/ipfs/" + c.files + "/meta.json?format=json");
    HttpResponse<byte[]> urlWins =
        s.get(
            "/ipfs/" + c.files + "?car-dups=n",
            "Accept",
            "application/vnd.ipld.car; order=unk; dups=y");
    assertThat(h(urlWins, "Content-Location"))
        .isEqualTo("/ipfs/" + c.files + "?car-dups=n&format=car&car-order=unk");
  }

  @Test
  void emptyIdentityCidProbeAnswers200() {
    for (String q : List.of("", "?format=raw")) {
      HttpResponse<byte[]> get = s.get("/ipfs/bafkqaaa" + q);
      assertThat(get.statusCode()).as(q).isEqualTo(200);
      assertThat(get.body()).isEmpty();
      assertThat(s.head("/ipfs/bafkqaaa" + q).statusCode()).isEqualTo(200);
    }
    Car car = car("/ipfs/bafkqaaa?format=car");
    assertThat(car.roots()).containsExactly(Cid.parse("bafkqaaa"));
    assertThat(car.order()).isEmpty();
    HttpResponse<byte[]> probe = s.get("/ipfs/bafkqaaa", "Accept", "application/vnd.ipld.raw");
    assertThat(probe.statusCode()).isEqualTo(200);
  }

  @Test
  void carHeadersFollowTheSpec() {
    HttpResponse<byte[]> r = s.get("/ipfs/" + c.files + "?format=car");
    assertThat(h(r, "Content-Type"))
        .isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=n");
    assertThat(h(r, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + c.files + ".car\"");
    assertThat(h(r, "X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(h(r, "Accept-Ranges")).isEqualTo("none");
    assertThat(h(r, "Cache-Control")).isEqualTo("public, max-age=29030400, immutable");
    String etag = h(r, "Etag");
    assertThat(etag).startsWith("\"" + c.files + ".car.");
    HttpResponse<byte[]> again = s.get("/ipfs/" + c.files + "?format=car", "If-None-Match", etag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(h(s.get("/ipfs/" + c.files + "?format=car&dag-scope=block"), "Etag"))
        .isNotEqualTo(etag);
    HttpResponse<byte[]> path = s.get("/ipfs/" + c.files + "/sub?format=car");
    assertThat(h(path, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + c.files + "_sub.car\"");
    HttpResponse<byte[]> viaAccept =
        s.get(
            "/ipfs/" + c.files, "Accept", "application/vnd.ipld.car; version=1; order=dfs; dups=y");
    assertThat(h(viaAccept, "Content-Type"))
        .isEqualTo("application/vnd.ipld.car; version=1; order=dfs; dups=y");
    assertThat(h(viaAccept, "Content-Location"))
        .isEqualTo("/ipfs/" + c.files + "?format=car&car-version=1&car-order=dfs&car-dups=y");
    HttpResponse<byte[]> head = s.head("/ipfs/" + c.files + "?format=car");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
  }

  @Test
  void carOfADirectoryHasEveryBlockDepthFirstOnce() {
    Car car = car("/ipfs/" + c.files + "?format=car");
    assertThat(car.roots()).containsExactly(c.files);
    assertThat(car.order()).isEqualTo(dfs(c.files));
    assertThat(new UnixFsExporter(car.blocks()).open(c.resolve(c.files, "big.bin"), 0, -1))
        .hasBinaryContent(TestContent.BIG);
  }

  @Test
  void carOfAPathStartsWithTheBlocksThePathCrosses() {
    Cid sub = c.resolve(c.files, "sub");
    Cid a = c.resolve(c.files, "sub/a.txt");
    Car car = car("/ipfs/" + c.files + "/sub/a.txt?format=car");
    assertThat(car.order()).containsExactly(c.files, sub, a);
    assertThat(car.roots()).containsExactly(a);
    Car block = car("/ipfs/" + c.files + "/sub?format=car&dag-scope=block");
    assertThat(block.order()).containsExactly(c.files, sub);
    Car entityDir = car("/ipfs/" + c.files + "/sub?format=car&dag-scope=entity");
    assertThat(entityDir.order()).containsExactly(c.files, sub);
    Car all = car("/ipfs/" + c.files + "/sub?format=car&dag-scope=all");
    assertThat(all.order()).isEqualTo(concat(List.of(c.files), dfs(sub)));
  }

  @Test
  void carThroughAShardedDirectoryCarriesOnlyTheShardsOnThePath() {
    Cid file = c.resolve(c.hamt, "file-7.txt");
    RecordingStore recording = new RecordingStore(store);
    new UnixFsExporter(recording).resolve(c.hamt, "file-7.txt");
    Car car = car("/ipfs/" + c.hamt + "/file-7.txt?format=car&dag-scope=block");
    assertThat(car.order()).isEqualTo(concat(recording.reads, List.of(file)));
    assertThat(recording.reads.size()).isGreaterThan(1); // the HAMT root and at least one sub-shard
    assertThat(new UnixFsExporter(car.blocks()).resolve(c.hamt, "file-7.txt")).isEqualTo(file);
  }

  @Test
  void entityOfAShardedDirectoryIsAllItsShardsAndNoEntries() {
    Car car = car("/ipfs/" + c.hamt + "?format=car&dag-scope=entity");
    assertThat(car.order().get(0)).isEqualTo(c.hamt);
    for (Cid cid : car.order()) {
      byte[] block = car.blocks().get(cid).orElseThrow();
      assertThat(UnixFsData.decode(DagPb.decode(block).data()).type())
          .isEqualTo(UnixFsData.Type.HAMT_SHARD);
    }
    List<String> names =
        new UnixFsExporter(car.blocks()).listInDagOrder(c.hamt, false).map(e -> e.name()).toList();
    assertThat(names).hasSize(c.hamtNames.size() + 1).containsAll(c.hamtNames);
    List<Cid> shardsInDfs = dfs(c.hamt).stream().filter(car.order()::contains).toList();
    assertThat(car.order()).isEqualTo(shardsInDfs);
  }

  @Test
  void entityOfAFileIsTheWholeFile() {
    Cid big = c.resolve(c.files, "big.bin");
    Car car = car("/ipfs/" + c.files + "/big.bin?format=car&dag-scope=entity");
    assertThat(car.order()).isEqualTo(concat(List.of(c.files), dfs(big)));
  }

  @Test
  void entityOfADocumentIsTheDocumentBlockOnly() {
    Car car = car("/ipfs/" + c.cbor + "?format=car&dag-scope=entity");
    assertThat(car.order()).containsExactly(c.cbor);
    Car all = car("/ipfs/" + c.cbor + "?format=car");
    assertThat(all.order()).isEqualTo(dfs(c.cbor));
    Car path = car("/ipfs/" + c.cborLinked + "/doc/file?format=car");
    assertThat(path.order()).containsExactly(c.cborLinked, c.cbor, c.resolve(c.files, "hello.txt"));
  }

  /**
   * entity-bytes: the CAR holds exactly the file's root, the nodes above the leaves holding the
   * range, and those leaves; and the range reads back from it.
   */
  @Test
  void entityBytesCarryOnlyTheBlocksOfTheRange() {
    Cid big = c.resolve(c.files, "big.bin");
    int n = TestContent.BIG.length;
    long[][] cases = {{0, 0}, {1000, 5000}, {n - 5, n - 1}, {0, n - 1}, {4096, 4096}, {1023, 1024}};
    String[] specs = {"0:0", "1000:5000", "-5:*", "0:*", "4096:4096", "1023:1024"};
    for (int i = 0; i < cases.length; i++) {
      long from = cases[i][0];
      long to = cases[i][1];
      Car car = car("/ipfs/" + big + "?format=car&entity-bytes=" + specs[i]);
      assertThat(car.order()).as(specs[i]).isEqualTo(expectedForRange(big, from, to));
      try (InputStream in = new UnixFsExporter(car.blocks()).open(big, from, to - from + 1)) {
        assertThat(in.readAllBytes())
            .as(specs[i])
            .isEqualTo(Arrays.copyOfRange(TestContent.BIG, (int) from, (int) to + 1));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    assertThat(car("/ipfs/" + big + "?format=car&entity-bytes=-999999:-3").order())
        .isEqualTo(expectedForRange(big, 0, n - 3));
    assertThat(car("/ipfs/" + big + "?format=car&entity-bytes=100:-99999").order())
        .containsExactly(big);
    assertThat(s.get("/ipfs/" + big + "?format=car&entity-bytes=999999:*").statusCode())
        .isEqualTo(400);
    // On a directory entity-bytes is ignored: the directory is the entity.
    assertThat(car("/ipfs/" + c.hamt + "?format=car&entity-bytes=0:10").order())
        .isEqualTo(car("/ipfs/" + c.hamt + "?format=car&dag-scope=entity").order());
  }

  /**
   * The blocks of the range found another way than the server's: walk the file DAG in pre-order
   * keeping a node when any raw leaf below it holds a byte of the range (leaf extents measured from
   * the leaves themselves).
   */
  private List<Cid> expectedForRange(Cid file, long from, long to) {
    List<Cid> out = new ArrayList<>();
    if (!keep(file, new long[] {0}, from, to, out)) {
      out.add(0, file);
    }
    return out;
  }

  /** Returns whether anything under {@code cid} was kept; advances offset[0] past its bytes. */
  private boolean keep(Cid cid, long[] offset, long from, long to, List<Cid> out) {
    byte[] block = store.get(cid).orElseThrow();
    if (cid.codec() == Multicodec.RAW.code()) {
      long start = offset[0];
      offset[0] += block.length;
      boolean hit = block.length > 0 && start <= to && offset[0] - 1 >= from;
      if (hit) {
        out.add(cid);
      }
      return hit;
    }
    int at = out.size();
    boolean any = false;
    for (var link : DagPb.decode(block).links()) {
      any |= keep(link.cid(), offset, from, to, out);
    }
    if (any) {
      out.add(at, cid);
    }
    return any;
  }

  @Test
  void duplicatesAreSentOnlyWhenAskedFor() {
    Cid ascii = c.resolve(c.dups, "ascii.txt");
    assertThat(c.resolve(c.dups, "ascii-copy.txt")).isEqualTo(ascii);
    Cid hello = c.resolve(c.dups, "hello.txt");
    Cid multi = c.resolve(c.dups, "multiblock.txt");
    List<Cid> leaves = dfs(multi).subList(1, dfs(multi).size());
    List<Cid> withDups = new ArrayList<>(List.of(c.dups, ascii, ascii, hello, multi));
    withDups.addAll(leaves);
    List<Cid> withoutDups = new ArrayList<>(List.of(c.dups, ascii, hello, multi));
    withoutDups.addAll(leaves);
    assertThat(
            car(
                    "/ipfs/" + c.dups,
                    "Accept",
                    "application/vnd.ipld.car; version=1; order=dfs; dups=y")
                .order())
        .isEqualTo(withDups);
    assertThat(
            car(
                    "/ipfs/" + c.dups,
                    "Accept",
                    "application/vnd.ipld.car; version=1; order=dfs; dups=n")
                .order())
        .isEqualTo(withoutDups);
    assertThat(
            car(
                    "/ipfs/" + c.dups + "?format=car&car-dups=y",
                    "Accept",
                    "application/vnd.ipld.car; dups=n")
                .order())
        .isEqualTo(withDups);
    HttpResponse<byte[]> unk =
        s.get("/ipfs/" + c.dups, "Accept", "application/vnd.ipld.car; order=unk");
    assertThat(h(unk, "Content-Type"))
        .isEqualTo("application/vnd.ipld.car; version=1; order=unk; dups=n");
    assertThat(new LinkedHashSet<>(read(unk.body()).order()))
        .containsExactlyInAnyOrderElementsOf(withoutDups);
    HttpResponse<byte[]> urlOrder =
        s.get(
            "/ipfs/" + c.dups + "?format=car&car-order=dfs",
            "Accept",
            "application/vnd.ipld.car; order=unk");
    assertThat(h(urlOrder, "Content-Type")).contains("order=dfs");
  }

  @Test
  void identityBlocksAreNeverWrittenEvenWithDups() {
    Car car =
        car(
            "/ipfs/bafkqaf3imvwgy3zaneqgc3janfxgy2lomvscay3jmqfa",
            "Accept",
            "application/vnd.ipld.car; dups=y");
    assertThat(car.order()).isEmpty();
  }

  @Test
  void carForContentNotHeldIs404() {
    assertThat(s.get("/ipfs/" + c.files + "/no-such?format=car").statusCode()).isEqualTo(404);
    assertThat(
            s.get("/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy?format=car")
                .statusCode())
        .isEqualTo(404);
    assertThat(s.get("/ipfs/" + c.files + "?format=car&dag-scope=everything").statusCode())
        .isEqualTo(400);
    assertThat(s.get("/ipfs/" + c.files + "?format=car&car-version=2").statusCode()).isEqualTo(400);
  }

  @Test
  void carStreamEndsEarlyWhenAChildBlockIsMissing() {
    BlockStore partial = BlockStores.memory();
    TestContent p = new TestContent(partial);
    // Larger than the first chunk of the body, so the response has started when the leaf is due.
    Cid big = p.file(TestData.bytes(5, 200 * 1024));
    List<Cid> bigBlocks = TestContent.dfs(partial, big);
    Cid leaf = bigBlocks.get(bigBlocks.size() - 1);
    partial.delete(leaf);
    Cid small = p.resolve(p.files, "big.bin");
    List<Cid> smallBlocks = TestContent.dfs(partial, small);
    partial.delete(smallBlocks.get(smallBlocks.size() - 1));
    try (TestServer server = new TestServer(partial)) {
      // Missing before anything was sent: a plain 404 naming the block.
      TestServer.Raw early = server.getWithHost("127.0.0.1", "/ipfs/" + small + "?format=car");
      assertThat(early.status()).isEqualTo(404);
      assertThat(early.text()).contains("is not held by this node");
      TestServer.Raw raw = server.getWithHost("127.0.0.1", "/ipfs/" + big + "?format=car");
      assertThat(raw.status()).isEqualTo(200);
      assertThatThrownBy(() -> read(raw.body())).isInstanceOf(RuntimeException.class);
      String wire = new String(raw.body(), java.nio.charset.StandardCharsets.ISO_8859_1);
      assertThat(wire).doesNotEndWith("0\r\n\r\n");
      assertThat(server.get("/ipfs/" + big + "?format=car&entity-bytes=0:1000").statusCode())
          .isEqualTo(200);
    }
  }

  @Test
  void codecBlocksAreServedAsTheyAreOrRefused() {
    byte[] cbor = store.get(c.cbor).orElseThrow();
    HttpResponse<byte[]> r = s.get("/ipfs/" + c.cbor);
    assertThat(r.body()).isEqualTo(cbor);
    assertThat(h(r, "Content-Type")).isEqualTo("application/vnd.ipld.dag-cbor");
    assertThat(h(r, "Etag")).isEqualTo("\"" + c.cbor + ".dag-cbor\"");
    assertThat(h(r, "Content-Disposition"))
        .isEqualTo("attachment; filename=\"" + c.cbor + ".cbor\"");
    assertThat(s.get("/ipfs/" + c.cbor + "?format=dag-cbor").body()).isEqualTo(cbor);
    assertThat(h(s.get("/ipfs/" + c.cbor + "?format=cbor"), "Content-Type"))
        .isEqualTo("application/cbor");
    assertThat(s.get("/ipfs/" + c.cbor + "?format=dag-json").statusCode()).isEqualTo(406);
    assertThat(new String(s.get("/ipfs/" + c.cbor + "?format=dag-json").body()))
        .contains("?format=raw");
    HttpResponse<byte[]> json = s.get("/ipfs/" + c.json);
    assertThat(h(json, "Content-Type")).isEqualTo("application/vnd.ipld.dag-json");
    assertThat(h(json, "Content-Disposition")).startsWith("inline;");
    assertThat(h(s.get("/ipfs/" + c.json + "?format=json"), "Content-Type"))
        .isEqualTo("application/json");
    HttpResponse<byte[]> html = s.get("/ipfs/" + c.cbor, "Accept", "text/html");
    assertThat(h(html, "Content-Type")).isEqualTo("text/html");
    assertThat(new String(html.body()))
        .contains("dag-cbor document")
        .contains("&#34;name&#34;:&#34;doc&#34;");
  }

  @Test
  void pathsThroughDocumentsFollowLinks() {
    assertThat(s.get("/ipfs/" + c.cbor + "/file").body()).isEqualTo(TestContent.HELLO);
    assertThat(s.get("/ipfs/" + c.cbor + "/list/0").body()).isEqualTo(TestContent.META);
    assertThat(s.get("/ipfs/" + c.cbor + "/dir/a.txt").body()).isEqualTo("a\n".getBytes());
    assertThat(s.get("/ipfs/" + c.cborLinked + "/doc/file").body()).isEqualTo(TestContent.HELLO);
    HttpResponse<byte[]> r = s.get("/ipfs/" + c.cborLinked + "/doc/file");
    assertThat(h(r, "X-Ipfs-Roots"))
        .isEqualTo(c.cborLinked + "," + c.cbor + "," + c.resolve(c.files, "hello.txt"));
    assertThat(s.get("/ipfs/" + c.cbor + "/name").statusCode()).isEqualTo(501);
    assertThat(s.get("/ipfs/" + c.cbor + "/missing").statusCode()).isEqualTo(404);
    assertThat(s.get("/ipfs/" + c.cbor + "/list/7").statusCode()).isEqualTo(404);
  }

  @Test
  void tarOfADirectoryHoldsItsFiles() {
    Cid sub = c.resolve(c.files, "sub");
    HttpResponse<byte[]> r = s.get("/ipfs/" + sub + "?format=tar");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h(r, "Content-Type")).isEqualTo("application/x-tar");
    assertThat(h(r, "Etag")).isEqualTo("W/\"" + sub + ".x-tar\"");
    assertThat(h(r, "Content-Disposition")).isEqualTo("attachment; filename=\"" + sub + ".tar\"");
    Map<String, byte[]> entries = Tar.read(r.body());
    assertThat(entries.keySet()).contains(sub + "/a.txt", sub + "/b.txt");
    assertThat(entries.get(sub + "/a.txt")).isEqualTo("a\n".getBytes());
    HttpResponse<byte[]> viaAccept =
        s.get("/ipfs/" + c.files + "/big.bin", "Accept", "application/x-tar");
    Cid big = c.resolve(c.files, "big.bin");
    assertThat(Tar.read(viaAccept.body()).get(big.toString())).isEqualTo(TestContent.BIG);
  }

  @Test
  void trustlessOnlyGatewayRefusesDeserializedResponses() {
    try (TestServer t =
        new TestServer(
            GatewayOptions.defaults().withDeserializedResponses(false),
            store,
            GatewayListener.NONE)) {
      Cid hello = c.resolve(c.files, "hello.txt");
      // The trustless gateway spec: 400 when no Accept (nor format) says what is wanted.
      HttpResponse<byte[]> r = t.get("/ipfs/" + hello);
      assertThat(r.statusCode()).isEqualTo(400);
      assertThat(new String(r.body())).contains("only trustless requests");
      HttpResponse<byte[]> html = t.get("/ipfs/" + hello, "Accept", "text/html");
      assertThat(html.statusCode()).isEqualTo(406);
      assertThat(new String(html.body())).contains("only trustless requests");
      // A trustless type later in the list is served.
      HttpResponse<byte[]> listed =
          t.get("/ipfs/" + hello, "Accept", "text/html, application/vnd.ipld.raw;q=0.5");
      assertThat(listed.statusCode()).isEqualTo(200);
      assertThat(listed.body()).isEqualTo(TestContent.HELLO);
      assertThat(t.get("/ipfs/" + hello + "?format=raw").body()).isEqualTo(TestContent.HELLO);
      assertThat(t.get("/ipfs/" + c.files + "/hello.txt?format=raw").statusCode()).isEqualTo(406);
      assertThat(t.get("/ipfs/" + c.files + "/hello.txt?format=car").statusCode()).isEqualTo(200);
      assertThat(t.get("/ipfs/" + c.files + "/?format=tar").statusCode()).isEqualTo(406);
    }
  }

  /** A store that records the blocks read through it. */
  private static final class RecordingStore extends ForwardingBlockStore {
    final List<Cid> reads = new ArrayList<>();

    RecordingStore(BlockStore store) {
      super(store);
    }

    @Override
    public java.util.Optional<byte[]> get(Cid cid) {
      reads.add(cid);
      return super.get(cid);
    }
  }
}
