package io.cairn.node.market;

import static io.cairn.node.market.MarketNodes.json;
import static io.cairn.node.market.MarketNodes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.chain.ChainClient;
import io.cairn.chain.JobVerifier;
import io.cairn.chain.MarketJob;
import io.cairn.chain.MarketJobState;
import io.cairn.compute.JobSpec;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 2, disputes on a real chain with real daemons: a provider configured to lie posts a
 * wrong output CID; the client disputes; three verifier daemons are drawn, re-execute the job from
 * its spec CID, commit and reveal; the liar is slashed and the client refunded. Then the provider
 * tells the truth, the client disputes anyway, the verifiers agree with the provider and the client
 * loses its bond.
 */
@Tag("chain")
class ComputeDisputeIT {
  static final BigInteger PRICE = BigInteger.TEN.pow(17);

  @TempDir Path tmp;
  private MarketNodes nodes;

  @AfterEach
  void stop() {
    if (nodes != null) {
      nodes.close();
    }
  }

  @Test
  void aLiarIsSlashedByTheVerifiersAndAFalseDisputeLosesItsBond() throws Exception {
    // Nobody is connected to anybody: the nodes meet through the registry, as on a small network.
    nodes = new MarketNodes(tmp).unconnected();
    // The liar runs the dev chain: lying is for tests on a dev chain only.
    MarketNodes.Node liar = nodes.first();
    nodes.register(liar);
    ok(liar.repo(), "config", "--json", "Provider.Compute.LieForTests", "true");
    ok(liar.repo(), "provider", "compute", "on");
    MarketNodes.Node client = nodes.join(1);
    List<MarketNodes.Node> verifiers = List.of(nodes.join(2), nodes.join(3), nodes.join(4));
    for (MarketNodes.Node v : verifiers) {
      nodes.register(v);
      assertThat(ok(v.repo(), "provider", "verify", "on")).startsWith("verify on; offer on chain");
    }
    ChainClient chain = client.chain();
    BigInteger liarStake = chain.provider(liar.address()).orElseThrow().stake();

    String module = nodes.addModule(client, "copy");
    String input = nodes.add(client, "in.bin", 50_000, 3);
    long lied = submit(client, module, input, "3");
    nodes.await("the liar's result", () -> nodes.job(lied).state() == MarketJobState.SUBMITTED);
    JsonNode disputed = json(client.repo(), "--enc=json", "job", "dispute", "" + lied);
    assertThat(new BigInteger(disputed.path("Bond").asText())).isPositive();
    nodes.await("the dispute settled", () -> settled(nodes.job(lied)));

    MarketJob refunded = nodes.job(lied);
    assertThat(refunded.state()).isEqualTo(MarketJobState.REFUNDED);
    List<JobVerifier> drawn = chain.compute().verifiers(refunded.id());
    assertThat(drawn).hasSize(3).allMatch(JobVerifier::revealed).noneMatch(JobVerifier::agreed);
    assertThat(drawn.stream().map(JobVerifier::address).map(String::toLowerCase))
        .containsExactlyInAnyOrderElementsOf(
            verifiers.stream().map(v -> v.address().toLowerCase()).toList());
    assertThat(chain.compute().reputation(liar.address(), null).jobsFailed()).isEqualTo(1);
    assertThat(chain.provider(liar.address()).orElseThrow().stake()).isLessThan(liarStake);
    BigInteger owed = chain.compute().withdrawable(client.address(), null);
    assertThat(owed).isGreaterThanOrEqualTo(PRICE.add(refunded.bond()));
    for (MarketNodes.Node v : verifiers) {
      // A reveal is counted once its transaction is confirmed, which may follow the settlement.
      nodes.await(
          "the verifier's reveal counted",
          () -> v.market().stats().snapshot().get("VerifierReveals").equals(1L));
      assertThat(v.market().stats().snapshot().get("VerifierCommits")).isEqualTo(1L);
    }

    // The provider tells the truth now; a dispute of its result loses the bond.
    ok(liar.repo(), "config", "--json", "Provider.Compute.LieForTests", "false");
    long honest = submit(client, module, input, "5");
    nodes.await("the honest result", () -> nodes.job(honest).state() == MarketJobState.SUBMITTED);
    json(client.repo(), "--enc=json", "job", "dispute", "" + honest);
    nodes.await("the false dispute settled", () -> settled(nodes.job(honest)));
    MarketJob paid = nodes.job(honest);
    assertThat(paid.state()).isEqualTo(MarketJobState.PAID);
    assertThat(chain.compute().verifiers(paid.id()))
        .hasSize(3)
        .allMatch(JobVerifier::revealed)
        .allMatch(JobVerifier::agreed);
    // Nothing came back to the client: its bond went to the provider and the verifiers.
    assertThat(chain.compute().withdrawable(client.address(), null)).isEqualTo(owed);
    assertThat(chain.compute().reputation(liar.address(), null).jobsCompleted()).isEqualTo(1);
    assertThat(ok(client.repo(), "job", "ls", "--market"))
        .containsPattern("(?m)^" + lied + "\\s+refunded")
        .containsPattern("(?m)^" + honest + "\\s+paid");
  }

  private static boolean settled(MarketJob j) {
    return j.state() == MarketJobState.PAID || j.state() == MarketJobState.REFUNDED;
  }

  private long submit(MarketNodes.Node client, String module, String input, String skip) {
    JobSpec spec =
        JobSpec.wasm(Cid.parse(module))
            .withInputs(Map.of("in", Cid.parse(input)))
            .withArgs(List.of(skip));
    Path file = nodes.file("spec-" + skip + ".json", spec.toJson());
    return json(
            client.repo(),
            "--enc=json",
            "job",
            "submit",
            file.toString(),
            "--market",
            "--price",
            PRICE.toString(),
            "--verifiers",
            "3",
            "--window",
            "40",
            "--native")
        .path("Id")
        .asLong();
  }
}
