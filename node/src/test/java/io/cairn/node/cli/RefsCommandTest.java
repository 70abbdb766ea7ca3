package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn refs} and {@code refs local} on the tree of Kubo's sharness test t0095, whose
 * expected outputs (visit order, --unique, --max-depth pruning and re-exploration) they must give.
 */
@BothModes
class RefsCommandTest {
  @Parameter Cli.Mode mode;

  private static final String ROOT = "QmU6xujRsYzcrkocuR3fhfnkZBB8eyUFFq4WKRGw2aS15h";
  private static final String ONE = "QmdytmR4wULMd3SLo6ePF4s3WcRHWcpnJZ7bHhoj3QB13v";
  private static final String TWO = "QmSFxnK675wQ9Kc1uqWKyJUaNxvSc2BP5DbXCD3x93oq61";
  private static final String B = "QmNkQvpiyAEtbeLviC7kqfifYoK1GXPcsSxTpP1yS3ykLa";
  private static final String C = "QmXXazTjeNCKFnpW1D65vTKsTs8fbgkCWTv8Em4pdK2coH";
  private static final String D = "QmSanP5DpxpqfDdS4yekHY1MqrVge47gtxQcp2e2yZ4UwS";

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() throws IOException {
    cli = Cli.init(tmp.resolve("repo"), mode);
    for (String dir : List.of("A/B/D", "A/C/B/D", "A/D")) {
      Files.createDirectories(tmp.resolve(dir));
    }
    for (String one : List.of("A/1.txt", "A/B/1.txt", "A/C/B/1.txt")) {
      Files.writeString(tmp.resolve(one), "1\n");
    }
    for (String two : List.of("A/B/D/2.txt", "A/C/B/D/2.txt", "A/D/2.txt")) {
      Files.writeString(tmp.resolve(two), "2\n");
    }
    assertThat(cli.ok("add", "-r", "-Q", tmp.resolve("A").toString()).out()).isEqualTo(ROOT + "\n");
  }

  @Test
  void listsDirectLinksAndWholeDagsInKubosOrder() {
    assertThat(cli.ok("refs", ROOT).lines()).containsExactly(ONE, B, C, D);
    assertThat(cli.ok("refs", "-r", ROOT).lines())
        .containsExactly(ONE, B, ONE, D, TWO, C, B, ONE, D, TWO, D, TWO);
    assertThat(cli.ok("refs", "-r", "--unique", ROOT).lines()).containsExactly(ONE, B, D, TWO, C);
  }

  @Test
  void maxDepthLimitsTheWalkAndUniqueReexploresWhatItSeesHigherUp() {
    assertThat(cli.ok("refs", "-r", "--max-depth=0", ROOT).out()).isEmpty();
    assertThat(cli.ok("refs", "-r", "--max-depth=1", ROOT).lines())
        .isEqualTo(cli.ok("refs", ROOT).lines());
    assertThat(cli.ok("refs", "-r", "--max-depth=2", ROOT).lines())
        .containsExactly(ONE, B, ONE, D, C, B, D, TWO);
    assertThat(cli.ok("refs", "-r", "-u", "--max-depth=2", ROOT).lines())
        .containsExactly(ONE, B, D, C, TWO);
  }

  @Test
  void formatsEdgesWithSourceDestinationAndLinkName() {
    assertThat(cli.ok("refs", "-e", ROOT + "/B").lines())
        .containsExactly(B + " -> " + ONE, B + " -> " + D);
    assertThat(cli.ok("refs", "--format=<linkname>: <dst>", ROOT).lines())
        .containsExactly("1.txt: " + ONE, "B: " + B, "C: " + C, "D: " + D);
    assertThat(cli.fails("refs", "-e", "--format=<dst>!", ROOT))
        .isEqualTo("using format argument with edges is not allowed");
    List<JsonNode> json = cli.ok("refs", "--enc=json", ROOT + "/D").jsonLines();
    assertThat(json).hasSize(1);
    assertThat(json.get(0).get("Ref").asText()).isEqualTo(TWO);
    assertThat(json.get(0).get("Err").asText()).isEmpty();
  }

  /** Kubo's --cid-base (t0095): CIDv0 refs become CIDv1 in any base but base58btc. */
  @Test
  void cidBaseWritesRefsInThatBase() {
    String one = "bafybeihingyc22a6bqpjxxnugujozdm7xi6sobumhbak4x3wahwfvsmhne";
    String b = "bafybeiagcznyidu655q7txu5jpv5mwi6gsffdwuhz7rfewksmwdi4oxs7m";
    String c = "bafybeieiqzpaka4rn7w6fkcely35nfusk6opwl4aynrz4bam3c33fnbnoa";
    String d = "bafybeib7bwg3tkfam3rdco2nz5mrkestulqr4io5dwucrqiqxnmvm2vale";
    String two = "bafybeib2hnduadtzn7qagkbvvug2prtgvqj7sfbqvsxjerpdzklqqnaq6i";
    assertThat(cli.ok("refs", "--cid-base=base32", ROOT).lines()).containsExactly(one, b, c, d);
    assertThat(cli.ok("refs", "--cid-base=base32", "-r", "--unique", ROOT).lines())
        .containsExactly(one, b, d, two, c);
    assertThat(cli.ok("refs", "--cid-base=base32", "-e", ROOT + "/B").lines())
        .containsExactly(b + " -> " + one, b + " -> " + d);
    assertThat(cli.ok("refs", "--cid-base=base58btc", ROOT).lines()).containsExactly(ONE, B, C, D);
    assertThat(cli.fails("refs", "--cid-base=nope", ROOT)).startsWith("invalid --cid-base: ");
  }

  @Test
  void refsLocalAndRepoLsListEveryBlockAsCidv1Raw() {
    List<String> local = cli.ok("refs", "local").lines();
    // A, B, C, D, 1.txt and 2.txt: six distinct blocks.
    assertThat(local).hasSize(6).allMatch(c -> c.startsWith("bafkrei"));
    assertThat(local)
        .extracting(c -> Cid.parse(c).multihash())
        .contains(Cid.parse(ROOT).multihash(), Cid.parse(TWO).multihash());
    assertThat(cli.ok("repo", "ls").lines()).containsExactlyInAnyOrderElementsOf(local);
  }
}
