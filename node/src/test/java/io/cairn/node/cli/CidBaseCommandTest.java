package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * Kubo's global {@code --cid-base} and {@code --upgrade-cidv0-in-output}, before or after the
 * command name, on every command that writes CIDs: a CIDv0 becomes CIDv1 in any base but base58btc
 * unless the upgrade flag says otherwise.
 */
@BothModes
class CidBaseCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  String dir;
  String file;

  @BeforeEach
  void init() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    Path d = tmp.resolve("d");
    Files.createDirectories(d);
    Files.writeString(d.resolve("a.txt"), "hello world\n");
    dir = cli.ok("add", "-r", "-Q", d.toString()).out().strip();
    file = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"; // "hello world\n"
  }

  private static String b32(String cid) {
    return Cid.parse(cid).toV1().toString(Multibase.BASE32);
  }

  @Test
  void anywhereOnTheLineForEveryCommandThatListsCids() {
    assertThat(cli.ok("--cid-base=base32", "ls", dir).out()).contains(b32(file) + " 12 a.txt");
    assertThat(cli.ok("ls", dir, "--cid-base", "base32").out()).contains(b32(file));
    assertThat(cli.ok("ls", "--cid-base=base58btc", dir).out()).contains(file);
    assertThat(cli.ok("refs", "--cid-base=base32", dir).lines()).containsExactly(b32(file));
    assertThat(cli.ok("pin", "ls", "--type=recursive", "--cid-base=base32").out())
        .isEqualTo(b32(dir) + " recursive\n");
    assertThat(cli.ok("pin", "ls", "--cid-base=base32", dir + "/a.txt").out())
        .isEqualTo(b32(file) + " indirect through " + b32(dir) + "\n");
    assertThat(cli.ok("block", "stat", "--cid-base=base32", file).out())
        .startsWith("Key: " + b32(file) + "\n");
    assertThat(cli.ok("dag", "stat", "--enc=json", "--cid-base=base32", dir).out())
        .contains("\"Cid\":\"" + b32(dir) + "\"");
    assertThat(cli.ok("resolve", "--cid-base=base32", "/ipfs/" + dir + "/a.txt").out())
        .isEqualTo("/ipfs/" + b32(file) + "\n");
    assertThat(cli.ok("refs", "local", "--cid-base=base58btc").lines())
        .contains(
            Cid.v1(io.cairn.storage.Multicodec.RAW, Cid.parse(file).multihash())
                .toString(Multibase.BASE58_BTC));
  }

  @Test
  void pinCommandsAnswerInTheBase() {
    String b36 = Cid.parse(file).toV1().toString(Multibase.BASE36);
    assertThat(cli.ok("pin", "add", "--cid-base=base36", file).out())
        .isEqualTo("pinned " + b36 + " recursively\n");
    assertThat(cli.ok("pin", "update", "--cid-base=base36", "--unpin=false", file, dir).out())
        .contains(b36);
    assertThat(cli.ok("pin", "rm", "--cid-base=base36", file).out())
        .isEqualTo("unpinned " + b36 + "\n");
  }

  @Test
  void blockAndDagCommandsWriteTheirNewCidInTheBase() {
    byte[] data = "some bytes".getBytes(StandardCharsets.UTF_8);
    Cid raw = Cid.parse(cli.okWithInput(data, "block", "put").out().strip());
    assertThat(cli.okWithInput(data, "block", "put", "--cid-base=base58btc").out().strip())
        .isEqualTo(raw.toString(Multibase.BASE58_BTC));
    assertThat(cli.ok("block", "rm", "--cid-base=base36", raw.toString()).out())
        .isEqualTo("removed " + raw.toString(Multibase.BASE36) + "\n");
    byte[] json = "{\"a\":1}".getBytes(StandardCharsets.UTF_8);
    Cid node = Cid.parse(cli.okWithInput(json, "dag", "put").out().strip());
    assertThat(cli.okWithInput(json, "dag", "put", "--cid-base=base36").out())
        .isEqualTo(node.toString(Multibase.BASE36) + "\n");
    // The RPC answer's {"/": cid} link keeps its own form, as Kubo's does.
    JsonNode put = cli.okWithInput(json, "--enc=json", "dag", "put", "--cid-base=base36").json();
    assertThat(put.path("Cid").path("/").asText()).isEqualTo(node.toString());
  }

  @Test
  void dagResolveKeepsThePathsBaseUnlessOneIsGiven() {
    byte[] json = ("{\"f\": {\"/\": \"" + file + "\"}}").getBytes(StandardCharsets.UTF_8);
    Cid node = Cid.parse(cli.okWithInput(json, "dag", "put").out().strip());
    String b36node = node.toString(Multibase.BASE36);
    String b36file = Cid.parse(file).toV1().toString(Multibase.BASE36);
    // A CIDv0 reached from a CIDv1 path is written as a CIDv1 in the path's base.
    assertThat(cli.ok("dag", "resolve", b36node + "/f").out()).isEqualTo(b36file);
    assertThat(cli.ok("dag", "resolve", node + "/f").out()).isEqualTo(b32(file));
    assertThat(cli.ok("dag", "resolve", dir + "/a.txt").out()).isEqualTo(file);
    assertThat(cli.ok("dag", "resolve", "--cid-base=base32", dir + "/a.txt").out())
        .isEqualTo(b32(file));
    // resolve too, and a given base wins over the path's.
    assertThat(cli.ok("resolve", "/ipfs/" + b36node + "/f").out())
        .isEqualTo("/ipfs/" + b36file + "\n");
    assertThat(cli.ok("resolve", "--cid-base=base58btc", "/ipfs/" + dir + "/a.txt").out())
        .isEqualTo("/ipfs/" + file + "\n");
    assertThat(cli.ok("resolve", "--cid-base=base58btc", "/ipfs/" + b36node + "/f").out())
        .isEqualTo("/ipfs/" + file + "\n");
  }

  @Test
  void theUpgradeFlagOverridesTheBase() {
    assertThat(cli.ok("ls", "--cid-base=base32", "--upgrade-cidv0-in-output=false", dir).out())
        .contains(file + " 12 a.txt");
    assertThat(cli.ok("ls", "--upgrade-cidv0-in-output", dir).out())
        .contains(b32(file) + " 12 a.txt");
    assertThat(cli.ok("refs", "--cid-base=base58btc", "--upgrade-cidv0-in-output", dir).out())
        .isEqualTo(Cid.parse(file).toV1().toString(Multibase.BASE58_BTC) + "\n");
  }

  @Test
  void anUnknownBaseIsAnErrorNamingIt() {
    assertThat(cli.fails("ls", "--cid-base=base99", dir)).contains("--cid-base").contains("base99");
    assertThat(cli.fails("dag", "resolve", "--cid-base=base99", dir)).contains("base99");
  }
}
