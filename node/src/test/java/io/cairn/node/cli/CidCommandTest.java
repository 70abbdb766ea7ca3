package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn cid format|base32|bases|codecs|hashes} with the vectors of Kubo's sharness test
 * t0290. These commands need no repo: in-process, the one named does not exist; with a daemon,
 * {@code format} and {@code base32} go to its RPC API.
 */
@BothModes
class CidCommandTest {
  @Parameter Cli.Mode mode;

  private static final String CID_V0 = "QmS4ustL54uo8FzR9455qaxZwuMiUhyvMcX9Ba8nUH4uVv";
  private static final String CID_V1 = "zdj7WZAAFKPvYPPzyJLso2hhxo8a7ZACFQ4DvvfrNXTHidofr";
  private static final String CID_B32 =
      "bafybeibxm2nsadl3fnxv2sxcxmxaco2jl53wpeorjdzidjwf5aqdg7wa6u";
  private static final String CID_BASE = "QmYNmQKp6SuaVrpgWRsPTgCQCnpxUYGq76YEKBXuj2N4H6";
  private static final String CID_B32_PB =
      "bafybeievd6mwe6vcwnkwo3eizs3h7w3a34opszbyfxziqdxguhjw7imdve";
  private static final String CID_B32_RAW =
      "bafkreievd6mwe6vcwnkwo3eizs3h7w3a34opszbyfxziqdxguhjw7imdve";
  private static final String CID_B32_CBOR =
      "bafyreievd6mwe6vcwnkwo3eizs3h7w3a34opszbyfxziqdxguhjw7imdve";

  private static final String VARIOUS =
      """
      QmZZRTyhDpL5Jgift1cHbAhexeE1m2Hw8x8g7rTcPahDvo
       QmPhk6cJkRcFfZCdYam4c9MKYjFG9V29LswUnbrFNhtk2S
      bafybeihtwdtifv43rn5cyilnmkwofdcxi2suqimmo62vn3etf45gjoiuwy
      bafybeiek4tfxkc4ov6jsmb63fzbirrsalnjw24zd5xawo2fgxisd4jmpyq
      zdj7WgYfT2gfsgiUxzPYboaRbP9H9CxZE5jVMK9pDDwCcKDCR
      zdj7WbTaiJT1fgatdet9Ei9iDB5hdCxkbVyhyh8YTUnXMiwYi
      uAXASIDsp4T3Wnd6kXFOQaljH3GFK_ixkjMtVhB9VOBrPK3bp
       uAXASIDdmmyANeytvXUriuy4BO0lfd2eR0UjygabF6CAzfsD1
      """;

  @TempDir Path tmp;

  private Cli cli;

  private Cli cli() {
    if (cli == null) {
      cli =
          mode == Cli.Mode.DAEMON
              ? Cli.init(tmp.resolve("repo"), mode)
              : new Cli(tmp.resolve("no-repo-here"), mode);
    }
    return cli;
  }

  @Test
  void base32ConvertsArgumentsAndStdinAsKubo() {
    Cli cli = cli();
    assertThat(cli.ok("cid", "base32", CID_V0).out()).isEqualTo(CID_B32 + "\n");
    assertThat(cli.ok("cid", "base32", CID_V1).out()).isEqualTo(CID_B32 + "\n");
    assertThat(cli.okWithInput(VARIOUS.getBytes(StandardCharsets.UTF_8), "cid", "base32").lines())
        .containsExactly(
            "bafybeifgwyq5gs4l2mru5klgwjfmftjvkmbyyjurbupuz2bst7mhmg2hwa",
            "bafybeiauil46g3lb32jemjbl7yspca3twdcg4wwkbsgdgvgdj5fpfv2f64",
            "bafybeihtwdtifv43rn5cyilnmkwofdcxi2suqimmo62vn3etf45gjoiuwy",
            "bafybeiek4tfxkc4ov6jsmb63fzbirrsalnjw24zd5xawo2fgxisd4jmpyq",
            "bafybeifffq3aeaymxejo37sn5fyaf7nn7hkfmzwdxyjculx3lw4tyhk7uy",
            "bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354",
            "bafybeib3fhqt3vu532sfyu4qnjmmpxdbjl7cyzemznkyih2vhanm6k3w5e",
            CID_B32);
    if (mode == Cli.Mode.IN_PROCESS) {
      assertThat(cli.repo()).doesNotExist();
    }
  }

  @Test
  void formatConvertsVersionsBasesAndCodecsAsKubo() {
    Cli cli = cli();
    assertThat(cli.ok("cid", "format", "-v", "1", "-b", "base58btc", CID_V0).out())
        .isEqualTo(CID_V1 + "\n");
    assertThat(cli.ok("cid", "format", "-v", "1", "-b", "base58btc", CID_B32).out())
        .isEqualTo(CID_V1 + "\n");
    assertThat(cli.ok("cid", "format", "-v", "0", CID_B32).out()).isEqualTo(CID_V0 + "\n");
    assertThat(cli.ok("cid", "format", "--mc", "raw", "-b", "base32", CID_B32_PB).out())
        .isEqualTo(CID_B32_RAW + "\n");
    assertThat(cli.ok("cid", "format", "--mc", "dag-pb", "-v", "0", CID_B32_RAW).out())
        .isEqualTo(CID_BASE + "\n");
    assertThat(cli.ok("cid", "format", "--mc", "dag-cbor", CID_B32_PB).out())
        .isEqualTo(CID_B32_CBOR + "\n");
    assertThat(
            cli.okWithInput(
                    VARIOUS.getBytes(StandardCharsets.UTF_8),
                    "cid",
                    "format",
                    "-v",
                    "1",
                    "-b",
                    "base58btc")
                .lines())
        .hasSize(8)
        .startsWith("zdj7WgefqQm5HogBQ2bckZuTYYDarRTUZi51GYCnerHD2G86j")
        .endsWith(CID_V1);
  }

  @Test
  void formatStringSpecifiersDescribeTheCid() {
    assertThat(cli().ok("cid", "format", "-f", "%P %b %v %c %h %L", CID_B32).out())
        .isEqualTo("cidv1-dag-pb-sha2-256-32 base32 cidv1 dag-pb sha2-256 32\n");
    assertThat(cli().ok("cid", "format", "-f", "%V %C %H %%", CID_V0).out())
        .isEqualTo("0 112 18 %\n");
  }

  @Test
  void invalidCidsAreNamedOnStderrAndTheCommandFailsAsKubo() {
    Run run = cli().run("cid", "base32", "not-a-cid", CID_V0);
    assertThat(run.error()).isEqualTo("errors while displaying some entries");
    assertThat(run.out()).isEqualTo(CID_B32 + "\n");
    assertThat(run.err()).contains("not-a-cid: ");

    List<JsonNode> json = cli().run("cid", "format", "--enc=json", "not-a-cid").jsonLines();
    assertThat(json.get(0).get("CidStr").asText()).isEqualTo("not-a-cid");
    assertThat(json.get(0).get("ErrorMsg").asText()).isNotEmpty();

    assertThat(cli().fails("cid", "format", "--codec", "protobuf", CID_V0))
        .isEqualTo("unknown option \"codec\"");
    assertThat(cli().fails("cid", "format", "-v", "2", CID_V0))
        .isEqualTo("invalid cid version: \"2\"");
    assertThat(cli().fails("cid", "format", "-v", "0", "--mc", "raw", CID_B32)).contains("dag-pb");
  }

  @Test
  void listsBasesCodecsAndHashesInKubosFormat() {
    List<String> bases = cli().ok("cid", "bases", "--prefix", "--numeric").lines();
    assertThat(bases)
        .contains(
            "b      98  base32",
            "B      66  base32upper",
            "f     102  base16",
            "k     107  base36",
            "z     122  base58btc");
    assertThat(bases.indexOf("b      98  base32"))
        .isLessThan(bases.indexOf("z     122  base58btc"));
    assertThat(cli().ok("cid", "bases").lines()).contains("base32", "base58btc");
    assertThat(cli().ok("cid", "codecs", "--numeric").lines())
        .contains("   85  raw", "  112  dag-pb", "  113  dag-cbor", "  297  dag-json");
    assertThat(cli().ok("cid", "hashes", "--numeric").lines())
        .contains("   18  sha2-256", "45600  blake2b-256");
    JsonNode codecs = cli().ok("cid", "codecs", "--enc=json").json();
    assertThat(codecs.isArray()).isTrue();
    assertThat(codecs.findValuesAsText("Name")).contains("dag-pb");
    List<String> supported = cli().ok("cid", "codecs", "--supported").lines();
    assertThat(supported).contains("raw", "dag-pb", "dag-cbor", "dag-json", "libp2p-key");
    assertThat(cli().ok("cid", "codecs").lines())
        .containsAll(supported)
        .hasSizeGreaterThan(supported.size());
  }
}
