package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.pinning.PinningNode;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import io.cairn.storage.testing.TestData;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kubo-rpc-client}, the JS client of Kubo's RPC API, used as a real client against a cairn
 * daemon ({@code interop/rpc-kubo-client.mjs}): add (a file and a tree), cat, ls, pin add/ls/rm,
 * bootstrap add/list/rm, key gen/list/rename/rm, object patch add-link/rm-link, name
 * publish/resolve, routing get/put, block put/get/stat, dag put/get/export/import, resolve, id,
 * version, the MFS {@code files.*} and {@code pin.remote.*} (against a Cairn pinning service) all
 * work, and give the CIDs and bytes cairn's CLI gives for the same inputs in a repo of its own,
 * without a daemon.
 */
@Tag("interop")
@ExtendWith(Cli.StopDaemons.class)
class KuboRpcClientIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;

  @Test
  void kuboRpcClientWorksAgainstTheDaemonAndAgreesWithTheCli() throws Exception {
    Cli daemon = Cli.init(tmp.resolve("daemon-repo"), Cli.Mode.DAEMON);
    Cli local = Cli.init(tmp.resolve("local-repo"), Cli.Mode.IN_PROCESS);
    Path work = Files.createDirectories(tmp.resolve("work"));
    byte[] file = TestData.bytes(31, 700_000);
    Files.write(work.resolve("file.bin"), file);
    Path tree = work.resolve("tree");
    Files.createDirectories(tree.resolve("sub/empty"));
    Files.writeString(tree.resolve("a.txt"), "hello tree\n");
    Files.write(tree.resolve("sub/b.bin"), TestData.bytes(32, 300_000));
    byte[] block = "Hello Mars!\n".getBytes(StandardCharsets.UTF_8);
    Files.write(work.resolve("block.bin"), block);
    // Kubo's t0050-block-data/testPut.pb: a dag-pb node with Data "test json for sharness test".
    byte[] pb =
        HexFormat.of()
            .parseHex("0a1b74657374206a736f6e20666f72207368617" + "26e657373207465737" + "4");
    Files.write(work.resolve("block.pb"), pb);

    InetSocketAddress api = daemon.apiAddress();
    JsonNode js;
    String remoteCid;
    String pinningEndpoint;
    try (PinningNode service = PinningNode.create(tmp.resolve("pinning-service"), "1m")) {
      pinningEndpoint = service.base() + "/pinning";
      remoteCid = service.addUnpinned("remote.txt", block).toString();
      Files.writeString(
          work.resolve("pin-remote.json"),
          JSON.writeValueAsString(
              java.util.Map.of(
                  "endpoint", pinningEndpoint, "key", PinningNode.TOKEN, "cid", remoteCid)));
      js =
          JSON.readTree(
              JsReference.run(
                  "rpc-kubo-client.mjs", "http://127.0.0.1:" + api.getPort(), work.toString()));
    }

    // version and id
    assertThat(js.at("/version/version").asText())
        .isEqualTo(daemon.ok("version", "-n").out().strip());
    assertThat(js.at("/version/repo").asText()).isEqualTo("1");
    assertThat(js.at("/id/id").asText()).isEqualTo(daemon.ok("id", "-f", "<id>").out());
    assertThat(js.at("/id/agentVersion").asText()).startsWith("cairn/");

    // add: the CIDs cairn gives the same file and tree
    String fileCid = local.ok("add", "-Q", work.resolve("file.bin").toString()).out().strip();
    assertThat(js.at("/addFile/cid").asText()).isEqualTo(fileCid);
    assertThat(js.at("/addFile/path").asText()).isEqualTo("file.bin");
    List<String> cliTree = local.ok("add", "-r", tree.toString()).lines();
    List<String> jsTree = new ArrayList<>();
    js.get("addTree")
        .forEach(r -> jsTree.add("added " + r.get("cid").asText() + " " + r.get("path").asText()));
    assertThat(jsTree).containsExactlyInAnyOrderElementsOf(cliTree);
    String treeRoot = cliTree.getLast().split(" ")[1];

    // cat, whole and a range, and through a path
    assertThat(js.at("/cat/sha256").asText()).isEqualTo(sha256(file));
    assertThat(js.at("/catRange/sha256").asText())
        .isEqualTo(sha256(Arrays.copyOfRange(file, 300_000, 400_000)))
        .isEqualTo(sha256(local.ok("cat", "-o", "300000", "-l", "100000", fileCid).stdout()));
    assertThat(js.get("catInTree").asText()).isEqualTo("hello tree\n");

    // resolve: the file's CID, in base64url (a CIDv0 upgraded) when asked
    assertThat(js.get("resolve").asText())
        .isEqualTo(
            "/ipfs/" + local.ok("add", "-Q", tree.resolve("sub/b.bin").toString()).out().strip());
    String aTxt = local.ok("add", "-Q", tree.resolve("a.txt").toString()).out().strip();
    assertThat(js.get("resolveBase64url").asText())
        .isEqualTo("/ipfs/" + Cid.parse(aTxt).toV1().toString(Multibase.BASE64_URL));

    // ls: the entries cairn's ls gives, with their types
    JsonNode cliLs = local.ok("ls", "--enc=json", treeRoot).json().at("/Objects/0/Links");
    assertThat(js.get("ls")).hasSize(cliLs.size());
    for (int i = 0; i < cliLs.size(); i++) {
      JsonNode e = js.get("ls").get(i);
      assertThat(e.get("name").asText()).isEqualTo(cliLs.get(i).get("Name").asText());
      assertThat(e.get("cid").asText()).isEqualTo(cliLs.get(i).get("Hash").asText());
      assertThat(e.get("size").asLong()).isEqualTo(cliLs.get(i).get("Size").asLong());
      assertThat(e.get("type").asText())
          .isEqualTo(cliLs.get(i).get("Type").asInt() == 1 ? "dir" : "file");
    }

    // pins
    assertThat(js.get("pinRmAdded").asText()).isEqualTo(treeRoot);
    assertThat(js.get("pinAdd").asText()).isEqualTo(treeRoot);
    List<String> recursive = new ArrayList<>();
    js.get("pinLs")
        .forEach(p -> recursive.add(p.get("cid").asText() + " " + p.get("type").asText()));
    assertThat(recursive)
        .containsExactlyInAnyOrder(fileCid + " recursive", treeRoot + " recursive");
    assertThat(js.at("/pinLsOfPath/0/type").asText()).isEqualTo("indirect through " + treeRoot);
    assertThat(js.get("pinRm").asText()).isEqualTo(treeRoot);

    // pin.remote: the service, a pin added until pinned, listed, removed; then the service removed
    JsonNode remote = js.get("pinRemote");
    assertThat(remote.has("error")).as(remote.path("error").asText()).isFalse();
    assertThat(remote.get("add").toString())
        .isEqualTo("{\"cid\":\"" + remoteCid + "\",\"name\":\"js-pin\",\"status\":\"pinned\"}");
    assertThat(remote.at("/services/0/service").asText()).isEqualTo("js-svc");
    assertThat(remote.at("/services/0/endpoint").asText()).isEqualTo(pinningEndpoint);
    assertThat(remote.at("/services/0/stat").toString())
        .isEqualTo(
            "{\"status\":\"valid\",\"pinCount\":{\"queued\":0,\"pinning\":0,\"pinned\":1,"
                + "\"failed\":0}}");
    assertThat(remote.get("ls").toString())
        .isEqualTo("[{\"cid\":\"" + remoteCid + "\",\"name\":\"js-pin\",\"status\":\"pinned\"}]");
    assertThat(remote.get("lsAfterRm").toString()).isEqualTo("[]");
    assertThat(remote.get("servicesAfterRm").asInt()).isZero();

    // bootstrap: added, listed, removed
    String boot =
        "/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWSCxTfVvMBJbpF75PQmnFdxdBfC1ZxAGYbFc3U9MjALXz";
    assertThat(js.get("bootstrapAdd").toString()).isEqualTo("[\"" + boot + "\"]");
    assertThat(js.get("bootstrapList").toString()).isEqualTo("[\"" + boot + "\"]");
    assertThat(js.get("bootstrapRm").toString()).isEqualTo("[\"" + boot + "\"]");
    assertThat(js.get("bootstrapAfter").toString()).isEqualTo("[]");

    // key: gen, list (self first), rename, rm, with the IDs cairn's CLI shows
    String keyId = js.at("/keyGen/id").asText();
    assertThat(js.at("/keyGen/name").asText()).isEqualTo("js-key");
    assertThat(keyId).startsWith("k51");
    assertThat(js.at("/keyList/0/name").asText()).isEqualTo("self");
    assertThat(js.at("/keyList/0/id").asText())
        .isEqualTo(PeerId.parse(daemon.ok("id", "-f", "<id>").out()).toBase36());
    assertThat(js.at("/keyList/1/name").asText()).isEqualTo("js-key");
    assertThat(js.at("/keyList/1/id").asText()).isEqualTo(keyId);
    assertThat(js.get("keyRename").toString())
        .isEqualTo(
            "{\"was\":\"js-key\",\"now\":\"js-key-2\",\"id\":\""
                + keyId
                + "\",\"overwrite\":false}");
    assertThat(js.get("keyRm").toString())
        .isEqualTo("{\"name\":\"js-key-2\",\"id\":\"" + keyId + "\"}");
    assertThat(js.get("keyAfter").toString()).isEqualTo("[\"self\"]");
    assertThat(daemon.ok("key", "ls").out()).isEqualTo("self\n");

    // diag cmds: the client's own call, listed as running
    assertThat(js.at("/diagCmds/0/Active").asBoolean()).isTrue();
    assertThat(js.at("/diagCmds/0/EndTime").asText()).isEqualTo("0001-01-01T00:00:00Z");

    // name: publish under self and resolve, as cairn's CLI sees the record
    String selfName = PeerId.parse(daemon.ok("id", "-f", "<id>").out()).toBase36();
    assertThat(js.get("namePublish").toString())
        .isEqualTo("{\"name\":\"" + selfName + "\",\"value\":\"/ipfs/" + fileCid + "\"}");
    assertThat(js.get("nameResolve").toString()).isEqualTo("[\"/ipfs/" + fileCid + "\"]");
    assertThat(js.get("resolveIpns").asText()).isEqualTo("/ipfs/" + fileCid);
    assertThat(daemon.ok("name", "resolve").out()).isEqualTo("/ipfs/" + fileCid + "\n");
    // routing get/put reach the daemon, which runs no network: Kubo's offline errors
    assertThat(js.get("routingGet").asText()).startsWith("this action must be run in online mode");
    assertThat(js.get("routingPut").asText())
        .isEqualTo("can't put while offline: pass `--allow-offline` to override");

    // blocks: the CIDs of cairn's block put, the bytes back
    assertThat(js.get("blockPut").asText())
        .isEqualTo(local.okWithInput(block, "block", "put").out().strip());
    assertThat(js.get("blockPutV0").asText())
        .isEqualTo(local.okWithInput(pb, "block", "put", "--format=v0").out().strip())
        .startsWith("Qm");
    assertThat(js.get("blockPutSha512").asText())
        .isEqualTo(local.okWithInput(block, "block", "put", "--mhtype=sha2-512").out().strip());
    assertThat(js.at("/blockGet/sha256").asText()).isEqualTo(sha256(block));
    assertThat(js.at("/blockStat/cid").asText()).isEqualTo(js.get("blockPut").asText());
    assertThat(js.at("/blockStat/size").asInt()).isEqualTo(block.length);

    // dag: the CIDs of cairn's dag put, the node and a path back, the same CAR
    String child =
        local.okWithInput("{\"test\":1}".getBytes(StandardCharsets.UTF_8), "dag", "put").out();
    assertThat(js.at("/dagPut/child").asText()).isEqualTo(child.strip());
    String parentJson =
        "{\"name\":\"parent\",\"child\":{\"/\":\"" + child.strip() + "\"},\"list\":[1,2,3]}";
    String parent =
        local.okWithInput(parentJson.getBytes(StandardCharsets.UTF_8), "dag", "put").out().strip();
    assertThat(js.at("/dagPut/parent").asText()).isEqualTo(parent);
    assertThat(js.at("/dagPut/asJson").asText())
        .isEqualTo(
            local
                .okWithInput(
                    "{\"test\":1}".getBytes(StandardCharsets.UTF_8),
                    "dag",
                    "put",
                    "--store-codec=dag-json")
                .out()
                .strip());
    assertThat(js.at("/dagGet/name").asText()).isEqualTo("parent");
    assertThat(js.at("/dagGet/child").asText()).isEqualTo(child.strip());
    assertThat(js.at("/dagGet/list").toString()).isEqualTo("[1,2,3]");
    assertThat(js.get("dagGetPath").asInt()).isEqualTo(1);
    byte[] car = local.ok("dag", "export", parent).stdout();
    assertThat(Files.readAllBytes(work.resolve("export.car"))).isEqualTo(car);
    assertThat(js.at("/dagExport/sha256").asText()).isEqualTo(sha256(car));
    assertThat(js.at("/dagImport/0/cid").asText()).isEqualTo(parent);
    assertThat(js.at("/dagImport/0/pinErrorMsg").asText()).isEmpty();
    assertThat(daemon.ok("pin", "ls", "-q", "-t", "recursive").lines())
        .containsExactlyInAnyOrder(fileCid, parent);

    // object.patch: the CID cairn's CLI gives, and the tree again once the link is removed
    assertThat(js.at("/objectPatch/addLink").asText())
        .isEqualTo(
            local.ok("object", "patch", treeRoot, "add-link", "file.bin", fileCid).out().strip());
    assertThat(js.at("/objectPatch/rmLink").asText()).isEqualTo(treeRoot);

    assertFilesApi(js.get("files"), daemon, local, fileCid);
    assertProvideStat(js.get("provideStat"), daemon);
    // dht.query() reaches dht/query, which the daemon without its network refuses, as the CLI
    String self = js.get("id").get("id").asText();
    assertThat(js.get("dhtQuery").asText())
        .isEqualTo(daemon.fails("dht", "query", self))
        .startsWith("this command must be run in online mode");
  }

  /**
   * {@code provide.stat()} reaches {@code provide/stat}: this test's daemon runs without its
   * network, so the client surfaces the daemon's ErrNotOnline, the words the CLI prints.
   */
  private static void assertProvideStat(JsonNode ps, Cli daemon) {
    String offline = daemon.fails("provide", "stat");
    assertThat(offline).startsWith("this command must be run in online mode");
    assertThat(ps.get("error").asText()).startsWith("HTTPError: " + offline);
  }

  /**
   * The client's {@code files.*} calls: what they wrote reads back, in the CIDs cairn's CLI gives
   * for the same writes in a repo of its own, and the client parsed every reply.
   */
  private static void assertFilesApi(JsonNode files, Cli daemon, Cli local, String fileCid) {
    assertThat(files.has("error")).as("files.* failed: %s", files.path("error").asText()).isFalse();
    assertThat(files.get("read").asText()).isEqualTo("hello WORLD\n");
    assertThat(files.get("readRange").asText()).isEqualTo("WORLD");
    local.ok("files", "mkdir", "-p", "/js/dir");
    local.okWithInput(
        "hello world\n".getBytes(StandardCharsets.UTF_8),
        "files",
        "write",
        "--create",
        "/js/dir/hello.txt");
    local.okWithInput(
        "WORLD".getBytes(StandardCharsets.UTF_8), "files", "write", "-o", "6", "/js/dir/hello.txt");
    assertThat(files.get("written").asText())
        .isEqualTo(local.ok("files", "stat", "--hash", "/js/dir/hello.txt").out().strip());
    assertThat(files.get("truncated").asText()).isEqualTo("bye\n");
    assertThat(files.get("newInDeep").asText()).isEqualTo("new\n");

    // ls is long by default in the client: types, sizes and CIDs, in directory order
    JsonNode ls = files.get("ls");
    assertThat(ls).hasSize(3);
    assertThat(ls.get(0).toString())
        .isEqualTo(
            "{\"name\":\"copied.bin\",\"type\":\"file\",\"size\":700000,\"cid\":\""
                + fileCid
                + "\"}");
    assertThat(ls.get(1).get("name").asText()).isEqualTo("deep");
    assertThat(ls.get(1).get("type").asText()).isEqualTo("directory");
    assertThat(ls.get(1).get("size").asLong()).isZero();
    assertThat(ls.get(2).get("name").asText()).isEqualTo("dir");
    assertThat(ls.get(2).get("cid").asText()).startsWith("Qm");
    // cp of a CID into a directory path ending in '/' takes the CID as the name
    assertThat(files.get("lsDir").toString()).isEqualTo("[\"" + fileCid + "\",\"hello.txt\"]");

    JsonNode stat = files.get("stat");
    assertThat(stat.get("cid").asText()).isEqualTo(fileCid);
    assertThat(stat.get("size").asLong()).isEqualTo(700_000);
    assertThat(stat.get("cumulativeSize").asLong()).isGreaterThan(700_000);
    assertThat(stat.get("blocks").asInt()).isEqualTo(3);
    assertThat(stat.get("type").asText()).isEqualTo("file");
    assertThat(stat.get("withLocality").asBoolean()).isFalse();
    JsonNode statLocal = files.get("statLocal");
    assertThat(statLocal.get("withLocality").asBoolean()).isTrue();
    assertThat(statLocal.get("local").asBoolean()).isTrue();
    assertThat(statLocal.get("sizeLocal").asLong())
        .isEqualTo(statLocal.get("cumulativeSize").asLong());

    assertThat(files.get("lsAfterMv").toString())
        .isEqualTo("[\"" + fileCid + "\",\"hello.txt\",\"moved.bin\"]");
    assertThat(files.get("rmMissing").asText()).contains("file does not exist");
    assertThat(files.get("chcidStatus").asInt()).isEqualTo(200);
    assertThat(files.get("dirAfterChcid").asText()).startsWith("bafy");
    assertThat(files.get("lsRoot").toString())
        .isEqualTo("[{\"name\":\"js\",\"type\":\"directory\"}]");
    String root = daemon.ok("files", "stat", "--hash", "/").out().strip();
    assertThat(files.get("flush").asText()).isEqualTo(root);
    assertThat(files.get("root").asText()).isEqualTo(root);
    assertThat(daemon.ok("files", "ls", "/js/dir").out()).isEqualTo("hello.txt\nmoved.bin\n");
    assertThat(daemon.ok("files", "read", "/js/dir/hello.txt").out()).isEqualTo("bye\n");
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
