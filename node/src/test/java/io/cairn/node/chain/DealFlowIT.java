package io.cairn.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.chain.Anvil;
import io.cairn.chain.ChainClient;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.DealTerms;
import io.cairn.config.RepoPaths;
import io.cairn.node.Main;
import io.cairn.node.cli.Output;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.node.p2p.deal.DealProposal;
import io.cairn.node.p2p.deal.DealProposals;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two nodes on one real chain: the provider's daemon runs the dev chain (Anvil) and its proving
 * loop; the client's daemon joins it in {@code rpc} mode with a dev account. Both run the p2p
 * network on 127.0.0.1. The client makes a deal with {@code cairn deal make}, which sends the
 * provider's node a proposal naming the DAG; the provider fetches the DAG from the client over
 * Bitswap (no CAR is copied), checks its piece, accepts and proves every period as soon as its seed
 * block is mined, across a restart of its daemon; payments land on chain.
 */
@Tag("chain")
class DealFlowIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger PRICE = BigInteger.valueOf(1_000_000_000_000L);

  @TempDir Path tmp;
  private final List<Daemon> daemons = new ArrayList<>();

  @AfterEach
  void stop() {
    daemons.forEach(Daemon::close);
  }

  @Test
  void aDealIsAcceptedProvenEveryPeriodAcrossARestartAndPaid() throws Exception {
    Parties parties = twoNodes(1);
    RepoPaths provider = parties.provider();
    RepoPaths client = parties.client();
    Daemon p = parties.providerDaemon();
    Anvil anvil = chain(p).devChain().orElseThrow();
    String providerAddress = parties.providerAddress();

    // The data: added at the client only; the provider fetches it over the network.
    Path file = tmp.resolve("data.bin");
    Files.write(file, TestData.bytes(7, 300_000));
    String root = ok(client, "add", "-q", file.toString()).strip();
    assertThat(p.storage().blocks().has(Cid.parse(root))).isFalse();

    // deal make waits for the provider's loop to accept.
    String made =
        ok(
            client,
            "deal",
            "make",
            root,
            "--provider",
            providerAddress,
            "--duration",
            "10",
            "--price",
            PRICE.toString(),
            "--native");
    String piece = made.lines().findFirst().orElseThrow().replaceAll(".*: piece (\\S+),.*", "$1");
    String providerPeer = p.config().peerId().toString();
    assertThat(made)
        .contains("deal 1 opened: piece " + piece)
        .contains(
            "deal 1 proposal taken by " + providerPeer + ": deal 1: the provider fetches " + root)
        .contains("deal 1 accepted");
    // The provider fetched every block from the client over Bitswap and keeps the piece.
    assertThat(network(p).bitswap().stat().blocksReceived()).isGreaterThan(1);
    assertThat(p.storage().pins().pinType(Cid.parse(root))).isPresent();
    assertThat(ok(provider, "piece", "ls")).contains(piece).contains(root);
    ChainClient c = chain(p).client().orElseThrow();
    BigInteger id = BigInteger.ONE;
    assertThat(c.deal(id).state()).isEqualTo(DealState.ACTIVE);

    long first = c.deal(id).firstPeriod();
    long set = c.deal(id).setId();
    for (int period = 0; period < 10; period++) {
      if (period == 5) {
        // A restart mid-deal: the new daemon finds its deal on chain and its piece in the repo.
        p.close();
        daemons.remove(p);
        p = start(provider);
        anvil = chain(p).devChain().orElseThrow();
        c = chain(p).client().orElseThrow();
      }
      long k = first + period;
      ChainClient cc = c;
      Anvil a = anvil;
      // Run the chain to this period's seed block; the loop must prove its set before the window
      // ends.
      long seedBlock = cc.params().seedBlock(cc.marketGenesis(), k);
      long now = cc.blockNumber();
      if (seedBlock > now) {
        a.mine((int) (seedBlock - now));
      }
      await("period " + period + " proven", () -> cc.isProven(set, k));
    }
    // The loop settles the deal once its last window has passed: the provider is paid then.
    long end = c.params().windowEnd(c.marketGenesis(), first + 9);
    anvil.mine((int) Math.max(1, end - c.blockNumber() + 1));
    ChainClient cc = c;
    await("the deal settled", () -> cc.deal(id).state() == DealState.ENDED);

    DealInfo done = c.deal(id);
    assertThat(done.periodsProven()).isEqualTo(10);
    assertThat(done.periodsFaulted()).isZero();
    assertThat(done.paid()).isEqualTo(PRICE.multiply(BigInteger.TEN));
    assertThat(done.refunded()).isZero();
    assertThat(c.provider(providerAddress).orElseThrow().periodsProven()).isEqualTo(10);
    assertThat(c.provider(providerAddress).orElseThrow().dealsCompleted()).isEqualTo(1);

    BigInteger owed = c.withdrawable(providerAddress, null);
    assertThat(owed).isGreaterThanOrEqualTo(PRICE.multiply(BigInteger.TEN));
    BigInteger before = c.nativeBalance(providerAddress);
    assertThat(ok(provider, "chain", "withdraw", "--native")).startsWith("withdrew " + owed);
    assertThat(c.nativeBalance(providerAddress))
        .isGreaterThan(before.add(owed).subtract(BigInteger.TEN.pow(16)));
    assertThat(c.withdrawable(providerAddress, null)).isZero();

    // The restarted provider proved the last five periods; its metrics say so.
    java.net.http.HttpResponse<String> scrape =
        java.net.http.HttpClient.newHttpClient()
            .send(
                java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(
                            "http://127.0.0.1:"
                                + p.apiAddress().getPort()
                                + "/debug/metrics/prometheus"))
                    .build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(scrape.body())
        .containsPattern("(?m)^cairn_proving_periods_proven_total 5(\\.0)?$")
        .containsPattern("(?m)^cairn_proving_proofs_failed_total 0(\\.0)?$");

    String deals = ok(client, "deal", "ls");
    assertThat(deals).contains("1 ").contains("client").contains("ended").contains(piece);
    JsonNode shown = json(provider, "deal", "show", "1", "--enc=json");
    assertThat(shown.path("PeriodsProven").asInt()).isEqualTo(10);
    assertThat(shown.path("Provider").asText()).isEqualToIgnoringCase(providerAddress);
  }

  @Test
  void theClientTerminatesADealWithNoticeAndOnlyTheProviderMayProposeAnother() throws Exception {
    Parties parties = twoNodes(5);
    RepoPaths provider = parties.provider();
    RepoPaths client = parties.client();
    Path file = tmp.resolve("short.bin");
    Files.write(file, TestData.bytes(8, 50_000));
    String root = ok(client, "add", "-q", file.toString()).strip();
    assertThat(
            ok(
                client,
                "deal",
                "make",
                root,
                "--provider",
                parties.providerAddress(),
                "--duration",
                "10",
                "--price",
                PRICE.toString(),
                "--native"))
        .contains("deal 1 accepted");
    ChainClient c = chain(parties.clientDaemon()).client().orElseThrow();
    BigInteger id = BigInteger.ONE;
    long endBefore = c.deal(id).endPeriod();

    // only the provider proposes a new provider, to a well-formed address
    assertThat(fails(client, "deal", "propose-provider", "1", "--to", c.address()))
        .contains("NotProvider");
    assertThat(fails(provider, "deal", "propose-provider", "1", "--to", "0x12"))
        .isEqualTo("Error: --to '0x12' is not a 0x-prefixed 20-byte address");
    assertThat(fails(provider, "deal", "consent-provider", "1", "--to", c.address()))
        .contains("NotClient");

    String terminated = ok(client, "deal", "terminate", "1");
    assertThat(terminated).startsWith("deal 1 terminated: state active");
    DealInfo d = c.deal(id);
    assertThat(d.endPeriod())
        .isLessThan(endBefore)
        // the notice, counted from the current period
        .isLessThanOrEqualTo(
            (c.blockNumber() - c.marketGenesis()) / c.params().periodBlocks()
                + 1
                + c.params().noticePeriods());

    assertThat(d.refunded())
        .isEqualTo(PRICE.multiply(BigInteger.valueOf(endBefore - d.endPeriod())));
    // terminated once: a second time has nothing left to cut
    assertThat(fails(client, "deal", "terminate", "1")).contains("NothingToTerminate");
  }

  @Test
  void anRpcNodeRefusesToStartOnContractsThatAreNotCairnsMarket() throws Exception {
    System.setProperty("cairn.home", DevChains.projectRoot().toString());
    RepoPaths provider = new RepoPaths(tmp.resolve("provider"));
    RepoPaths client = new RepoPaths(tmp.resolve("client"));
    Daemon p = start(provider);
    JsonNode status = json(provider, "chain", "status", "--enc=json");
    JsonNode contracts = status.path("Contracts");
    ok(client, "init", "--profile", "test");
    ok(client, "config", "Chain.RpcUrl", status.path("Endpoint").asText());
    ok(client, "config", "Chain.Mode", "rpc");
    // the token's address where the market's should be
    String token = contracts.path("TestToken").asText();
    ok(client, "config", "Chain.Contracts.StorageMarket", token);
    for (String name : List.of("ComputeMarket", "ProviderRegistry")) {
      ok(client, "config", "Chain.Contracts." + name, contracts.path(name).asText());
    }
    ok(client, "config", "Chain.Contracts.TestToken", token);
    Anvil anvil = chain(p).devChain().orElseThrow();
    runWithInput(
        client,
        anvil.devPrivateKeys().get(4).getBytes(StandardCharsets.UTF_8),
        0,
        "chain",
        "account",
        "import");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> start(client))
        .hasStackTraceContaining("the contract at " + token.toLowerCase(java.util.Locale.ROOT))
        .hasStackTraceContaining("is not Cairn's StorageMarket");
  }

  @Test
  void aProposalWhoseDagDoesNotMatchTheDealsPieceIsNeverAccepted() throws Exception {
    Parties parties = twoNodes(3);
    Daemon p = parties.providerDaemon();
    Path a = tmp.resolve("a.bin");
    Path b = tmp.resolve("b.bin");
    Files.write(a, TestData.bytes(11, 200_000));
    Files.write(b, TestData.bytes(12, 200_000));
    String rootA = ok(parties.client(), "add", "-q", a.toString()).strip();
    String rootB = ok(parties.client(), "add", "-q", b.toString()).strip();
    String pieceA =
        ok(parties.client(), "piece", "add", rootA).lines().findFirst().orElseThrow().substring(13);

    // A deal for A's piece, but a proposal that names B.
    Daemon clientDaemon = parties.clientDaemon();
    ChainClient cc = chain(clientDaemon).client().orElseThrow();
    DealInfo d = cc.openDeal(new DealTerms(pieceA, 4, PRICE, parties.providerAddress(), true));
    DealProposals.Answer answer =
        chain(clientDaemon)
            .proposals()
            .orElseThrow()
            .propose(
                p.config().peerId(),
                network(p).p2p().host().listenAddresses(),
                new DealProposal(d.id(), Cid.parse(rootB)))
            .get(60, TimeUnit.SECONDS);
    assertThat(answer.accepted()).as(answer.message()).isTrue();

    ChainService provider = chain(p);
    await(
        "the provider refused the mismatched deal",
        () ->
            ((Number) provider.provingStats().orElseThrow().get("DealsRefused")).longValue() == 1);
    assertThat(provider.provingStats().orElseThrow().get("LastError").toString())
        .contains("deal " + d.id() + " refused: the proposed root " + rootB)
        .contains(", the deal names piece " + pieceA);
    // It fetched B over Bitswap, yet keeps neither a pin nor a piece for it.
    assertThat(network(p).bitswap().stat().blocksReceived()).isGreaterThan(0);
    assertThat(p.storage().pins().pinType(Cid.parse(rootB))).isEmpty();
    assertThat(ok(parties.provider(), "piece", "ls")).doesNotContain(pieceA);

    // The acceptance time passes and the deal was never accepted.
    ChainClient chain = provider.client().orElseThrow();
    Anvil anvil = provider.devChain().orElseThrow();
    anvil.mine(chain.params().acceptBlocks() + 2);
    Thread.sleep(2_000);
    assertThat(chain.deal(d.id()).state()).isNotEqualTo(DealState.ACTIVE);
    assertThat(provider.provingStats().orElseThrow().get("DealsAccepted")).isEqualTo(0L);
  }

  @Test
  void aClientThatJoinedADevChainGetsTestTokensFromTheFaucetAndNowhereElse() throws Exception {
    DevChains.useProjectHome();
    RepoPaths provider = new RepoPaths(tmp.resolve("provider"));
    RepoPaths client = new RepoPaths(tmp.resolve("client"));
    Daemon p = start(provider);
    JsonNode status = json(provider, "chain", "status", "--enc=json");
    JsonNode contracts = status.path("Contracts");

    // Chain.Mode first: the keys may be set in any order.
    ok(client, "init", "--profile", "test");
    ok(client, "config", "Chain.Mode", "rpc");
    ok(client, "config", "Chain.RpcUrl", status.path("Endpoint").asText());
    for (String name : List.of("StorageMarket", "ComputeMarket", "ProviderRegistry", "TestToken")) {
      ok(client, "config", "Chain.Contracts." + name, contracts.path(name).asText());
    }
    // A new account: no tokens, and no ETH to pay for the mint's gas either.
    ok(client, "chain", "account", "new");
    Daemon c = start(client);
    ChainClient chain = chain(c).client().orElseThrow();
    assertThat(chain.nativeBalance(chain.address())).isZero();
    assertThat(ok(client, "chain", "faucet", "5000"))
        .startsWith(
            "minted 5000 to "
                + chain.address()
                + ", balance 5000, and 10000000000000000000 wei for gas (tx 0x");
    assertThat(chain.tokenBalance(chain.address())).isEqualTo(BigInteger.valueOf(5000));
    BigInteger gas = chain.nativeBalance(chain.address());
    assertThat(gas).isBetween(BigInteger.TEN.pow(18), BigInteger.TEN.pow(19));
    // An account that can pay for gas is given tokens only.
    JsonNode minted = json(client, "chain", "faucet", "--enc=json");
    assertThat(minted.path("Amount").asText()).isEqualTo(BigInteger.TEN.pow(21).toString());
    assertThat(minted.path("GasGranted").asText()).isEqualTo("0");
    assertThat(chain.nativeBalance(chain.address())).isLessThan(gas);

    // A market whose token is not Cairn's TestToken has no faucet.
    c.close();
    daemons.remove(c);
    ok(client, "config", "Chain.Contracts.TestToken", contracts.path("ProviderRegistry").asText());
    start(client);
    assertThat(fails(client, "chain", "faucet"))
        .isEqualTo(
            "Error: no faucet on this chain: the market's token "
                + contracts.path("ProviderRegistry").asText()
                + " is not the TestToken of Cairn's dev deployment (only a dev chain's test token"
                + " can be minted)");
  }

  private record Parties(
      RepoPaths provider,
      RepoPaths client,
      Daemon providerDaemon,
      Daemon clientDaemon,
      String providerAddress) {}

  /**
   * A provider (dev chain, registered with its default endpoints: its libp2p addresses) and a
   * client in rpc mode with Anvil's dev account {@code account}, both on the {@code test} profile.
   */
  private Parties twoNodes(int account) throws Exception {
    DevChains.useProjectHome();
    RepoPaths provider = new RepoPaths(tmp.resolve("provider"));
    RepoPaths client = new RepoPaths(tmp.resolve("client"));

    Daemon p = start(provider);
    JsonNode status = json(provider, "chain", "status", "--enc=json");
    assertThat(status.path("Connected").asBoolean()).as("%s", status).isTrue();
    String providerAddress = status.path("Account").asText();
    ok(provider, "provider", "register", "--price", "5", "--stake", "1000000000000000000");
    assertThat(ok(provider, "provider", "ls")).contains(providerAddress);

    // The client joins the provider's dev chain as an rpc-mode node with a dev account.
    ok(client, "init", "--profile", "test");
    ok(client, "config", "Chain.RpcUrl", status.path("Endpoint").asText());
    ok(client, "config", "Chain.Mode", "rpc");
    JsonNode contracts = status.path("Contracts");
    for (String name : List.of("StorageMarket", "ComputeMarket", "ProviderRegistry", "TestToken")) {
      ok(client, "config", "Chain.Contracts." + name, contracts.path(name).asText());
    }
    Anvil anvil = chain(p).devChain().orElseThrow();
    runWithInput(
        client,
        anvil.devPrivateKeys().get(account).getBytes(StandardCharsets.UTF_8),
        0,
        "chain",
        "account",
        "import");
    Daemon c = start(client);
    return new Parties(provider, client, p, c, providerAddress);
  }

  private static NodeNetwork network(Daemon d) {
    return d.service(NodeNetwork.class).orElseThrow();
  }

  private Daemon start(RepoPaths repo) {
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    Daemon d =
        Daemon.start(
            repo,
            DaemonOptions.standard(true, List.of("test"), any, any, false, true, false),
            new PrintStream(log, true, StandardCharsets.UTF_8));
    daemons.add(d);
    return d;
  }

  private static ChainService chain(Daemon d) {
    return d.service(ChainService.class).orElseThrow();
  }

  private static void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("waiting for " + what).isLessThan(deadline);
      Thread.sleep(200);
    }
  }

  private static String ok(RepoPaths repo, String... args) {
    return new String(run(repo, 0, args), StandardCharsets.UTF_8);
  }

  private static JsonNode json(RepoPaths repo, String... args) throws Exception {
    return JSON.readTree(ok(repo, args));
  }

  private static byte[] run(RepoPaths repo, int exit, String... args) {
    return runWithInput(repo, new byte[0], exit, args);
  }

  private static byte[] runWithInput(RepoPaths repo, byte[] stdin, int exit, String... args) {
    Exec r = exec(repo, stdin, args);
    assertThat(r.code()).as("exit of %s; stderr: %s", List.of(args), r.err()).isEqualTo(exit);
    return r.out();
  }

  /** The one line a failing command prints on stderr. */
  private static String fails(RepoPaths repo, String... args) {
    Exec r = exec(repo, new byte[0], args);
    assertThat(r.code()).as("exit of %s; stderr: %s", List.of(args), r.err()).isEqualTo(1);
    return r.err().strip();
  }

  private record Exec(int code, byte[] out, String err) {}

  private static Exec exec(RepoPaths repo, byte[] stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>(List.of("--repo-dir", repo.root().toString()));
    line.addAll(List.of(args));
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Main.run(
              new Output(new ByteArrayInputStream(stdin), out, e), line.toArray(String[]::new));
    }
    return new Exec(code, out.toByteArray(), err.toString(StandardCharsets.UTF_8));
  }
}
