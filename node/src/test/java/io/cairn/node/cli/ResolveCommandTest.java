package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.p2p.NameSystems;
import io.cairn.retrieval.ipns.LocalDnsServer;
import io.cairn.storage.Cid;
import io.cairn.storage.Multibase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn resolve PATH}: Kubo's {@code ipfs resolve} for {@code /ipfs/} paths: UnixFS names
 * (sharded directories too) and IPLD fields are followed to the last block the path reaches.
 */
@BothModes
class ResolveCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  LocalDnsServer dns;

  @BeforeEach
  void init() {
    dns = LocalDnsServer.start();
    System.setProperty(NameSystems.DNS_SERVERS, dns.hostAndPort());
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @AfterEach
  void stopDns() {
    System.clearProperty(NameSystems.DNS_SERVERS);
    dns.close();
  }

  /** Adds with {@code add -Q FLAG... PATH}; returns the root CID. */
  private String add(Path path, String... flags) {
    List<String> args = new ArrayList<>(List.of("add", "-Q"));
    args.addAll(List.of(flags));
    args.add(path.toString());
    return cli.ok(args.toArray(String[]::new)).out().strip();
  }

  @Test
  void followsUnixFsNamesToTheFileAndPrintsItsPath() throws IOException {
    Path file = tmp.resolve("src/path/to/testfile.txt");
    Files.createDirectories(file.getParent());
    Files.writeString(file, "Hello world");
    String fileCid = add(file);
    String root = add(tmp.resolve("src/path"), "-r");

    assertThat(cli.ok("resolve", "/ipfs/" + root + "/to/testfile.txt").out())
        .isEqualTo("/ipfs/" + fileCid + "\n");
    assertThat(cli.ok("resolve", "/ipfs/" + fileCid).out()).isEqualTo("/ipfs/" + fileCid + "\n");
    assertThat(cli.ok("resolve", "ipfs://" + root + "/to/testfile.txt").out())
        .isEqualTo("/ipfs/" + fileCid + "\n");
    assertThat(cli.ok("resolve", "IPFS:" + root + "/to/testfile.txt").out())
        .isEqualTo("/ipfs/" + fileCid + "\n");
    assertThat(cli.ok("resolve", "--enc=json", root + "/to").json().get("Path").asText())
        .isEqualTo("/ipfs/" + cli.ok("dag", "resolve", root + "/to").out());
  }

  @Test
  void followsNamesThroughAShardedDirectory() throws IOException {
    cli.ok("config", "Import.UnixFSHAMTDirectorySizeThreshold", "1KiB");
    Path dir = tmp.resolve("many");
    Files.createDirectories(dir);
    for (int i = 0; i < 100; i++) {
      Files.writeString(dir.resolve("entry-" + i), "content " + i);
    }
    String root = add(dir, "-r");
    assertThat(cli.ok("ls", "--enc=json", root).out()).contains("entry-42");
    // a sharded root links to its buckets ("3F..."), not to the entries by name
    assertThat(cli.ok("dag", "get", root).out()).doesNotContain("\"entry-42\"");
    String entry = add(dir.resolve("entry-42"));

    assertThat(cli.ok("resolve", "/ipfs/" + root + "/entry-42").out())
        .isEqualTo("/ipfs/" + entry + "\n");
    assertThat(cli.ok("dag", "resolve", root + "/entry-42").out()).isEqualTo(entry);
    assertThat(cli.fails("resolve", "/ipfs/" + root + "/entry-100"))
        .startsWith("no link named \"entry-100\" under ");
  }

  @Test
  void stopsAtTheLastBlockWithThePathLeftInsideIt() {
    String child = put("{\"node\":{\"with\":{\"file\":\"x\"}}}");
    String parent = put("{\"path\":{\"to\":{\"/\":\"" + child + "\"}}}");

    assertThat(cli.ok("resolve", "/ipfs/" + child + "/node/with/file").out())
        .isEqualTo("/ipfs/" + child + "/node/with/file\n");
    assertThat(cli.ok("resolve", "/ipfs/" + parent + "/path/to/node/with/file").out())
        .isEqualTo("/ipfs/" + child + "/node/with/file\n");
    assertThat(cli.fails("resolve", "/ipfs/" + parent + "/path/nope"))
        .contains("'nope'")
        .contains(parent);
  }

  @Test
  void cidBaseReencodesTheCidAndAPathKeepsItsOwnBase() throws IOException {
    Path file = tmp.resolve("f.txt");
    Files.writeString(file, "base64url encoded");
    String v1 = add(file, "--cid-version=1");
    String v0 = add(file);
    Cid cid = Cid.parse(v1);

    assertThat(cli.ok("resolve", "--cid-base=base64url", "/ipfs/" + v1).out())
        .isEqualTo("/ipfs/" + cid.toString(Multibase.BASE64_URL) + "\n");
    String inBase36 = cid.toString(Multibase.BASE36);
    assertThat(cli.ok("resolve", "/ipfs/" + inBase36).out()).isEqualTo("/ipfs/" + inBase36 + "\n");
    // As Kubo: a CIDv0 is upgraded to v1 when a base is asked for
    assertThat(cli.ok("resolve", "--cid-base=base32", v0).out())
        .isEqualTo("/ipfs/" + Cid.parse(v0).toV1() + "\n");
  }

  @Test
  void dnsLinkNamesResolveAndBadPathsAreClearErrors() throws IOException {
    Path file = tmp.resolve("f.txt");
    Files.writeString(file, "hi");
    String cid = add(file);
    dns.dnsLink("files.example.net", 60, "/ipfs/" + cid);
    assertThat(cli.ok("resolve", "/ipns/files.example.net").out()).isEqualTo("/ipfs/" + cid + "\n");
    assertThat(cli.fails("resolve", "/ipns/ipfs.io"))
        .contains("DNSLink lookup for \"ipfs.io\" failed");
    assertThat(cli.fails("resolve", "/ipfs/notacid")).contains("notacid");
    assertThat(
            cli.fails("resolve", "--cid-base=base99", "/ipfs/" + Cid.parse(put("{}")).toString()))
        .contains("base99");
  }

  private String put(String json) {
    return cli.okWithInput(json.getBytes(StandardCharsets.UTF_8), "dag", "put").out().strip();
  }
}
