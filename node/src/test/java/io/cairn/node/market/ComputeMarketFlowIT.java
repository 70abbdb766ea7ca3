package io.cairn.node.market;

import static io.cairn.node.market.MarketNodes.json;
import static io.cairn.node.market.MarketNodes.ok;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.chain.ChainClient;
import io.cairn.chain.MarketJob;
import io.cairn.chain.MarketJobState;
import io.cairn.compute.JobSpec;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance 1, the lifecycle on a real chain with real daemons: a client posts WASM jobs over
 * inputs it stores; a provider claims them (first the one whose input it already stores), fetches
 * the others' inputs over Bitswap, runs them and posts the results; the window passes, the jobs are
 * finalized and the provider withdraws its payment.
 */
@Tag("chain")
class ComputeMarketFlowIT {
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
  void aPostedJobIsClaimedRunOverFetchedInputsPaidAndWithdrawn() throws Exception {
    nodes = new MarketNodes(tmp);
    MarketNodes.Node client = nodes.first();
    MarketNodes.Node provider = nodes.join(1);
    nodes.register(provider);

    // Two jobs over inputs the client stores; the provider stores the second's input too.
    String module = nodes.addModule(client, "copy");
    String far = nodes.add(client, "far.bin", 300_000, 1);
    String near = nodes.add(client, "near.bin", 200_000, 2);
    assertThat(nodes.add(provider, "near.bin", 200_000, 2)).isEqualTo(near);
    long farId = submit(client, module, far);
    long nearId = submit(client, module, near);
    assertThat(ok(client.repo(), "job", "ls", "--market"))
        .containsPattern("(?m)^" + farId + "\\s+posted")
        .containsPattern("(?m)^" + nearId + "\\s+posted");

    // One job at a time: the one whose input is here first. The dev chain mines a block a second,
    // so the short windows pass and each job is finalized soon after its result.
    ChainClient chain = provider.chain();
    BigInteger before = chain.nativeBalance(provider.address());
    ok(provider.repo(), "provider", "compute", "on", "--concurrency", "1", "--min-price", "1000");
    nodes.await(
        "both jobs paid",
        () ->
            nodes.job(farId).state() == MarketJobState.PAID
                && nodes.job(nearId).state() == MarketJobState.PAID);
    MarketJob farJob = nodes.job(farId);
    MarketJob nearJob = nodes.job(nearId);
    assertThat(nearJob.resultBlock()).isLessThan(farJob.resultBlock());
    assertThat(farJob.provider()).isEqualToIgnoringCase(provider.address());

    // The results are the outputs the engine gives (copy drops the first 3 bytes).
    JsonNode shown = json(client.repo(), "--enc=json", "job", "show", "--market", "" + farId);
    assertThat(shown.path("State").asText()).isEqualTo("paid");
    assertThat(shown.path("Provider").asText()).isEqualToIgnoringCase(provider.address());
    String output = shown.path("Output").asText();
    assertThat(output).isEqualTo(Cid.decode(farJob.outputCid()).toString());
    String list = ok(client.repo(), "ls", output);
    assertThat(list).contains("out");

    // Locality: the far job's input was fetched, the near one's found here.
    Map<String, Object> stats = provider.market().stats().snapshot();
    long fetched = (Long) stats.get("InputBytesFetched");
    long local = (Long) stats.get("InputBytesLocal");
    assertThat(fetched).isGreaterThan(300_000);
    assertThat(local).isGreaterThan(200_000);
    System.out.printf(
        "locality: %d input bytes found locally, %d fetched over Bitswap%n", local, fetched);
    assertThat(provider.network().bitswap().stat().blocksReceived()).isGreaterThan(1);

    // The provider withdrew what it was paid.
    nodes.await(
        "the payment withdrawn",
        () ->
            chain.compute().withdrawable(provider.address(), null).signum() == 0
                && (Long) provider.market().stats().snapshot().get("Paid") == 2);
    BigInteger gained = chain.nativeBalance(provider.address()).subtract(before);
    assertThat(gained)
        .isGreaterThan(PRICE.multiply(BigInteger.TWO).subtract(BigInteger.TEN.pow(16)));
    assertThat(chain.compute().reputation(provider.address(), null).jobsCompleted()).isEqualTo(2);
    assertThat(ok(client.repo(), "job", "ls", "--market"))
        .containsPattern("(?m)^" + farId + "\\s+paid");

    // Jobs this provider may not act on (under its price floor) are read once, then only when an
    // event names them: six passes later they were read at most once more (the periodic full
    // read), not six times each; a cancel reaches the provider through its event.
    List<Long> cheap = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      cheap.add(submit(client, module, near, BigInteger.ONE));
    }
    nodes.await(
        "the provider saw the cheap jobs",
        () -> provider.market().marketCounts().getOrDefault(MarketJobState.POSTED, 0L) == 3);
    long reads = provider.market().jobReads();
    Thread.sleep(3_000);
    assertThat(provider.market().jobReads() - reads).isLessThanOrEqualTo(3);
    client.chain().compute().cancel(BigInteger.valueOf(cheap.get(0)));
    nodes.await(
        "the provider saw the cancel",
        () -> provider.market().marketCounts().getOrDefault(MarketJobState.CANCELLED, 0L) == 1);
    assertThat(provider.market().marketCounts().get(MarketJobState.POSTED)).isEqualTo(2);
  }

  /** Posts a copy job over {@code input}; its market ID. */
  @Test
  void aJobReachesAProviderItsClientWasNeverConnectedTo() throws Exception {
    nodes = new MarketNodes(tmp).unconnected();
    MarketNodes.Node provider = nodes.first();
    nodes.register(provider);
    MarketNodes.Node client = nodes.join(2);
    var providerPeer = provider.network().p2p().peerId();
    assertThat(client.network().p2p().host().connection(providerPeer)).isEmpty();

    // Posted before any provider offers compute: the client's node finds the provider through the
    // registry once it does, so the provider can fetch the spec and the input from the client.
    String module = nodes.addModule(client, "copy");
    String input = nodes.add(client, "input.bin", 100_000, 3);
    long id = submit(client, module, input);
    ok(provider.repo(), "provider", "compute", "on", "--concurrency", "1", "--min-price", "1000");
    nodes.await("the job paid", () -> nodes.job(id).state() == MarketJobState.PAID);
    assertThat(nodes.job(id).provider()).isEqualToIgnoringCase(provider.address());
    assertThat(client.network().p2p().host().connection(providerPeer)).isPresent();
    assertThat((Long) provider.market().stats().snapshot().get("InputBytesFetched"))
        .isGreaterThan(100_000);

    // After a restart the client's node knows no peer; 'job get --market' dials the provider's
    // node, which holds the outputs (copy writes 64 KiB of its input from offset 3).
    client = nodes.restart(client);
    assertThat(client.network().p2p().host().connections()).isEmpty();
    Path out = tmp.resolve("outputs");
    ok(client.repo(), "job", "get", "--market", "" + id, "-o", out.toString());
    byte[] in = Files.readAllBytes(tmp.resolve("input.bin"));
    assertThat(Files.readAllBytes(out.resolve("out")))
        .isEqualTo(Arrays.copyOfRange(in, 3, 3 + 65536));
  }

  private long submit(MarketNodes.Node client, String module, String input) {
    return submit(client, module, input, PRICE);
  }

  private long submit(MarketNodes.Node client, String module, String input, BigInteger price) {
    JobSpec spec =
        JobSpec.wasm(Cid.parse(module))
            .withInputs(Map.of("in", Cid.parse(input)))
            .withArgs(List.of("3"));
    Path file = nodes.file(input + ".json", spec.toJson());
    JsonNode posted =
        json(
            client.repo(),
            "--enc=json",
            "job",
            "submit",
            file.toString(),
            "--market",
            "--price",
            price.toString(),
            "--verifiers",
            "1",
            "--native");
    assertThat(posted.path("Spec").asText()).isEqualTo(spec.cid().toString());
    return posted.path("Id").asLong();
  }
}
