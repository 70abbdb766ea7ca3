package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn object diff} and {@code object patch add-link|rm-link}, replaying Kubo's sharness
 * tests t0051-object.sh and t0052-object-diff.sh: their CIDs, outputs and error texts must come out
 * the same (errors name 'cairn' commands where Kubo's name 'ipfs' ones).
 */
@BothModes
class ObjectCommandTest {
  @Parameter Cli.Mode mode;

  /** A UnixFS directory put as dag-pb, so CIDv1 (Kubo's EMPTY_UNIXFS_DIR). */
  private static final String EMPTY_DIR_JSON =
      "{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[]}";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private String put(String json) {
    return cli.okWithInput(
            json.getBytes(StandardCharsets.UTF_8), "dag", "put", "--store-codec", "dag-pb")
        .out()
        .strip();
  }

  private String add(String content) {
    return cli.okWithInput(content.getBytes(StandardCharsets.UTF_8), "add", "-Q").out().strip();
  }

  private String patch(String... args) {
    String[] all = new String[args.length + 2];
    all[0] = "object";
    all[1] = "patch";
    System.arraycopy(args, 0, all, 2, args.length);
    return cli.ok(all).out().strip();
  }

  @Test
  void addLinkAndRmLinkGiveKubosCids() {
    String empty = put(EMPTY_DIR_JSON);
    String n1 = patch(empty, "add-link", "baz", empty);
    String n2 = patch("add-link", empty, "bar", n1);
    String n3 = patch(empty, "add-link", "foo", "/ipfs/" + n2 + "/bar");
    assertThat(n3).isEqualTo("bafybeiakusqwohnt7bs75kx6jhmt4oi47l634bmudxfv4qxhpco6xuvgna");
    cli.ok("dag", "stat", "/ipfs/" + n3 + "/foo/baz");

    String output = patch(empty, "add-link", "foo", empty);
    assertThat(patch(output, "rm-link", "foo"))
        .isEqualTo("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");

    String file = add("hello world\n");
    String one = patch(empty, "add-link", "b", empty);
    String two = patch(empty, "add-link", "a", one);
    String multi = patch(two, "add-link", "a/b/c", file);
    assertThat(cli.ok("cat", multi + "/a/b/c").out()).isEqualTo("hello world\n");
    assertThat(patch(multi, "rm-link", "a/b/c"))
        .isEqualTo("bafybeicourxysmtbe5hacxqico4d5hyvh7gqkrwlmqa4ew7zufn3pj3juu");
  }

  @Test
  void createMakesTheDirectoriesOnTheWay() {
    String empty = put(EMPTY_DIR_JSON);
    String file = add("hello world\n");
    for (String name : new String[] {"a/b/c", "a", "a/b/b/b/b"}) {
      String out = patch(empty, "add-link", "--create", name, file);
      assertThat(cli.ok("cat", out + "/" + name).out()).isEqualTo("hello world\n");
    }
    assertThat(cli.fails("object", "patch", empty, "add-link", "a/b", file))
        .isEqualTo("no link by that name");
    assertThat(cli.fails("object", "patch", empty, "add-link", "-p", "/", file))
        .isEqualTo("cannot create link with no name");
    assertThat(cli.fails("object", "patch", empty, "rm-link", "nothing"))
        .isEqualTo("no link by that name");
  }

  @Test
  void onlyPlainUnixFsDirectoriesArePatchedUnlessAllowed() {
    String bare = put("{\"Links\":[]}");
    String emptyDir = put(EMPTY_DIR_JSON);
    String emptyFile = add("");
    String hamt = put("{\"Data\":{\"/\":{\"bytes\":\"CAUoIjCAAg\"}},\"Links\":[]}");
    String original = add("original content\n");
    String child = add("child\n");

    assertThat(cli.fails("object", "patch", original, "add-link", "child.txt", child))
        .isEqualTo(
            "cannot add named links to a UnixFS File node, only Directory nodes support link"
                + " addition at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
    assertThat(cli.fails("object", "patch", bare, "add-link", "foo", emptyDir))
        .isEqualTo(
            "cannot add named links to a non-UnixFS dag-pb node; pass --allow-non-unixfs to skip"
                + " validation");
    assertThat(cli.fails("object", "patch", hamt, "add-link", "foo", emptyDir))
        .isEqualTo(
            "cannot add links to a HAMTShard at the dag-pb level (would corrupt the HAMT"
                + " bitfield); use 'cairn files' commands instead, or pass --allow-non-unixfs to"
                + " override");
    assertThat(cli.fails("object", "patch", bare, "add-link", "--create", "a", emptyFile))
        .startsWith("cannot add named links to a non-UnixFS dag-pb node");

    String bareWithLink = patch(bare, "add-link", "--allow-non-unixfs", "foo", emptyDir);
    String fileWithLink = patch(emptyFile, "add-link", "--allow-non-unixfs", "foo", emptyDir);
    String hamtWithLink = patch(hamt, "add-link", "--allow-non-unixfs", "foo", emptyDir);
    String created = patch(bare, "add-link", "--create", "--allow-non-unixfs", "a", original);
    assertThat(cli.ok("cat", created + "/a").out()).isEqualTo("original content\n");

    assertThat(cli.fails("object", "patch", bareWithLink, "rm-link", "foo"))
        .isEqualTo(
            "cannot remove links from a non-UnixFS dag-pb node; pass --allow-non-unixfs to skip"
                + " validation");
    assertThat(cli.fails("object", "patch", fileWithLink, "rm-link", "foo"))
        .isEqualTo(
            "cannot remove links from a UnixFS File node, only Directory nodes support link"
                + " removal at the dag-pb level (see https://specs.ipfs.tech/unixfs/)");
    assertThat(cli.fails("object", "patch", hamtWithLink, "rm-link", "foo"))
        .isEqualTo(
            "cannot remove links from a HAMTShard at the dag-pb level (would corrupt the HAMT"
                + " bitfield); use 'cairn files rm' instead, or pass --allow-non-unixfs to"
                + " override");
    assertThat(patch(bareWithLink, "rm-link", "--allow-non-unixfs", "foo")).isEqualTo(bare);
    assertThat(patch(fileWithLink, "rm-link", "--allow-non-unixfs", "foo")).isEqualTo(emptyFile);
    assertThat(patch(hamtWithLink, "rm-link", "--allow-non-unixfs", "foo")).isEqualTo(hamt);

    String cbor =
        cli.okWithInput("123".getBytes(StandardCharsets.UTF_8), "dag", "put").out().strip();
    assertThat(cli.fails("object", "patch", cbor, "add-link", "foo", emptyDir))
        .isEqualTo("expected protobuf dag node");
    String linked = patch(emptyDir, "add-link", "foo", cbor);
    assertThat(cli.ok("resolve", "/ipfs/" + linked + "/foo").out().strip())
        .isEqualTo("/ipfs/" + cbor);
  }

  @Test
  void aChangedBlockOverTwoMebibytesNeedsAllowBigBlock() {
    // A link to a CIDv0 with a 41-byte name and a one-byte size is 83 bytes: the directory is
    // made just under 2 MiB (dag put refuses more), and a link with a long name takes it over.
    String file = add("x");
    StringBuilder json = new StringBuilder("{\"Data\":{\"/\":{\"bytes\":\"CAE\"}},\"Links\":[");
    int links = (2 * 1024 * 1024 - 16) / 83;
    for (int i = 0; i < links; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"Hash\":{\"/\":\"")
          .append(file)
          .append("\"},\"Name\":\"")
          .append(String.format("n%040d", i))
          .append("\",\"Tsize\":9}");
    }
    String dir = put(json.append("]}").toString());
    String longName = "z".repeat(4096);
    String err = cli.fails("object", "patch", dir, "add-link", longName, file);
    assertThat(err).startsWith("produced block is over 2MiB: big blocks can't be exchanged");
    // Cairn's store holds no block over 2 MiB, flag or not; it says so, and nothing is written.
    assertThat(cli.fails("object", "patch", "--allow-big-block", dir, "add-link", longName, file))
        .isEqualTo(
            "produced block is 2101222 bytes: this node's block store holds blocks of at most"
                + " 2MiB (2097152 bytes), --allow-big-block or not");
    // The flag is about the block: a link to a DAG of any size is fine (Kubo would want the flag).
    String big = add("y".repeat(3 * 1024 * 1024));
    String linked = patch(put(EMPTY_DIR_JSON), "add-link", "big", big);
    assertThat(cli.ok("cat", linked + "/big").out()).hasSize(3 * 1024 * 1024);
    assertThat(patch(dir, "rm-link", "n" + String.format("%040d", 0)))
        .isNotEqualTo(dir)
        .isEqualTo(patch(dir, "rm-link", "--allow-big-block", "n" + String.format("%040d", 0)));
  }

  @Test
  void diffReplaysKubosObjectDiffTest() throws Exception {
    Path foo = tmp.resolve("foo");
    Files.createDirectories(foo.resolve("baz"));
    Files.writeString(foo.resolve("bar"), "stuff\n");
    String a = addDir(foo, false);
    String ar = addDir(foo, true);
    Files.writeString(foo.resolve("cat"), "more things\n");
    String b = addDir(foo, false);
    String br = addDir(foo, true);
    Files.writeString(foo.resolve("baz/dog"), "nested\n");
    String c = addDir(foo, false);
    String cr = addDir(foo, true);
    Files.writeString(foo.resolve("bar"), "changed\n");
    String d = addDir(foo, false);
    String dr = addDir(foo, true);

    assertThat(cli.ok("object", "diff", a, a).out()).isEmpty();
    assertThat(cli.ok("object", "diff", ar, ar).out()).isEmpty();
    String cat = "QmUSvcqzhdfYM1KLDbM76eLPdS9ANFtkJvFuPYeZt73d7A";
    String catRaw = "bafkreig43bpnc6sjo6izaiqzzq5esapazosa3f3wt6jsflwiu3x7ydhq2u";
    assertThat(cli.ok("object", "diff", a, b).out()).isEqualTo("+ " + cat + " \"cat\"\n");
    assertThat(cli.ok("object", "diff", ar, br).out()).isEqualTo("+ " + catRaw + " \"cat\"\n");
    assertThat(cli.ok("object", "diff", "-v", a, b).out())
        .isEqualTo("Added new link \"cat\" pointing to " + cat + ".\n");
    assertThat(cli.ok("object", "diff", "-v", br, ar).out())
        .isEqualTo("Removed link \"cat\" (was " + catRaw + ").\n");
    assertThat(cli.ok("object", "diff", "-v", b, c).out())
        .isEqualTo(
            "Added new link \"baz/dog\" pointing to"
                + " QmdNJQUTZuDpsUcec7YDuCfRfvw1w4J13DCm7YcU4VMZdS.\n");
    assertThat(cli.ok("object", "diff", "-v", br, cr).out())
        .isEqualTo(
            "Added new link \"baz/dog\" pointing to"
                + " bafkreibxbkgajofglo2esqtv53bcp4nwstnqjr3nu2ylrlui5unldf4qum.\n");
    assertThat(cli.ok("object", "diff", "-v", c, d).out())
        .isEqualTo(
            "Changed \"bar\" from QmNgd5cz2jNftnAHBhcRUGdtiaMzb5Rhjqd4etondHHST8 to"
                + " QmRfFVsjSXkhFxrfWnLpMae2M4GBVsry6VAuYYcji5MiZb.\n");
    assertThat(cli.ok("object", "diff", "-v", cr, dr).out())
        .isEqualTo(
            "Changed \"bar\" from bafkreidfn2oemjv5ns2fnc4ukgbjwt6bq5gdd4ciz4mpnehqi2dvwxfbde to"
                + " bafkreid7rmo7yrtlmje7a3f6kxerotpsk6hhovg2pe755use55olukry6e.\n");
    assertThat(cli.ok("object", "diff", c, d).out())
        .isEqualTo(
            "~ QmNgd5cz2jNftnAHBhcRUGdtiaMzb5Rhjqd4etondHHST8"
                + " QmRfFVsjSXkhFxrfWnLpMae2M4GBVsry6VAuYYcji5MiZb \"bar\"\n");

    JsonNode json = cli.ok("object", "diff", "--enc=json", a, b).json();
    JsonNode change = json.path("Changes").path(0);
    assertThat(change.path("Type").asInt()).isZero();
    assertThat(change.path("Path").asText()).isEqualTo("cat");
    assertThat(change.path("Before").isNull()).isTrue();
    assertThat(change.path("After").path("/").asText()).isEqualTo(cat);
    assertThat(cli.ok("object", "diff", "--enc=json", a, a).json().path("Changes").isArray())
        .isTrue();
    // Two files differ as a whole: one change with an empty path.
    String stuff = "QmNgd5cz2jNftnAHBhcRUGdtiaMzb5Rhjqd4etondHHST8";
    JsonNode whole = cli.ok("object", "diff", "--enc=json", stuff, cat).json().path("Changes");
    assertThat(whole.size()).isEqualTo(1);
    assertThat(whole.path(0).path("Type").asInt()).isEqualTo(2);
    assertThat(whole.path(0).path("Path").asText()).isEmpty();
    assertThat(whole.path(0).path("Before").path("/").asText()).isEqualTo(stuff);
    // A file against a directory: the directory's links are added.
    assertThat(cli.ok("object", "diff", cat, a).out())
        .isEqualTo(
            "+ QmNgd5cz2jNftnAHBhcRUGdtiaMzb5Rhjqd4etondHHST8 \"bar\"\n"
                + "+ QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn \"baz\"\n");
    // --cid-base applies to the text.
    assertThat(cli.ok("object", "diff", "--cid-base=base32", a, b).out())
        .isEqualTo("+ " + cli.ok("cid", "base32", cat).out().strip() + " \"cat\"\n");
  }

  @Test
  void removedObjectCommandsAnswerWithKubosError() throws Exception {
    if (mode == Cli.Mode.IN_PROCESS) {
      assertThat(cli.run("object", "get", "x").exit()).isNotZero();
      return;
    }
    cli.ok("version");
    InetSocketAddress api = cli.apiAddress();
    try (HttpClient client = HttpClient.newHttpClient()) {
      for (String path : new String[] {"object/get", "object/new", "object/patch/set-data"}) {
        HttpResponse<String> res =
            client.send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + api.getPort() + "/api/v0/" + path))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(res.statusCode()).as(path).isEqualTo(500);
        assertThat(res.body()).contains("removed, use 'cairn dag' or 'cairn files' instead");
      }
    }
  }

  private String addDir(Path dir, boolean rawLeaves) {
    return rawLeaves
        ? cli.ok("add", "-r", "-Q", "--raw-leaves", dir.toString()).out().strip()
        : cli.ok("add", "-r", "-Q", dir.toString()).out().strip();
  }
}
