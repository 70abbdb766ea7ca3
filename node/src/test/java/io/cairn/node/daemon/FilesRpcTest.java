package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code files} commands on the wire: their paths, options, output shapes and errors. */
class FilesRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String EMPTY_DIR = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

  @TempDir Path dir;
  private Daemon daemon;

  @BeforeEach
  void start() {
    daemon = RpcWireTest.quietDaemon(dir);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private RawHttp post(String target) throws IOException {
    return RawHttp.api(daemon, target);
  }

  private JsonNode ok(String target) throws IOException {
    RawHttp r = post(target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    assertThat(r.trailers()).as("%s", target).doesNotContainKey("x-stream-error");
    return r.body().length == 0 ? null : JSON.readTree(r.body());
  }

  private String text(String target) throws IOException {
    RawHttp r = post(target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    return r.bodyText();
  }

  private String error(String target, int status) throws IOException {
    RawHttp r = post(target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(status);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  /** Adds {@code text} unpinned with {@code add} and returns its CID. */
  private String add(String text) throws IOException {
    RawHttp r =
        RawHttp.apiUpload(daemon, "add?pin=false", "f.txt", text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.bodyText().strip()).get("Hash").asText();
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String hashOf(String path) throws IOException {
    return ok("files/stat?arg=" + q(path)).get("Hash").asText();
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  @Test
  void lsListsNamesOnlyUnlessLongAndAFilePathListsTheFile() throws IOException {
    String foo = add("foo\n");
    assertThat(ok("files/ls").toString()).isEqualTo("{\"Entries\":null}");
    assertThat(ok("files/mkdir?arg=/cats")).isNull();
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/cats/file1");
    ok("files/mkdir?arg=/cats/this&parents=true");

    assertThat(ok("files/ls").toString())
        .isEqualTo("{\"Entries\":[{\"Name\":\"cats\",\"Type\":0,\"Size\":0,\"Hash\":\"\"}]}");
    JsonNode cats = ok("files/ls?arg=/cats&long=true").get("Entries");
    assertThat(cats).hasSize(2);
    assertThat(cats.get(0).toString())
        .isEqualTo("{\"Name\":\"file1\",\"Type\":0,\"Size\":4,\"Hash\":\"" + foo + "\"}");
    assertThat(cats.get(1).toString())
        .isEqualTo(
            "{\"Name\":\"this\",\"Type\":1,\"Size\":0,\"Hash\":\"" + hashOf("/cats/this") + "\"}");
    assertThat(ok("files/ls?arg=/cats/this&l=true").toString()).isEqualTo("{\"Entries\":null}");
    assertThat(ok("files/ls?arg=/cats/file1&l=true").toString())
        .isEqualTo(
            "{\"Entries\":[{\"Name\":\"file1\",\"Type\":0,\"Size\":4,\"Hash\":\"" + foo + "\"}]}");
    assertThat(ok("files/ls?arg=/cats/file1").toString())
        .isEqualTo("{\"Entries\":[{\"Name\":\"file1\",\"Type\":0,\"Size\":0,\"Hash\":\"\"}]}");
    assertThat(
            ok("files/ls?arg=/cats/file1&long=true&cid-base=base32").at("/Entries/0/Hash").asText())
        .isEqualTo(Cid.parse(foo).toV1().toString());
    // Kubo's -U only changes the CLI's order
    assertThat(ok("files/ls?arg=/cats&U=true").at("/Entries/0/Name").asText()).isEqualTo("file1");

    assertThat(error("files/ls?arg=/nope", 500)).isEqualTo("file does not exist");
    assertThat(error("files/ls?arg=cats", 500)).isEqualTo("paths must start with a leading slash");
    assertThat(error("files/ls?flush=maybe", 400))
        .isEqualTo("option 'flush' must be a boolean, not \"maybe\"");
  }

  @Test
  void statAnswersKubosFieldsForMfsAndContentPaths() throws IOException {
    JsonNode root = ok("files/stat?arg=/");
    assertThat(fieldNames(root))
        .containsExactly("Hash", "Size", "CumulativeSize", "Blocks", "Type");
    assertThat(root.get("Hash").asText()).isEqualTo(EMPTY_DIR);
    assertThat(root.get("Type").asText()).isEqualTo("directory");
    assertThat(root.get("CumulativeSize").asLong()).isEqualTo(4);

    String foo = add("foo\n");
    ok("files/cp?arg=" + q("ipfs://" + foo) + "&arg=/file1");
    JsonNode file = ok("files/stat?arg=/file1");
    assertThat(file.get("Hash").asText()).isEqualTo(foo);
    assertThat(file.get("Size").asLong()).isEqualTo(4);
    assertThat(file.get("Blocks").asInt()).isZero();
    assertThat(file.get("Type").asText()).isEqualTo("file");
    JsonNode top = ok("files/stat?arg=/");
    assertThat(top.get("Blocks").asInt()).isEqualTo(1);
    assertThat(top.get("Size").asLong()).isZero();

    // a content path, in each of Kubo's forms, and --cid-base
    assertThat(ok("files/stat?arg=/ipfs/" + top.get("Hash").asText() + "/file1")).isEqualTo(file);
    assertThat(ok("files/stat?arg=" + q("ipfs://" + foo))).isEqualTo(file);
    assertThat(ok("files/stat?arg=/file1&cid-base=base32").get("Hash").asText())
        .isEqualTo(Cid.parse(foo).toV1().toString());

    JsonNode local = ok("files/stat?arg=/&with-local=true");
    assertThat(fieldNames(local))
        .containsExactly(
            "Hash",
            "Size",
            "CumulativeSize",
            "Blocks",
            "Type",
            "WithLocality",
            "Local",
            "SizeLocal");
    assertThat(local.get("Local").asBoolean()).isTrue();
    assertThat(local.get("SizeLocal").asLong()).isEqualTo(local.get("CumulativeSize").asLong());
  }

  @Test
  void withLocalCountsOnlyTheBlocksThisNodeHolds() throws IOException {
    String foo = add("foo\n");
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/kept");
    String missing = "QmWmyoMoctfbAaiEs2G46gpeUmhqFRDW6KWo64y5r581Vz"; // a file no one holds
    RawHttp put =
        RawHttp.apiUpload(
            daemon,
            "dag/put?input-codec=dag-json&store-codec=dag-pb",
            "d.json",
            ("{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[{\"Hash\":{\"/\":\""
                    + missing
                    + "\"},\"Name\":\"gone\",\"Tsize\":100},{\"Hash\":{\"/\":\""
                    + foo
                    + "\"},\"Name\":\"kept\",\"Tsize\":12}]}")
                .getBytes(StandardCharsets.UTF_8));
    assertThat(put.status()).as(put.bodyText()).isEqualTo(200);
    String partial = JSON.readTree(put.body()).at("/Cid/~1").asText();
    JsonNode stat = ok("files/stat?arg=/ipfs/" + partial + "&with-local=true&offline=true");
    assertThat(stat.get("WithLocality").asBoolean()).isTrue();
    assertThat(stat.has("Local")).as("Local is left out when false, as in Kubo").isFalse();
    long rootBlock = stat.get("CumulativeSize").asLong() - 112;
    assertThat(stat.get("SizeLocal").asLong()).isEqualTo(rootBlock + 12);
  }

  @Test
  void statRefusesMoreThanOneFormatOption() throws IOException {
    String message =
        "invalid parameters: format was set by multiple options. Only one format option is allowed";
    assertThat(error("files/stat?arg=/&hash=true&size=true", 400)).isEqualTo(message);
    assertThat(error("files/stat?arg=/&hash=true&format=" + q("<type>"), 400)).isEqualTo(message);
    assertThat(ok("files/stat?arg=/&hash=true").get("Hash").asText()).isEqualTo(EMPTY_DIR);
    assertThat(error("files/stat", 400)).isEqualTo("argument \"path\" is required");
    assertThat(error("files/stat?arg=/nope", 500)).isEqualTo("file does not exist");
  }

  @Test
  void chmodAndTouchShowInStatAsKuboWritesThem() throws IOException {
    ok("files/mkdir?arg=/d");
    ok("files/cp?arg=/ipfs/" + add("foo\n") + "&arg=/d/f");
    ok("files/chmod?arg=0644&arg=/d/f");
    ok("files/touch?arg=/d/f&mtime=1630937926&mtime-nsecs=5");
    JsonNode f = ok("files/stat?arg=/d/f");
    assertThat(fieldNames(f))
        .containsExactly(
            "Hash", "Size", "CumulativeSize", "Blocks", "Type", "Mtime", "MtimeNsecs", "Mode");
    assertThat(f.get("Mode").asText()).isEqualTo("0644");
    assertThat(f.get("Mtime").asLong()).isEqualTo(1630937926L);
    assertThat(f.get("MtimeNsecs").asInt()).isEqualTo(5);
    assertThat(f.get("Size").asLong()).isEqualTo(4);

    ok("files/chmod?arg=755&arg=/d");
    // Go's os.FileMode of a directory: ModeDir (1 << 31) with the permission bits
    assertThat(ok("files/stat?arg=/d").get("Mode").asText()).isEqualTo("20000000755");
    assertThat(error("files/chmod?arg=rw&arg=/d", 500))
        .isEqualTo("strconv.ParseInt: parsing \"rw\": invalid syntax");
    assertThat(error("files/chmod?arg=0644&arg=/nope", 500)).isEqualTo("file does not exist");
  }

  @Test
  void readStreamsARangeWithKubosErrors() throws IOException {
    ok("files/cp?arg=/ipfs/" + add("foo\n") + "&arg=/f");
    ok("files/mkdir?arg=/d");
    assertThat(text("files/read?arg=/f")).isEqualTo("foo\n");
    assertThat(text("files/read?arg=/f&offset=1")).isEqualTo("oo\n");
    assertThat(text("files/read?arg=/f&o=2&n=1")).isEqualTo("o");
    assertThat(text("files/read?arg=/f&count=0")).isEmpty();
    assertThat(text("files/read?arg=/f&count=200")).isEqualTo("foo\n");
    assertThat(text("files/read?arg=/f&offset=4")).isEmpty();

    assertThat(error("files/read?arg=/f&offset=-3", 500))
        .isEqualTo("cannot specify negative offset");
    assertThat(error("files/read?arg=/f&offset=5", 500))
        .isEqualTo("offset was past end of file (5 > 4)");
    assertThat(error("files/read?arg=/f&count=-1", 500))
        .isEqualTo("cannot specify negative 'count'");
    assertThat(error("files/read?arg=/d", 500)).isEqualTo("/d was not a file");
    assertThat(error("files/read?arg=/nope", 500)).isEqualTo("/nope: file does not exist");
    assertThat(error("files/read?arg=/f&offset=x", 400))
        .isEqualTo("option 'offset' must be an integer, not \"x\"");
  }

  @Test
  void cpLinksContentAndChecksItsSourceAsKubo() throws IOException {
    String foo = add("foo\n");
    String bar = add("bar\n");
    ok("files/mkdir?arg=/adir");
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/adir/");
    assertThat(ok("files/ls?arg=/adir").at("/Entries/0/Name").asText()).isEqualTo(foo);
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/deep/er/file&parents=true");
    assertThat(text("files/read?arg=/deep/er/file")).isEqualTo("foo\n");
    ok("files/cp?arg=/deep/er/file&arg=/copy");
    assertThat(hashOf("/copy")).isEqualTo(foo);

    assertThat(error("files/cp?arg=/ipfs/" + bar + "&arg=/copy", 500))
        .isEqualTo("cp: cannot put node in path /copy: directory already has entry by that name");
    ok("files/cp?arg=/ipfs/" + bar + "&arg=/copy&force=true");
    assertThat(text("files/read?arg=/copy")).isEqualTo("bar\n");
    assertThat(error("files/cp?arg=/ipfs/" + bar + "&arg=/adir&force=true", 500))
        .isEqualTo("cp: cannot unlink existing file: not a file: /adir");
    assertThat(error("files/cp?arg=/nope&arg=/x", 500))
        .isEqualTo("cp: cannot get node from path /nope: file does not exist");
    assertThat(error("files/cp?arg=/ipfs/" + foo + "&arg=/no/parent", 500))
        .isEqualTo("cp: cannot put node in path /no/parent: file does not exist");

    RawHttp cbor =
        RawHttp.apiUpload(
            daemon, "dag/put", "d.json", "{\"a\":1}".getBytes(StandardCharsets.UTF_8));
    String cborCid = JSON.readTree(cbor.body()).at("/Cid/~1").asText();
    assertThat(error("files/cp?arg=/ipfs/" + cborCid + "&arg=/cbor", 500))
        .isEqualTo("cp: source must be a valid UnixFS (dag-pb or raw codec)");
    assertThat(error("files/cp?arg=/ipfs/" + foo, 400)).isEqualTo("argument \"dest\" is required");
  }

  @Test
  void mvMovesIntoADirectoryOrToANewName() throws IOException {
    ok("files/mkdir?arg=/cats/this/is&parents=true");
    ok("files/mv?arg=/cats/this/is&arg=/cats/");
    ok("files/mv?arg=/cats/is&arg=/");
    ok("files/mv?arg=/is&arg=/cats");
    assertThat(ok("files/ls?arg=/cats").toString())
        .isEqualTo(
            "{\"Entries\":[{\"Name\":\"is\",\"Type\":0,\"Size\":0,\"Hash\":\"\"},"
                + "{\"Name\":\"this\",\"Type\":0,\"Size\":0,\"Hash\":\"\"}]}");
    ok("files/mv?arg=/cats/is&arg=/renamed");
    assertThat(ok("files/ls?arg=/renamed&long=true").toString()).isEqualTo("{\"Entries\":null}");
    assertThat(error("files/mv?arg=/nope&arg=/x", 500)).isEqualTo("file does not exist");
  }

  @Test
  void rmGoesOnPastErrorsEmitsEachThenFails() throws IOException {
    ok("files/mkdir?arg=/d");
    ok("files/cp?arg=/ipfs/" + add("x\n") + "&arg=/one");
    ok("files/cp?arg=/ipfs/" + add("y\n") + "&arg=/two");
    RawHttp r = post("files/rm?arg=/one&arg=/nope&arg=/d&arg=rel&arg=/two");
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.bodyText().lines().toList())
        .containsExactly(
            "\"/nope: file does not exist\"",
            "\"/d: path is a directory, use -r to remove directories\"",
            "\"rel is not a valid path: paths must start with a leading slash\"");
    assertThat(r.trailers()).containsEntry("x-stream-error", "can't remove some files");
    assertThat(ok("files/ls").toString())
        .isEqualTo("{\"Entries\":[{\"Name\":\"d\",\"Type\":0,\"Size\":0,\"Hash\":\"\"}]}");

    assertThat(text("files/rm?arg=/d&r=true")).isEmpty();
    assertThat(text("files/rm?arg=/nonexistent&arg=/deeply/nonexistent&force=true")).isEmpty();
    assertThat(error("files/rm?arg=/x&flush=false", 500))
        .isEqualTo(
            "files rm always flushes for safety. The --flush flag cannot be set to false for this"
                + " command");
    assertThat(post("files/rm?arg=/&r=true").bodyText()).contains("cannot delete root");
    assertThat(error("files/rm", 400)).isEqualTo("argument \"path\" is required");
    assertThat(hashOf("/")).isEqualTo(EMPTY_DIR);
  }

  @Test
  void flushAnswersTheCidOfAPath() throws IOException {
    ok("files/mkdir?arg=/d&flush=false");
    JsonNode flushed = ok("files/flush");
    assertThat(fieldNames(flushed)).containsExactly("Cid");
    assertThat(flushed.get("Cid").asText()).isEqualTo(hashOf("/")).isNotEqualTo(EMPTY_DIR);
    assertThat(ok("files/flush?arg=/d").get("Cid").asText()).isEqualTo(EMPTY_DIR);
    assertThat(ok("files/flush?arg=/d&cid-base=base32").get("Cid").asText()).startsWith("bafy");
    assertThat(error("files/flush?arg=/nope", 500)).isEqualTo("file does not exist");
  }

  @Test
  void chcidChangesADirectoryButNeverTheRoot() throws IOException {
    ok("files/mkdir?arg=/c");
    assertThat(error("files/chcid?arg=/&cid-version=1", 500)).contains("Import.CidVersion");
    ok("files/chcid?arg=/c&hash=blake2b-256");
    Cid changed = Cid.parse(hashOf("/c"));
    assertThat(changed.version()).isEqualTo(1);
    assertThat(changed.multihash().code()).isEqualTo(HashFunction.BLAKE2B_256.code());
    ok("files/chcid?arg=/c&cid-version=0");
    assertThat(hashOf("/c")).isEqualTo(EMPTY_DIR);
    ok("files/chcid?arg=/c");
    assertThat(hashOf("/c")).isEqualTo(EMPTY_DIR);
    assertThat(error("files/chcid?arg=/c&hash=nope", 500))
        .isEqualTo("unrecognized hash function: \"nope\"");
    assertThat(error("files/chcid?arg=/c&cid-version=2", 500)).isEqualTo("unknown CID version: 2");
    assertThat(error("files/mkdir?arg=/v&cid-ver=x", 400))
        .isEqualTo("option 'cid-version' must be an integer, not \"x\"");
    ok("files/mkdir?arg=/v&cid-ver=1");
    assertThat(hashOf("/v")).startsWith("bafy");
  }

  @Test
  void chrootNeedsConfirmAndALocalDirectory() throws IOException {
    String foo = add("foo\n");
    ok("files/mkdir?arg=/mydir");
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/mydir/file.txt");
    String old = hashOf("/");
    String mydir = hashOf("/mydir");

    assertThat(error("files/chroot", 500))
        .isEqualTo("this is a potentially destructive operation; pass --confirm to proceed");
    JsonNode reset = ok("files/chroot?confirm=true");
    assertThat(reset.toString())
        .isEqualTo(
            "{\"Message\":\"MFS root changed from "
                + old
                + " to "
                + EMPTY_DIR
                + "\\nThe old root "
                + old
                + " will be garbage collected unless pinned.\\n\"}");
    assertThat(ok("files/ls").toString()).isEqualTo("{\"Entries\":null}");
    ok("files/chroot?confirm=true&arg=" + mydir);
    assertThat(text("files/read?arg=/file.txt")).isEqualTo("foo\n");

    assertThat(error("files/chroot?confirm=true&arg=" + foo, 500))
        .isEqualTo("new root must be a directory, got File");
    String absent = "bafybeibdxtd5thfoitjmnfhxhywokebwdmwnuqgkzjjdjhwjz7qh77777a";
    assertThat(error("files/chroot?confirm=true&arg=" + absent, 500))
        .isEqualTo(
            "new root "
                + absent
                + " does not exist locally; fetch it first with 'cairn block get'");
    assertThat(error("files/chroot?confirm=true&arg=zzz", 500)).startsWith("invalid CID \"zzz\": ");
  }

  @Test
  void writeTakesItsBytesFromTheBodyWithKubosErrors() throws IOException {
    RawHttp written =
        RawHttp.apiUpload(
            daemon,
            "files/write?arg=/w/f&create=true&parents=true",
            "data",
            "ipfs rocks\n".getBytes(StandardCharsets.UTF_8));
    assertThat(written.status()).as(written.bodyText()).isEqualTo(200);
    assertThat(written.bodyText()).isEmpty();
    RawHttp over =
        RawHttp.apiUpload(
            daemon,
            "files/write?arg=/w/f&o=5",
            "data",
            "is cool\n".getBytes(StandardCharsets.UTF_8));
    assertThat(over.status()).as(over.bodyText()).isEqualTo(200);
    assertThat(text("files/read?arg=/w/f")).isEqualTo("ipfs is cool\n");

    assertThat(message(upload("files/write?arg=/w/f&offset=-1")))
        .isEqualTo("cannot have negative write offset");
    assertThat(message(upload("files/write?arg=/w/f&count=-1")))
        .isEqualTo("cannot have negative byte count");
    assertThat(message(upload("files/write?arg=/w"))).isEqualTo("/w was not a file");
    assertThat(message(upload("files/write?arg=/none"))).isEqualTo("file does not exist");
    assertThat(error("files/write?arg=/w/f", 400)).isEqualTo("file argument 'data' is required");
  }

  private RawHttp upload(String target) throws IOException {
    return RawHttp.apiUpload(daemon, target, "data", "x".getBytes(StandardCharsets.UTF_8));
  }

  private static String message(RawHttp r) throws IOException {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(500);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  @Test
  void gcKeepsWhatMfsLinksAndMfsSurvivesARestart() throws IOException {
    String foo = add("foo\n");
    ok("files/mkdir?arg=/keep");
    ok("files/cp?arg=/ipfs/" + foo + "&arg=/keep/foo");
    String gone = add("not kept\n");
    RawHttp gc = post("repo/gc");
    assertThat(gc.status()).isEqualTo(200);
    List<Object> removed = new ArrayList<>();
    for (String line : gc.bodyText().lines().toList()) {
      removed.add(Cid.parse(JSON.readTree(line).at("/Key/~1").asText()).multihash());
    }
    assertThat(removed)
        .contains(Cid.parse(gone).multihash())
        .doesNotContain(Cid.parse(foo).multihash());
    assertThat(text("files/read?arg=/keep/foo")).isEqualTo("foo\n");
    String root = hashOf("/");

    daemon.close();
    daemon = RpcWireTest.quietDaemon(dir);
    assertThat(hashOf("/")).isEqualTo(root);
    assertThat(text("files/read?arg=/keep/foo&offline=true")).isEqualTo("foo\n");
  }

  @Test
  void gcKeepsWhatFilesWriteWrote() throws IOException {
    RawHttp written =
        RawHttp.apiUpload(
            daemon,
            "files/write?arg=/written&create=true",
            "data",
            "kept through gc\n".getBytes(StandardCharsets.UTF_8));
    assertThat(written.status()).as(written.bodyText()).isEqualTo(200);
    assertThat(post("repo/gc").status()).isEqualTo(200);
    assertThat(text("files/read?arg=/written&offline=true")).isEqualTo("kept through gc\n");
  }
}
