package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.retrieval.GatewayListener;
import io.cairn.retrieval.GatewayOptions;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Deserialized responses of the path gateway over a real connection. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PathGatewayTest {
  private static final String IMMUTABLE = "public, max-age=29030400, immutable";

  private final BlockStore store = BlockStores.memory();
  private final List<String> events = new CopyOnWriteArrayList<>();
  private TestContent c;
  private TestServer s;
  private String root;

  @BeforeAll
  void start() {
    c = new TestContent(store);
    GatewayListener listener =
        (method, status, bytes, nanos, kind) ->
            events.add(method + " " + status + " " + kind + " " + bytes);
    s = new TestServer(GatewayOptions.defaults(), store, listener);
    root = "/ipfs/" + c.files;
  }

  @AfterAll
  void stop() {
    s.close();
  }

  private static String h(HttpResponse<?> r, String name) {
    return r.headers().firstValue(name).orElse(null);
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesAFileWithCachingAndPathHeaders() {
    HttpResponse<byte[]> r = s.get(root + "/hello.txt");
    Cid file = c.resolve(c.files, "hello.txt");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
    assertThat(h(r, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    assertThat(h(r, "Content-Length")).isEqualTo("12");
    assertThat(h(r, "Etag")).isEqualTo("\"" + file + "\"");
    assertThat(h(r, "Cache-Control")).isEqualTo(IMMUTABLE);
    assertThat(h(r, "X-Ipfs-Path")).isEqualTo(root + "/hello.txt");
    assertThat(h(r, "X-Ipfs-Roots")).isEqualTo(c.files + "," + file);
    assertThat(h(r, "Accept-Ranges")).isEqualTo("bytes");
    assertThat(h(r, "Access-Control-Allow-Origin")).isEqualTo("*");
    assertThat(h(r, "Date")).isNotBlank();
  }

  @Test
  void headSendsTheHeadersOfGetWithoutABody() {
    HttpResponse<byte[]> get = s.get(root + "/big.bin");
    HttpResponse<byte[]> head = s.head(root + "/big.bin");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.body()).isEmpty();
    assertThat(h(head, "Content-Length")).isEqualTo(String.valueOf(TestContent.BIG.length));
    for (String name : List.of("Content-Type", "Etag", "Cache-Control", "X-Ipfs-Roots")) {
      assertThat(h(head, name)).as(name).isEqualTo(h(get, name));
    }
    assertThat(s.head(root + "/nothing-here").statusCode()).isEqualTo(404);
  }

  @Test
  void typesContentByNameThenByMagicBytes() {
    assertThat(h(s.get(root + "/image.png"), "Content-Type")).isEqualTo("image/png");
    assertThat(h(s.get(root + "/meta.json"), "Content-Type")).isEqualTo("application/json");
    assertThat(h(s.get(root + "/photo"), "Content-Type")).isEqualTo("image/png");
    assertThat(h(s.get(root + "/page"), "Content-Type")).isEqualTo("text/html");
    assertThat(h(s.get(root + "/metadata"), "Content-Type")).isEqualTo("application/json");
    assertThat(h(s.get(root + "/drawing"), "Content-Type")).isEqualTo("image/svg+xml");
    assertThat(h(s.head(root + "/photo"), "Content-Type")).isEqualTo("image/png");
    // A CID without a name is sniffed too.
    assertThat(h(s.get("/ipfs/" + c.resolve(c.files, "image.png")), "Content-Type"))
        .isEqualTo("image/png");
    // The filename parameter names the content.
    assertThat(h(s.get(root + "/photo?filename=x.jpg"), "Content-Type")).isEqualTo("image/jpeg");
  }

  @Test
  void servesMultiLevelFilesWholeAndByRange() {
    HttpResponse<byte[]> whole = s.get(root + "/big.bin");
    assertThat(whole.body()).isEqualTo(TestContent.BIG);
    HttpResponse<byte[]> r = s.get(root + "/big.bin", "Range", "bytes=1000-9000");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(h(r, "Content-Range")).isEqualTo("bytes 1000-9000/" + TestContent.BIG.length);
    assertThat(h(r, "Content-Length")).isEqualTo("8001");
    assertThat(r.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, 1000, 9001));
    Cid big = c.resolve(c.files, "big.bin");
    assertThat(h(r, "Etag")).isEqualTo("\"" + big + ".1000-9000\"");
    HttpResponse<byte[]> tail = s.get(root + "/big.bin", "Range", "bytes=-100");
    int n = TestContent.BIG.length;
    assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, n - 100, n));
    assertThat(h(tail, "Content-Range")).isEqualTo("bytes " + (n - 100) + "-" + (n - 1) + "/" + n);
    HttpResponse<byte[]> open = s.get(root + "/big.bin", "Range", "bytes=40000-");
    assertThat(open.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, 40000, n));
    HttpResponse<byte[]> small = s.get(root + "/hello.txt", "Range", "bytes=6-10");
    assertThat(text(small)).isEqualTo("world");
  }

  @Test
  void unsatisfiableRangeIs416AndAnEmptyFileIgnoresRanges() {
    HttpResponse<byte[]> r = s.get(root + "/big.bin", "Range", "bytes=999999-");
    assertThat(r.statusCode()).isEqualTo(416);
    assertThat(h(r, "Content-Range")).isEqualTo("bytes */" + TestContent.BIG.length);
    assertThat(s.get(root + "/hello.txt", "Range", "bytes=x-y").statusCode()).isEqualTo(400);
    HttpResponse<byte[]> empty = s.get(root + "/empty.txt", "Range", "bytes=0-10");
    assertThat(empty.statusCode()).isEqualTo(200);
    assertThat(empty.body()).isEmpty();
  }

  @Test
  void ifRangeWithAnotherTagSendsTheWholeFile() {
    HttpResponse<byte[]> r =
        s.get(root + "/hello.txt", "Range", "bytes=0-1", "If-Range", "\"other\"");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.HELLO);
  }

  @Test
  void matchingIfNoneMatchIs304WithoutABody() {
    String etag = "\"" + c.resolve(c.files, "hello.txt") + "\"";
    for (String inm : List.of(etag, "W/" + etag, "\"a\", \"b\", " + etag, "*")) {
      HttpResponse<byte[]> r = s.get(root + "/hello.txt", "If-None-Match", inm);
      assertThat(r.statusCode()).as(inm).isEqualTo(304);
      assertThat(r.body()).isEmpty();
      assertThat(h(r, "Etag")).isEqualTo(etag);
      assertThat(h(r, "Cache-Control")).isEqualTo(IMMUTABLE);
    }
    assertThat(s.get(root + "/hello.txt", "If-None-Match", "\"other\"").statusCode())
        .isEqualTo(200);
    String listing = h(s.get(root + "/sub/"), "Etag");
    assertThat(s.get(root + "/sub/", "If-None-Match", listing).statusCode()).isEqualTo(304);
    String raw = h(s.get(root + "/hello.txt?format=raw"), "Etag");
    assertThat(raw).endsWith(".raw\"");
    assertThat(s.get(root + "/hello.txt?format=raw", "If-None-Match", raw).statusCode())
        .isEqualTo(304);
  }

  @Test
  void ifNoneMatchOfARangeComparesTheRangesTag() {
    Cid big = c.resolve(c.files, "big.bin");
    HttpResponse<byte[]> first = s.get(root + "/big.bin", "Range", "bytes=0-3");
    String rangeTag = h(first, "Etag");
    assertThat(rangeTag).isEqualTo("\"" + big + ".0-3\"");
    HttpResponse<byte[]> again =
        s.get(root + "/big.bin", "Range", "bytes=0-3", "If-None-Match", rangeTag);
    assertThat(again.statusCode()).isEqualTo(304);
    assertThat(again.body()).isEmpty();
    assertThat(h(again, "Etag")).isEqualTo(rangeTag);
    // The whole file's tag is not the tag of a range of it.
    HttpResponse<byte[]> other =
        s.get(root + "/big.bin", "Range", "bytes=0-3", "If-None-Match", "\"" + big + "\"");
    assertThat(other.statusCode()).isEqualTo(206);
    assertThat(other.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, 0, 4));
    String raw = h(s.get("/ipfs/" + big + "?format=raw", "Range", "bytes=2-5"), "Etag");
    assertThat(raw).isEqualTo("\"" + big + ".raw.2-5\"");
    assertThat(
            s.get("/ipfs/" + big + "?format=raw", "Range", "bytes=2-5", "If-None-Match", raw)
                .statusCode())
        .isEqualTo(304);
  }

  @Test
  void ifNoneMatchStarIs404ForContentNotHeld() {
    String absent = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    assertThat(s.get(absent, "If-None-Match", "*").statusCode()).isEqualTo(404);
    assertThat(s.get(absent + "?format=raw", "If-None-Match", "*").statusCode()).isEqualTo(404);
    assertThat(s.get(root + "/hello.txt", "If-None-Match", "*").statusCode()).isEqualTo(304);
  }

  @Test
  void rangesOfOtherUnitsOrInvalidAreIgnoredAndTheFirstSatisfiableIsServed() {
    for (String range : List.of("items=0-1", "bytes=5-2")) {
      HttpResponse<byte[]> r = s.get(root + "/hello.txt", "Range", range);
      assertThat(r.statusCode()).as(range).isEqualTo(200);
      assertThat(r.body()).as(range).isEqualTo(TestContent.HELLO);
    }
    HttpResponse<byte[]> r = s.get(root + "/hello.txt", "Range", "bytes=100-200,0-1");
    assertThat(r.statusCode()).isEqualTo(206);
    assertThat(text(r)).isEqualTo("he");
    assertThat(h(r, "Content-Range")).isEqualTo("bytes 0-1/12");
  }

  @Test
  void aRangeWhoseLeafIsMissingIsAnErrorBeforeTheResponseStarts() {
    BlockStore partial = BlockStores.memory();
    TestContent p = new TestContent(partial);
    Cid big = p.resolve(p.files, "big.bin");
    // Depth first, the last block is the leaf that holds the file's last bytes.
    List<Cid> blocks = TestContent.dfs(partial, big);
    Cid last = blocks.get(blocks.size() - 1);
    partial.delete(last);
    try (TestServer server = new TestServer(partial)) {
      TestServer.Raw raw = server.getWithHost("127.0.0.1", "/ipfs/" + big, "Range", "bytes=-10");
      assertThat(raw.status()).isEqualTo(404);
      assertThat(raw.text()).contains(last.toString());
      assertThat(server.get("/ipfs/" + big, "Range", "bytes=0-9").statusCode()).isEqualTo(206);
    }
  }

  @Test
  void aRangeNeedsOnlyItsOwnLeavesWhenTheNameGivesNoType() {
    // A file reached by its CID has no name to type it by. Sniffing its first 3 KiB read leaves
    // outside the range, so a range of a file whose other leaves are missing was a 404
    // (gateway-conformance TestGatewayUnixFSFileRanges, file-3k-and-3-blocks-missing-block).
    BlockStore partial = BlockStores.memory();
    TestContent p = new TestContent(partial);
    Cid big = p.resolve(p.files, "big.bin");
    List<Cid> leaves =
        TestContent.dfs(partial, big).stream().filter(b -> b.isCodec(Multicodec.RAW)).toList();
    // As in the conformance fixture: the second of the file's 1 KiB leaves is missing.
    partial.delete(leaves.get(1));
    try (TestServer server = new TestServer(partial)) {
      HttpResponse<byte[]> before = server.get("/ipfs/" + big, "Range", "bytes=2100-2101");
      assertThat(before.statusCode()).isEqualTo(206);
      assertThat(h(before, "Content-Range")).isEqualTo("bytes 2100-2101/" + TestContent.BIG.length);
      assertThat(before.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, 2100, 2102));
      // No type: one sniffed from bytes outside the range would need them.
      assertThat(h(before, "Content-Type")).isNull();
      HttpResponse<byte[]> after = server.get("/ipfs/" + big, "Range", "bytes=997-1000");
      assertThat(after.statusCode()).isEqualTo(206);
      assertThat(after.body()).isEqualTo(Arrays.copyOfRange(TestContent.BIG, 997, 1001));
      // A name still types a range, and a range from the start is sniffed as the whole file is.
      HttpResponse<byte[]> named =
          server.get("/ipfs/" + big + "?filename=big.txt", "Range", "bytes=2100-2101");
      assertThat(h(named, "Content-Type")).isEqualTo("text/plain; charset=utf-8");
    }
    HttpResponse<byte[]> start = s.get("/ipfs/" + c.resolve(c.files, "page"), "Range", "bytes=0-3");
    assertThat(start.statusCode()).isEqualTo(206);
    assertThat(h(start, "Content-Type")).isEqualTo("text/html");
  }

  @Test
  void directoryWithoutTrailingSlashRedirects() {
    HttpResponse<byte[]> r = s.get(root + "/sub?x=1");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(h(r, "Location")).isEqualTo(root + "/sub/?x=1");
    HttpResponse<byte[]> u = s.get(root + "/%C4%85/%C4%99");
    assertThat(h(u, "Location")).isEqualTo(root + "/%C4%85/%C4%99/");
    assertThat(s.get(root).statusCode()).isEqualTo(301);
  }

  @Test
  void servesIndexHtmlOfADirectory() {
    HttpResponse<byte[]> r = s.get(root + "/site/");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(TestContent.PAGE);
    assertThat(h(r, "Content-Type")).isEqualTo("text/html");
    assertThat(h(r, "Etag")).isEqualTo("\"" + c.resolve(c.files, "site") + "\"");
    assertThat(h(r, "Cache-Control")).isEqualTo(IMMUTABLE);
  }

  @Test
  void listsADirectoryWithoutIndexHtml() {
    HttpResponse<byte[]> r = s.get(root + "/sub/");
    Cid sub = c.resolve(c.files, "sub");
    Cid a = c.resolve(c.files, "sub/a.txt");
    String html = text(r);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(h(r, "Content-Type")).isEqualTo("text/html");
    assertThat(h(r, "Etag")).startsWith("\"DirIndex-").endsWith("_CID-" + sub + "\"");
    assertThat(h(r, "Cache-Control"))
        .isEqualTo("public, max-age=604800, stale-while-revalidate=2678400");
    assertThat(html)
        .contains("Index of")
        .contains("<a href=\"" + root + "/sub/a.txt\">a.txt</a>")
        .contains("<a href=\"" + root + "/sub/b.txt\">b.txt</a>")
        .contains("href=\"/ipfs/" + a + "?filename=a.txt\"")
        .contains("<a href=\"" + root + "/sub/..\">..</a>")
        .contains("<td class=\"size\">2 B</td>")
        .contains(
            "/ipfs/<a href=\""
                + root
                + "\">"
                + c.files
                + "</a>/<a href=\""
                + root
                + "/sub\">sub</a>");
    String top = text(s.get(root + "/"));
    assertThat(top).contains("hello.txt").doesNotContain("\">..</a>");
    String unicode = text(s.get(root + "/%C4%85/%C4%99/"));
    assertThat(unicode)
        .contains("<a href=\"" + root + "/%C4%85/%C4%99/file-%C5%BA%C5%82.txt\">file-źł.txt</a>")
        .contains("<a href=\"" + root + "/%C4%85/%C4%99/..\">..</a>");
  }

  @Test
  void servesAndListsShardedDirectories() {
    HttpResponse<byte[]> file = s.get("/ipfs/" + c.hamt + "/file-42.txt");
    assertThat(text(file)).isEqualTo("entry 42\n");
    assertThat(s.get("/ipfs/" + c.hamt + "/big.bin").body()).isEqualTo(TestContent.BIG);
    String html = text(s.get("/ipfs/" + c.hamt + "/"));
    for (String name : c.hamtNames) {
      assertThat(html).contains(">" + name + "</a>");
    }
    assertThat(s.get("/ipfs/" + c.hamt + "/file-999.txt").statusCode()).isEqualTo(404);
  }

  @Test
  void filenameAndDownloadSetContentDisposition() {
    assertThat(h(s.get(root + "/hello.txt?filename=greeting.txt"), "Content-Disposition"))
        .isEqualTo("inline; filename=\"greeting.txt\"");
    assertThat(
            h(
                s.get(root + "/hello.txt?filename=greeting.txt&download=true"),
                "Content-Disposition"))
        .isEqualTo("attachment; filename=\"greeting.txt\"");
    assertThat(h(s.get(root + "/hello.txt?download=true"), "Content-Disposition"))
        .isEqualTo("attachment; filename=\"hello.txt\"");
    assertThat(
            h(
                s.get(root + "/hello.txt?filename=test%D1%82%D0%B5%D1%81%D1%82.pdf"),
                "Content-Disposition"))
        .isEqualTo(
            "inline; filename=\"test____.pdf\"; filename*=UTF-8''test%D1%82%D0%B5%D1%81%D1%82.pdf");
    assertThat(h(s.get(root + "/hello.txt"), "Content-Disposition")).isNull();
  }

  @Test
  void servesASymlinkAsItsTarget() {
    HttpResponse<byte[]> r = s.get(root + "/link");
    assertThat(text(r)).isEqualTo("hello.txt");
    assertThat(h(r, "Content-Type")).isEqualTo("inode/symlink");
  }

  @Test
  void badCidsAndPathsAre400() {
    HttpResponse<byte[]> r = s.get("/ipfs/QmInvalidCID");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(text(r)).contains("invalid path \"/ipfs/QmInvalidCID\"");
    assertThat(s.get("/ipfs/bafyXYZ/a").statusCode()).isEqualTo(400);
    assertThat(s.get("/ipfs/").statusCode()).isEqualTo(400);
    assertThat(s.get(root + "/..%2F..%2F").statusCode()).isEqualTo(400);
    assertThat(s.get(root + "/../..").statusCode()).isIn(400, 404);
    TestServer.Raw badEscape = s.getWithHost("127.0.0.1", root + "/%zz");
    assertThat(badEscape.status()).isEqualTo(400);
    assertThat(badEscape.text()).contains("malformed percent-encoding");
    assertThat(s.get(root + "/hello.txt?format=nope").statusCode()).isEqualTo(400);
  }

  @Test
  void contentNotHeldIs404AndMissingPathsSayWhat() {
    String absent = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    HttpResponse<byte[]> r = s.get("/ipfs/" + absent);
    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(text(r)).contains(absent);
    HttpResponse<byte[]> p = s.get(root + "/no/such/file");
    assertThat(p.statusCode()).isEqualTo(404);
    assertThat(text(p)).contains("no link named \"no\"");
    assertThat(s.get("/").statusCode()).isEqualTo(404);
    assertThat(s.get("/favicon.ico").statusCode()).isEqualTo(404);
  }

  @Test
  void otherMethodsAre405AndOptionsAnswersCors() {
    for (String m : List.of("POST", "PUT", "DELETE", "PATCH")) {
      HttpResponse<byte[]> r = s.send(m, root + "/hello.txt");
      assertThat(r.statusCode()).as(m).isEqualTo(405);
      assertThat(h(r, "Allow")).isEqualTo("GET, HEAD, OPTIONS");
    }
    HttpResponse<byte[]> o = s.send("OPTIONS", root + "/hello.txt");
    assertThat(o.statusCode()).isEqualTo(200);
    assertThat(h(o, "Access-Control-Allow-Methods"))
        .contains("GET")
        .contains("HEAD")
        .contains("OPTIONS");
    assertThat(h(o, "Access-Control-Allow-Headers")).contains("Range");
    assertThat(h(o, "Access-Control-Expose-Headers"))
        .contains("X-Ipfs-Path")
        .contains("Content-Range");
  }

  @Test
  void onlyIfCachedIs412ForContentNotHeld() {
    String absent = "/ipfs/bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    assertThat(s.get(absent, "Cache-Control", "only-if-cached").statusCode()).isEqualTo(412);
    HttpResponse<byte[]> head = s.head(absent, "Cache-Control", "only-if-cached");
    assertThat(head.statusCode()).isEqualTo(412);
    assertThat(s.get(root + "/nope", "Cache-Control", "only-if-cached").statusCode())
        .isEqualTo(412);
    assertThat(s.head(root + "/hello.txt", "Cache-Control", "only-if-cached").statusCode())
        .isEqualTo(200);
    HttpResponse<byte[]> get = s.get(root + "/hello.txt", "Cache-Control", "only-if-cached");
    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(TestContent.HELLO);
  }

  @Test
  void unsatisfiableFormatsAre406() {
    assertThat(s.get(root + "/hello.txt", "Accept", "application/vnd.ipld.dag-json").statusCode())
        .isEqualTo(406);
    assertThat(s.get(root + "/hello.txt?format=dag-cbor").statusCode()).isEqualTo(406);
    assertThat(s.get(root + "/hello.txt", "Accept", "application/vnd.ipld.unknown").statusCode())
        .isEqualTo(406);
    assertThat(s.get(root + "/sub/?format=json").statusCode()).isEqualTo(406);
    assertThat(s.get("/ipfs/" + c.cbor + "?format=tar").statusCode()).isEqualTo(406);
    HttpResponse<byte[]> json = s.get(root + "/meta.json?format=json");
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(h(json, "Content-Type")).isEqualTo("application/json");
  }

  @Test
  void genericAcceptListsGetTheContentAsItIs() {
    // axios's default Accept: JSON is preferred, anything is acceptable.
    String axios = "application/json, text/plain, */*";
    HttpResponse<byte[]> image = s.get(root + "/image.png", "Accept", axios);
    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(h(image, "Content-Type")).isEqualTo("image/png");
    assertThat(h(image, "Content-Location")).isNull();
    assertThat(h(image, "Vary")).isEqualTo("Accept");
    HttpResponse<byte[]> textFile =
        s.get("/ipfs/" + c.resolve(c.files, "hello.txt"), "Accept", axios);
    assertThat(textFile.statusCode()).isEqualTo(200);
    assertThat(textFile.body()).isEqualTo(TestContent.HELLO);
    HttpResponse<byte[]> dir = s.get(root + "/sub/", "Accept", axios);
    assertThat(dir.statusCode()).isEqualTo(200);
    assertThat(h(dir, "Content-Type")).isEqualTo("text/html");
    HttpResponse<byte[]> json = s.get(root + "/meta.json", "Accept", axios);
    assertThat(json.statusCode()).isEqualTo(200);
    assertThat(h(json, "Content-Type")).isEqualTo("application/json");
    assertThat(h(json, "Content-Location")).isEqualTo(root + "/meta.json?format=json");
    // A JSON-only Accept still cannot have an image.
    assertThat(s.get(root + "/image.png", "Accept", "application/json").statusCode())
        .isEqualTo(406);
    assertThat(s.get(root + "/image.png?format=json", "Accept", "*/*").statusCode()).isEqualTo(406);
  }

  @Test
  void varyAcceptOnlyWhereAcceptChoosesTheResponse() {
    assertThat(h(s.get(root + "/hello.txt"), "Vary")).isEqualTo("Accept");
    assertThat(h(s.get(root + "/hello.txt", "Accept", "application/vnd.ipld.raw"), "Vary"))
        .isEqualTo("Accept");
    String etag = "\"" + c.resolve(c.files, "hello.txt") + "\"";
    assertThat(h(s.get(root + "/hello.txt", "If-None-Match", etag), "Vary")).isEqualTo("Accept");
    assertThat(h(s.get(root + "/hello.txt?format=raw"), "Vary")).isNull();
  }

  @Test
  void doubledNamespaceAndServiceWorkerScopes() {
    HttpResponse<byte[]> r = s.get("/ipfs" + root + "/hello.txt?a=b");
    assertThat(r.statusCode()).isEqualTo(301);
    assertThat(h(r, "Location")).isEqualTo(root + "/hello.txt?a=b");
    assertThat(s.get(root, "Service-Worker", "script").statusCode()).isEqualTo(400);
    // a domain: this server resolves no names
    assertThat(s.get("/ipns/example.com/").statusCode()).isEqualTo(500);
  }

  @Test
  void tellsTheListenerAboutEveryRequest() throws InterruptedException {
    HttpResponse<byte[]> file = s.get(root + "/hello.txt?listener=1");
    HttpResponse<byte[]> raw = s.get(root + "/hello.txt?format=raw&listener=1");
    HttpResponse<byte[]> redirect = s.get(root + "/sub?listener=1");
    HttpResponse<byte[]> error = s.get("/ipfs/QmInvalidCID?listener=1");
    HttpResponse<byte[]> car = s.get(root + "/sub/?format=car&listener=1");
    List<String> expected =
        List.of(
            "GET 200 path " + file.body().length,
            "GET 200 raw " + raw.body().length,
            "GET 301 redirect " + redirect.body().length,
            "GET 400 error " + error.body().length,
            "GET 200 car " + car.body().length);
    long deadline = System.currentTimeMillis() + 5000;
    while (!events.containsAll(expected) && System.currentTimeMillis() < deadline) {
      Thread.sleep(10);
    }
    assertThat(events).containsAll(expected);
  }
}
