package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Kubo's {@code name publish} and {@code name resolve}, and {@code resolve} of {@code /ipns/}
 * paths, with Kubo's text. The test daemon runs no network, so publishing needs {@code
 * --allow-offline} in both modes and names resolve from the repo's records.
 */
@BothModes
class NameCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  String selfName;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
    selfName = PeerId.parse(cli.ok("id", "-f", "<id>").out()).toBase36();
  }

  private String add(String text) throws IOException {
    Path file = Files.writeString(tmp.resolve("f-" + text.hashCode()), text);
    return cli.ok("add", "-Q", file.toString()).out().strip();
  }

  @Test
  void publishesAndResolvesTheNodesOwnName() throws IOException {
    String cid = add("hello");

    assertThat(cli.ok("name", "publish", "--allow-offline", cid).out())
        .isEqualTo("Published to " + selfName + ": /ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "resolve").out()).isEqualTo("/ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "resolve", selfName).out()).isEqualTo("/ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "resolve", "--nocache", "/ipns/" + selfName).out())
        .isEqualTo("/ipfs/" + cid + "\n");
    assertThat(cli.ok("resolve", "/ipns/" + selfName).out()).isEqualTo("/ipfs/" + cid + "\n");

    String other = add("world");
    assertThat(cli.ok("name", "publish", "-Q", "--allow-offline", "/ipfs/" + other).out())
        .isEqualTo(selfName + "\n");
    assertThat(cli.ok("name", "resolve", "--enc=json").json().get("Path").asText())
        .isEqualTo("/ipfs/" + other);
    // from stdin, as Kubo's EnableStdin
    var json =
        cli.okWithInput(
                ("/ipfs/" + cid + "\n").getBytes(StandardCharsets.UTF_8),
                "name",
                "publish",
                "--allow-offline",
                "--enc=json")
            .json();
    assertThat(json.toString())
        .isEqualTo("{\"Name\":\"" + selfName + "\",\"Value\":\"/ipfs/" + cid + "\"}");
  }

  @Test
  void publishesUnderAGeneratedKeyNamedOrById() throws IOException {
    String cid = add("keyed");
    String keyName = cli.ok("key", "gen", "site").out().strip();

    assertThat(cli.ok("name", "publish", "--allow-offline", "--key=site", cid).out())
        .isEqualTo("Published to " + keyName + ": /ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "resolve", keyName).out()).isEqualTo("/ipfs/" + cid + "\n");
    // the key by its ID, and the name written as a peer ID
    String b58 = cli.ok("key", "ls", "-l", "--ipns-base=b58mh").lines().get(1).split(" ")[0];
    assertThat(
            cli.ok("name", "publish", "--allow-offline", "-k", b58, "--ipns-base=b58mh", cid).out())
        .isEqualTo("Published to " + b58 + ": /ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "resolve", b58).out()).isEqualTo("/ipfs/" + cid + "\n");
    // the node's own name is untouched
    assertThat(cli.fails("name", "resolve")).contains("could not resolve name " + selfName);
    assertThat(cli.fails("name", "publish", "--allow-offline", "--key=nope", cid))
        .isEqualTo("no key by the given name was found");
  }

  /**
   * Kubo names an RSA key by the sha2-256 multihash of its public key (base36 {@code k2k4r8...},
   * {@code Qm...} as a peer ID) and its records carry that key; secp256k1 keys inline theirs.
   */
  @Test
  void publishesAndResolvesUnderRsaAndSecp256k1Keys() throws IOException {
    String cid = add("typed keys");
    String rsa = cli.ok("key", "gen", "--type=rsa", "r").out().strip();
    assertThat(rsa).startsWith("k2k4r8");
    assertThat(cli.ok("key", "ls", "-l", "--ipns-base=b58mh").out())
        .containsPattern("\nQm\\w+ +r +\n");
    String k1 = cli.ok("key", "gen", "--type=secp256k1", "k").out().strip();
    assertThat(PeerId.parse(k1).toString()).startsWith("16Uiu2");
    for (String[] key : new String[][] {{"r", rsa}, {"k", k1}}) {
      assertThat(cli.ok("name", "publish", "--allow-offline", "--key=" + key[0], cid).out())
          .isEqualTo("Published to " + key[1] + ": /ipfs/" + cid + "\n");
      // resolving validates the record: the RSA one with the public key it carries
      assertThat(cli.ok("name", "resolve", key[1]).out()).isEqualTo("/ipfs/" + cid + "\n");
    }
  }

  @Test
  void resolvesPathsUnderANameAndNamesThatPointAtNames() throws IOException {
    Path dir = Files.createDirectories(tmp.resolve("site/sub"));
    Files.writeString(dir.resolve("page.txt"), "a page");
    String root = cli.ok("add", "-r", "-Q", tmp.resolve("site").toString()).out().strip();
    String page = cli.ok("resolve", "/ipfs/" + root + "/sub/page.txt").out().strip();
    cli.ok("name", "publish", "--allow-offline", "/ipfs/" + root);

    assertThat(cli.ok("resolve", "/ipns/" + selfName + "/sub/page.txt").out())
        .isEqualTo(page + "\n");
    assertThat(cli.ok("name", "resolve", selfName + "/sub").out())
        .isEqualTo("/ipfs/" + root + "/sub\n");

    // /ipns/alias -> /ipns/self -> /ipfs/root
    String alias = cli.ok("key", "gen", "alias").out().strip();
    cli.ok("name", "publish", "--allow-offline", "--key=alias", "/ipns/" + selfName);
    assertThat(cli.ok("name", "resolve", alias).out()).isEqualTo("/ipfs/" + root + "\n");
    assertThat(cli.ok("name", "resolve", "-r=false", alias).out())
        .isEqualTo("/ipns/" + selfName + "\n");
    assertThat(cli.ok("resolve", "--recursive=false", "/ipns/" + alias + "/sub").out())
        .isEqualTo("/ipns/" + selfName + "/sub\n");
    assertThat(cli.ok("resolve", "/ipns/" + alias + "/sub/page.txt").out()).isEqualTo(page + "\n");
  }

  @Test
  void theSequenceGrowsOnlyWhenTheValueChanges() throws IOException {
    String one = add("one");
    String two = add("two");
    cli.ok("name", "publish", "--allow-offline", one);
    cli.ok("name", "publish", "--allow-offline", one); // same value: sequence 0 kept
    cli.ok("name", "publish", "--allow-offline", "--sequence=1", two);
    cli.ok("name", "publish", "--allow-offline", one); // a new value: 2
    assertThat(cli.fails("name", "publish", "--allow-offline", "--sequence=2", two))
        .isEqualTo("the sequence number 2 must be greater than the current 2");
    cli.ok("name", "publish", "--allow-offline", "--sequence=10", two);
    assertThat(cli.ok("name", "resolve").out()).isEqualTo("/ipfs/" + two + "\n");
  }

  @Test
  void errorsAreKubos() throws IOException {
    String cid = add("errors");
    assertThat(cli.fails("name", "publish", cid))
        .isEqualTo("can't publish while offline: pass `--allow-offline` to override");
    assertThat(cli.fails("name", "publish", "--allow-offline", "--ttl=1h", "--lifetime=30m", cid))
        .isEqualTo("ttl (1h0m0s) must not be greater than lifetime (30m0s)");
    assertThat(cli.fails("name", "publish", "--allow-offline", "-t", "0s", cid))
        .isEqualTo("lifetime must be greater than zero, got 0s");
    assertThat(cli.fails("name", "publish", "--allow-offline", "--ttl=-1s", cid))
        .isEqualTo("ttl must not be negative, got -1s");
    // --resolve (the default) checks the path first; a missing block fails it
    String absent = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    assertThat(cli.fails("name", "publish", "--allow-offline", "--offline", absent)).isNotEmpty();
    assertThat(cli.ok("name", "publish", "--allow-offline", "--resolve=false", absent).out())
        .isEqualTo("Published to " + selfName + ": /ipfs/" + absent + "\n");
  }
}
