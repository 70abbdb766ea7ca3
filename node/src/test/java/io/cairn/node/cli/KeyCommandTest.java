package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.KeyFormat;
import io.cairn.config.Keystore;
import io.cairn.config.RepoPaths;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Kubo's {@code key gen|ls|list|rename|rm}, on the repo's keystore, with Kubo's text. */
@BothModes
class KeyCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  String selfId;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
    selfId = PeerId.parse(cli.ok("id", "-f", "<id>").out()).toBase36();
  }

  @Test
  void genPrintsTheIdAndLsListsSelfFirstThenByName() {
    String b = cli.ok("key", "gen", "bee").out().strip();
    String a = cli.ok("key", "gen", "--type=ed25519", "-s", "256", "ant").out().strip();
    assertThat(a).startsWith("k51").isNotEqualTo(b);
    assertThat(keystore().get("ant").peerId().toBase36()).isEqualTo(a);

    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\nant\nbee\n");
    assertThat(cli.ok("key", "list").out()).isEqualTo("self\nant\nbee\n");
    // Go's tabwriter: the name column padded to its widest cell and one space, as Kubo's
    assertThat(cli.ok("key", "ls", "-l").out())
        .isEqualTo(selfId + " self \n" + a + " ant  \n" + b + " bee  \n");
    String b58 = cli.ok("key", "ls", "-l", "--ipns-base=b58mh").lines().get(1);
    assertThat(b58).isEqualTo(keystore().get("ant").peerId() + " ant  ");

    var json = cli.ok("key", "ls", "--enc=json").json();
    assertThat(json.at("/Keys/1/Name").asText()).isEqualTo("ant");
    assertThat(json.at("/Keys/1/Id").asText()).isEqualTo(a);
  }

  @Test
  void renameAndRmPrintKubosText() {
    String id = cli.ok("key", "gen", "one").out().strip();
    cli.ok("key", "gen", "two");

    assertThat(cli.ok("key", "rename", "one", "uno").out())
        .isEqualTo("Key " + id + " renamed to uno\n");
    assertThat(cli.fails("key", "rename", "uno", "two"))
        .isEqualTo("key by that name already exists, refusing to overwrite");
    assertThat(cli.ok("key", "rename", "-f", "uno", "two").out())
        .isEqualTo("Key " + id + " renamed to two with overwriting\n");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\ntwo\n");

    cli.ok("key", "gen", "three");
    assertThat(cli.ok("key", "rm", "two", "three").out()).isEqualTo("two\nthree\n");
    cli.ok("key", "gen", "four");
    assertThat(cli.okWithInput("four\n".getBytes(StandardCharsets.UTF_8), "key", "rm", "-l").out())
        .startsWith("k51")
        .endsWith(" four \n");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\n");
    assertThat(keystore().list()).isEmpty();
  }

  @Test
  void errorsAreOneLineInKubosWords() {
    assertThat(cli.fails("key", "gen", "self")).isEqualTo("cannot create key with name 'self'");
    assertThat(cli.fails("key", "gen", "-t", "rsa", "-s", "1024", "r"))
        .isEqualTo("rsa keys must be >= 2048 bits to be useful");
    assertThat(cli.fails("key", "gen", "-t", "ecdsa", "r"))
        .isEqualTo("unrecognized key type: ecdsa");
    assertThat(cli.fails("key", "gen", ".dot")).isEqualTo("key names may not begin with a period");
    assertThat(cli.fails("key", "rm", "self")).isEqualTo("cannot remove key with name 'self'");
    assertThat(cli.fails("key", "rm", "nope")).isEqualTo("no key named nope was found");
    assertThat(cli.fails("key", "rename", "self", "x"))
        .isEqualTo("cannot rename key with name 'self'");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\n");
  }

  @Test
  void anOddNameIsEscapedInText() throws IOException {
    cli.ok("key", "gen", "tab\there");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\ntab\\there\n");
    assertThat(cli.ok("key", "ls", "--enc=json").json().at("/Keys/1/Name").asText())
        .isEqualTo("tab\there");
    try (Stream<Path> files = Files.list(keystore().dir())) {
      assertThat(files.map(p -> p.getFileName().toString())).contains("key_orqweclimvzgk");
    }
  }

  @Test
  void exportWritesAnOwnerOnlyFileInEitherFormatThatImportReadsBack() throws IOException {
    String id = cli.ok("key", "gen", "mine").out().strip();
    Path key = tmp.resolve("mine.key");
    // export reads the keystore itself, also while a daemon holds the repo, and prints nothing
    assertThat(cli.ok("key", "export", "mine", "-o", key.toString()).out()).isEmpty();
    assertThat(Files.readAllBytes(key)).isEqualTo(keystore().get("mine").privateKeyProtobuf());
    assertThat(permissions(key)).isEqualTo("rw-------");
    Path pem = tmp.resolve("mine.pem");
    Files.writeString(pem, "an older file, readable by all");
    Files.setPosixFilePermissions(pem, PosixFilePermissions.fromString("rw-r--r--"));
    cli.ok("key", "export", "--format=pem-pkcs8-cleartext", "--output=" + pem, "mine");
    assertThat(Files.readString(pem))
        .startsWith("-----BEGIN PRIVATE KEY-----\nMC4CAQAwBQYDK2VwBCIEI")
        .endsWith("\n-----END PRIVATE KEY-----\n");
    assertThat(permissions(pem)).isEqualTo("rw-------");
    assertThat(KeyFileCommands.Export.defaultFile("mine", KeyFormat.PEM_PKCS8))
        .isEqualTo(Path.of("mine.pem"));

    cli.ok("key", "rm", "mine");
    assertThat(cli.ok("key", "import", "back", key.toString()).out()).isEqualTo(id + "\n");
    String b58 = keystore().get("back").peerId().toString();
    assertThat(
            cli.ok("key", "import", "-f", "pem-pkcs8-cleartext", "--ipns-base=b58mh", "p", "" + pem)
                .out())
        .isEqualTo(b58 + "\n");
    assertThat(cli.okWithInput(Files.readAllBytes(key), "key", "import", "in", "-").out())
        .isEqualTo(id + "\n");
    assertThat(cli.ok("key", "import", "--enc=json", "j", key.toString()).json().toString())
        .isEqualTo("{\"Name\":\"j\",\"Id\":\"" + id + "\"}");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\nback\nin\nj\np\n");
  }

  @Test
  void exportAndImportErrorsAreOneLine() throws IOException {
    cli.ok("key", "gen", "k");
    Path out = tmp.resolve("k.key");
    assertThat(cli.fails("key", "export", "self")).isEqualTo("cannot export key with name 'self'");
    assertThat(cli.fails("key", "export", "nope")).isEqualTo("key with name 'nope' doesn't exist");
    assertThat(cli.fails("key", "export", "-f", "der", "k"))
        .startsWith("unrecognized export format: der");
    assertThat(new Cli(tmp.resolve("none"), mode).fails("key", "export", "k"))
        .startsWith("no Cairn repo at ");
    cli.ok("key", "export", "k", "-o", out.toString());

    assertThat(cli.fails("key", "import", "self", out.toString()))
        .isEqualTo("cannot import key with name 'self'");
    assertThat(cli.fails("key", "import", "k", out.toString()))
        .isEqualTo("key with name 'k' already exists");
    assertThat(cli.fails("key", "import", "x", tmp.resolve("missing").toString()))
        .startsWith("no such file or directory: ");
    Path garbage = tmp.resolve("garbage");
    Files.writeString(garbage, "not a key");
    assertThat(cli.fails("key", "import", "x", garbage.toString()))
        .startsWith("unable to unmarshall format=libp2p-protobuf-cleartext: ");
    assertThat(cli.fails("key", "import", "--format=pem-pkcs8-cleartext", "x", out.toString()))
        .isEqualTo("PEM block not found in input data");
    assertThat(cli.ok("key", "ls").out()).isEqualTo("self\nk\n");
  }

  private static String permissions(Path file) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(file));
  }

  @Test
  void helpExplainsTheKeystore() {
    // help never reaches a daemon
    String help = new Cli(cli.repo(), Cli.Mode.IN_PROCESS).ok("key", "--help").out();
    assertThat(help)
        .contains("Create, list, rename, remove, export, import and sign with the keys")
        .contains("keystore/")
        .contains("gen", "export", "import", "ls", "rename", "rm", "rotate", "sign", "verify")
        .doesNotContain("list  ");
  }

  /**
   * Kubo's {@code key rotate} (its t0027-rotate.sh): a new identity in the config, the old one in
   * the keystore and still usable for IPNS; refused while the daemon runs.
   */
  @Test
  void rotateGivesANewIdentityAndKeepsTheOldOneUnderItsName() throws IOException {
    if (mode == Cli.Mode.DAEMON) {
      assertThat(cli.fails("key", "rotate", "-o", "old"))
          .isEqualTo("cairn daemon is running. please stop it to run this command");
      assertThat(keystore().list()).isEmpty();
      return;
    }
    String firstId = cli.ok("id", "-f", "<id>").out().strip();
    String firstKey = cli.ok("id", "-f", "<pubkey>").out().strip();
    assertThat(cli.fails("key", "rotate"))
        .isEqualTo("keystore name for backing up old key must be provided");
    assertThat(cli.fails("key", "rotate", "-o", "self"))
        .isEqualTo("keystore name for back up cannot be named 'self'");
    assertThat(cli.fails("key", "rotate", "-t", "rsa", "-s", "2048", "-o", "old"))
        .contains("key type 'rsa' is not supported");
    assertThat(keystore().list()).isEmpty();

    String out = cli.ok("key", "rotate", "-t", "ed25519", "--oldkey=old").out();
    String secondId = cli.ok("id", "-f", "<id>").out().strip();
    assertThat(out)
        .isEqualTo("generating ED25519 keypair...done\npeer identity: " + secondId + "\n");
    assertThat(secondId).isNotEqualTo(firstId);
    assertThat(cli.ok("id", "-f", "<pubkey>").out().strip()).isNotEqualTo(firstKey);
    assertThat(cli.ok("config", "Identity.PeerID").out().strip()).isEqualTo(secondId);
    assertThat(cli.ok("key", "ls", "-l", "--ipns-base=b58mh").out())
        .isEqualTo(secondId + " self \n" + firstId + " old  \n");
    assertThat(cli.fails("key", "rotate", "-o", "old")).contains("'old' already exists");
    assertThat(cli.ok("id", "-f", "<id>").out().strip()).isEqualTo(secondId);

    Path file = Files.writeString(tmp.resolve("msg"), "hello world\n");
    String cid = cli.ok("add", "-Q", file.toString()).out().strip();
    String oldName = PeerId.parse(firstId).toBase36();
    assertThat(cli.ok("name", "publish", "--allow-offline", "--key=old", cid).out())
        .isEqualTo("Published to " + oldName + ": /ipfs/" + cid + "\n");
    assertThat(cli.ok("name", "publish", "--allow-offline", "--key=self", cid).out())
        .startsWith("Published to " + PeerId.parse(secondId).toBase36());
    assertThat(cli.ok("name", "resolve", oldName).out()).isEqualTo("/ipfs/" + cid + "\n");
  }

  private Keystore keystore() {
    return Keystore.open(new RepoPaths(cli.repo()));
  }

  /**
   * Kubo's {@code key sign} and {@code key verify}: a signature by self or a named key, checked by
   * name, by IPNS name and by peer ID; other data, another key or a bad signature do not pass.
   */
  @Test
  void signAndVerifyProveKeyOwnership() throws IOException {
    String antId = cli.ok("key", "gen", "ant").out().strip();
    byte[] data = "I hold this key".getBytes(StandardCharsets.UTF_8);
    var self = cli.okWithInput(data, "key", "sign").json();
    assertThat(self.at("/Key/Name").asText()).isEqualTo("self");
    assertThat(self.at("/Key/Id").asText()).isEqualTo(selfId);
    String selfSignature = self.get("Signature").asText();
    assertThat(selfSignature).startsWith("u");
    Path file = Files.write(tmp.resolve("data"), data);
    var ant = cli.ok("key", "sign", "-k", "ant", "--ipns-base=b58mh", file.toString()).json();
    assertThat(ant.at("/Key/Name").asText()).isEqualTo("ant");
    String antPeer = ant.at("/Key/Id").asText();
    assertThat(antPeer).startsWith("12D3KooW");
    String antSignature = ant.get("Signature").asText();

    var checked = cli.okWithInput(data, "key", "verify", "-s", selfSignature).json();
    assertThat(checked.at("/Key/Name").asText()).isEqualTo("self");
    assertThat(checked.get("SignatureValid").asBoolean()).isTrue();
    assertThat(
            cli.ok("key", "verify", "--key=ant", "--signature", antSignature, file.toString())
                .json()
                .get("SignatureValid")
                .asBoolean())
        .isTrue();
    for (String byId : new String[] {antId, antPeer, "/ipns/" + antId}) {
      var v = cli.okWithInput(data, "key", "verify", "-k", byId, "-s", antSignature).json();
      assertThat(v.at("/Key/Name").asText()).as(byId).isEmpty();
      assertThat(v.at("/Key/Id").asText()).isEqualTo(antId);
      assertThat(v.get("SignatureValid").asBoolean()).isTrue();
    }
    byte[] other = "I hold another".getBytes(StandardCharsets.UTF_8);
    assertThat(
            cli.okWithInput(other, "key", "verify", "-k", "ant", "-s", antSignature)
                .json()
                .get("SignatureValid")
                .asBoolean())
        .isFalse();
    assertThat(
            cli.okWithInput(data, "key", "verify", "-k", "ant", "-s", selfSignature)
                .json()
                .get("SignatureValid")
                .asBoolean())
        .isFalse();
    assertThat(cli.failsWithInput(data, "key", "verify", "-k", "nobody", "-s", antSignature))
        .isEqualTo("'\"nobody\"' is not a known key, an IPNS Name, or a valid PeerID");
    assertThat(cli.failsWithInput(data, "key", "verify", "-s", "!notmultibase"))
        .startsWith("invalid --signature: ");
    assertThat(cli.failsWithInput(data, "key", "sign", "-k", "nobody")).contains("nobody");
  }
}
