package io.cairn.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.chain.Anvil;
import io.cairn.chain.ChainAccount;
import io.cairn.chain.ChainClient;
import io.cairn.chain.ChainOptions;
import io.cairn.chain.DealInfo;
import io.cairn.chain.DealState;
import io.cairn.chain.DealTerms;
import io.cairn.chain.Deployment;
import io.cairn.chain.MarketParams;
import io.cairn.chain.ProviderOffer;
import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceStore;
import io.cairn.storage.memory.MemoryStores;
import io.cairn.storage.testing.OpenFiles;
import io.cairn.storage.testing.TestData;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * The provider's loop on a real Anvil: deals outside its terms are refused and counted, and a
 * deal's settling goes on, tick after tick, through a failed settle transaction and past the 500
 * periods one call settles, until the deal ends.
 */
@Tag("chain")
class ProvingLoopIT {
  private static final BigInteger ETHER = BigInteger.TEN.pow(18);
  // a 4-block period: 600 of them pass in 2,400 blocks
  private static final MarketParams FAST =
      new MarketParams(4, 1, 5, 50, 50, 0, 50, 2, BigInteger.TEN.pow(15), 1);
  // 100,000 bytes of payload: height 12 (128 KiB padded), 3,150 data leaves
  private static final String PIECE = piece();

  @TempDir Path tmp;

  @Test
  void settlingGoesOnThroughAFailedSettleAndPastFiveHundredPeriods() throws Exception {
    withLoop(
        () -> ProvingLoop.Limits.NONE,
        (anvil, provider, client, loop) -> {
          provider.registerProvider(offer(), ETHER);
          BigInteger id =
              client.openDeal(new DealTerms(PIECE, 600, ETHER, provider.address(), true)).id();
          provider.acceptDeal(id);
          DealInfo deal = provider.deal(id);
          long end = FAST.windowEnd(provider.marketGenesis(), deal.endPeriod() - 1);
          while (provider.blockNumber() <= end) {
            anvil.mine(500);
          }

          // the provider cannot pay for gas: the settle fails, and is tried again next tick
          BigInteger balance = provider.nativeBalance(provider.address());
          setBalance(anvil, provider.address(), BigInteger.ZERO);
          loop.tick();
          assertThat(loop.stats().settlesFailed()).isEqualTo(1);
          assertThat(loop.stats().lastError()).contains("deal " + id + ": settle failed");
          assertThat(provider.deal(id).periodsSettled()).isZero();
          setBalance(anvil, provider.address(), balance);

          loop.tick(); // 500 periods
          assertThat(provider.deal(id).periodsSettled()).isEqualTo(500);
          assertThat(provider.deal(id).state()).isEqualTo(DealState.ACTIVE);
          loop.tick(); // the last 100
          DealInfo done = provider.deal(id);
          assertThat(done.state()).isEqualTo(DealState.ENDED);
          assertThat(done.periodsSettled()).isEqualTo(600);
          assertThat(loop.stats().dealsSettled()).isEqualTo(2);
        });
  }

  /**
   * A tick reads only deals with news: three live deals are not read again tick after tick (it was
   * three reads a tick), and a deal that an event names (the client terminates it) is.
   */
  @Test
  void aTickReadsOnlyTheDealsAnEventNamed() throws Exception {
    withLoop(
        () -> ProvingLoop.Limits.NONE,
        (anvil, provider, client, loop) -> {
          provider.registerProvider(offer(), ETHER);
          List<BigInteger> ids = new ArrayList<>();
          for (int i = 0; i < 3; i++) {
            BigInteger id =
                client
                    .openDeal(
                        new DealTerms(
                            PIECE, 10_000, BigInteger.valueOf(1_000), provider.address(), true))
                    .id();
            provider.acceptDeal(id);
            ids.add(id);
          }
          loop.tick(); // the first tick scans the market and follows its events from here
          long reads = loop.dealReads();
          for (int i = 0; i < 5; i++) {
            anvil.mine(4);
            loop.tick();
          }
          assertThat(loop.dealReads()).isEqualTo(reads);

          client.terminateDeal(ids.get(1));
          long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
          while (loop.dealReads() == reads && System.nanoTime() < deadline) {
            Thread.sleep(50);
            loop.tick();
          }
          assertThat(loop.dealReads()).isGreaterThan(reads);
        });
  }

  @Test
  void dealsOutsideTheNodesLimitsAreRefusedAndCounted() throws Exception {
    ProvingLoop.Limits limits = new ProvingLoop.Limits(ETHER, 100, 1 << 20, 1);
    withLoop(
        () -> limits,
        (anvil, provider, client, loop) -> {
          provider.registerProvider(offer(), ETHER);
          // 128 KiB padded: under the node's 1 MiB minimum, whatever the price and term
          BigInteger id =
              client.openDeal(new DealTerms(PIECE, 10, ETHER, provider.address(), true)).id();
          loop.tick();
          assertThat(loop.stats().dealsRefused()).isEqualTo(1);
          assertThat(loop.stats().lastError())
              .isEqualTo("deal " + id + " refused: piece of 131072 bytes is under 1048576");
          loop.tick();
          assertThat(loop.stats().dealsRefused()).isEqualTo(1); // once
          assertThat(provider.deal(id).state()).isEqualTo(DealState.OPEN);
        });
    DealInfo cheap = deal(10, BigInteger.ONE);
    assertThat(limits.refusal(cheap, 1L << 20, 0))
        .contains("price 1 per period is below 953674316407");
    assertThat(limits.refusal(deal(100_000, ETHER), 1L << 20, 0))
        .contains("100000 periods exceed the limit of 100");
    assertThat(limits.refusal(deal(10, ETHER), 1L << 20, 1))
        .contains("1 live deals reach the limit of 1");
    assertThat(limits.refusal(deal(10, ETHER), 1L << 20, 0)).isEmpty();
  }

  /**
   * A provider with deals from two clients has a proof set per client, and the loop proves each in
   * its own transaction in the same period.
   */
  @Test
  void eachClientsSetIsProvenInItsOwnTransaction() throws Exception {
    withKeptPiece(
        (anvil, keys, d, provider, a, b, loop) -> {
          BigInteger x = a.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), true)).id();
          BigInteger y = b.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), true)).id();
          loop.tick();
          assertThat(provider.deal(x).state()).isEqualTo(DealState.ACTIVE);
          assertThat(provider.deal(y).state()).isEqualTo(DealState.ACTIVE);
          long setX = provider.setOf(provider.address(), a.address());
          long setY = provider.setOf(provider.address(), b.address());
          assertThat(setX).isNotZero().isNotEqualTo(setY);
          assertThat(provider.setsOf(provider.address())).containsExactly(setX, setY);

          long first = provider.deal(y).firstPeriod();
          long seed = MarketParams.dev().seedBlock(provider.marketGenesis(), first);
          anvil.mine((int) (seed - provider.blockNumber()));
          loop.tick();
          assertThat(provider.isProven(setX, first)).isTrue();
          assertThat(provider.isProven(setY, first)).isTrue();
          assertThat(loop.stats().periodsProven()).isEqualTo(2);
          assertThat(loop.stats().proofsFailed()).isZero();
          // the pieces' tree and payload files were closed after the proofs
          Path real = tmp.toRealPath();
          assertThat(OpenFiles.matching(f -> f.startsWith(real))).isEmpty();
        });
  }

  /**
   * A set whose piece is gone from the piece store fails its proof, once per period however many
   * ticks try it again, with an error naming the piece; the node's other set is proven.
   */
  @Test
  void aSetWhosePieceIsGoneFailsOncePerPeriodAndTheOtherIsProven() throws Exception {
    withKeptPiece(
        (anvil, keys, d, provider, a, b, loop) -> {
          Path other = tmp.resolve("other");
          Files.write(other, TestData.bytes(8, 100_000));
          PieceStore pieces = PieceStore.open(tmp.resolve("pieces"));
          PieceCid gone;
          try (HashBackend cpu = HashBackend.cpu(1)) {
            gone = pieces.addFile(other, cpu);
          }
          BigInteger x = a.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), true)).id();
          BigInteger y =
              b.openDeal(new DealTerms(gone.toString(), 5, ETHER, provider.address(), true)).id();
          loop.tick();
          assertThat(provider.deal(x).state()).isEqualTo(DealState.ACTIVE);
          assertThat(provider.deal(y).state()).isEqualTo(DealState.ACTIVE);
          assertThat(pieces.remove(gone)).isTrue();

          long setX = provider.setOf(provider.address(), a.address());
          long setY = provider.setOf(provider.address(), b.address());
          long first = provider.deal(y).firstPeriod();
          long seed = MarketParams.dev().seedBlock(provider.marketGenesis(), first);
          anvil.mine((int) (seed - provider.blockNumber()));
          for (int i = 0; i < 3; i++) {
            loop.tick();
          }
          assertThat(provider.isProven(setX, first)).isTrue();
          assertThat(provider.isProven(setY, first)).isFalse();
          assertThat(loop.stats().periodsProven()).isEqualTo(1);
          assertThat(loop.stats().proofsFailed()).isEqualTo(1);
          assertThat(loop.stats().lastError())
              .isEqualTo(
                  "set " + setY + " period " + first + ": piece " + gone + " is not kept here");
        });
  }

  /**
   * Deals the provider can never accept (one whose acceptance window passed while the node was
   * away, one that pays in a token of the client's own) are refused once, and keep neither the
   * deals opened after them from being accepted nor the node's sets from being proven; nor are they
   * read again at every tick, however many a client opens.
   */
  @Test
  void aDealThatCannotBeAcceptedStopsNeitherOtherDealsNorProofs() throws Exception {
    withKeptPiece(
        (anvil, keys, d, provider, a, b, loop) -> {
          BigInteger late =
              a.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), true)).id();
          anvil.mine(MarketParams.dev().acceptBlocks() + 1);
          // anyone may open a deal that pays in a token of their own
          Deployment other =
              ChainClient.deploy(
                  anvil.rpc(), ChainAccount.fromPrivateKey(keys.get(0)), MarketParams.dev());
          Deployment foreignToken =
              new Deployment(
                  d.chainId(),
                  d.registry(),
                  d.market(),
                  d.computeMarket(),
                  other.token(),
                  d.block());
          BigInteger foreign;
          try (ChainClient c = connect(anvil, foreignToken, keys.get(4))) {
            c.mintTestToken(c.address(), ETHER.multiply(BigInteger.TEN));
            foreign = c.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), false)).id();
          }
          BigInteger y = b.openDeal(new DealTerms(PIECE, 5, ETHER, provider.address(), true)).id();

          loop.tick();
          assertThat(provider.deal(y).state()).isEqualTo(DealState.ACTIVE);
          assertThat(provider.deal(late).state()).isEqualTo(DealState.OPEN);
          assertThat(provider.deal(foreign).state()).isEqualTo(DealState.OPEN);
          assertThat(loop.stats().dealsAccepted()).isEqualTo(1);
          assertThat(loop.stats().lastError())
              .isEqualTo(
                  "deal "
                      + foreign
                      + " refused: it pays in token "
                      + other.token()
                      + ", neither native currency nor the deployment's token "
                      + d.token());
          long refused = loop.stats().dealsRefused();
          assertThat(refused).isEqualTo(2);

          // refused deals stay open on chain, and are not read again tick after tick
          anvil.mine(1);
          Thread.sleep(300); // the events of the acceptance arrive, and name deal y
          loop.tick();
          long reads = loop.dealReads();
          for (int i = 0; i < 3; i++) {
            anvil.mine(1);
            loop.tick();
          }
          assertThat(loop.dealReads()).as("deals read again").isEqualTo(reads);

          long setY = provider.setOf(provider.address(), b.address());
          long first = provider.deal(y).firstPeriod();
          long seed = MarketParams.dev().seedBlock(provider.marketGenesis(), first);
          anvil.mine((int) (seed - provider.blockNumber()));
          loop.tick();
          assertThat(provider.isProven(setY, first)).isTrue();
          assertThat(loop.stats().periodsProven()).isEqualTo(1);
          assertThat(loop.stats().dealsRefused()).isEqualTo(refused); // not tried again
        });
  }

  /**
   * What a test does with a dev-chain market, a provider keeping {@link #PIECE} and two clients.
   */
  @FunctionalInterface
  private interface KeptPieceTest {
    void run(
        Anvil anvil,
        List<String> keys,
        Deployment d,
        ChainClient provider,
        ChainClient a,
        ChainClient b,
        ProvingLoop loop)
        throws Exception;
  }

  private void withKeptPiece(KeptPieceTest test) throws Exception {
    Path payload = tmp.resolve("payload");
    Files.write(payload, TestData.bytes(7, 100_000));
    PieceStore pieces = PieceStore.open(tmp.resolve("pieces"));
    try (HashBackend cpu = HashBackend.cpu(1)) {
      assertThat(pieces.addFile(payload, cpu).toString()).isEqualTo(PIECE);
    }
    try (Anvil anvil = Anvil.start(Anvil.locate(DevChains.projectRoot()), 0, null, 0)) {
      List<String> keys = anvil.devPrivateKeys();
      Deployment d =
          ChainClient.deploy(
              anvil.rpc(), ChainAccount.fromPrivateKey(keys.get(0)), MarketParams.dev());
      try (ChainClient provider = connect(anvil, d, keys.get(1));
          ChainClient a = connect(anvil, d, keys.get(2));
          ChainClient b = connect(anvil, d, keys.get(3));
          ProvingLoop loop =
              new ProvingLoop(
                  provider,
                  pieces,
                  MemoryStores.memory(),
                  Duration.ofMillis(100),
                  null,
                  () -> ProvingLoop.Limits.NONE)) {
        provider.registerProvider(offer(), ETHER);
        test.run(anvil, keys, d, provider, a, b, loop);
      }
    }
  }

  /** What a test does with the loop of a provider on a fresh Anvil with the market deployed. */
  @FunctionalInterface
  private interface LoopTest {
    void run(Anvil anvil, ChainClient provider, ChainClient client, ProvingLoop loop)
        throws Exception;
  }

  private void withLoop(Supplier<ProvingLoop.Limits> limits, LoopTest test) throws Exception {
    try (Anvil anvil = Anvil.start(Anvil.locate(DevChains.projectRoot()), 0, null, 0)) {
      List<String> keys = anvil.devPrivateKeys();
      Deployment d =
          ChainClient.deploy(anvil.rpc(), ChainAccount.fromPrivateKey(keys.get(0)), FAST);
      try (ChainClient provider = connect(anvil, d, keys.get(1));
          ChainClient client = connect(anvil, d, keys.get(2));
          ProvingLoop loop =
              new ProvingLoop(
                  provider,
                  PieceStore.open(tmp.resolve("pieces")),
                  MemoryStores.memory(),
                  Duration.ofMillis(100),
                  null,
                  limits)) {
        test.run(anvil, provider, client, loop);
      }
    }
  }

  private static String piece() {
    try (HashBackend cpu = HashBackend.cpu(1)) {
      return CommP.of(TestData.bytes(7, 100_000), cpu).piece().toString();
    }
  }

  private static DealInfo deal(int periods, BigInteger price) {
    return new DealInfo(
        BigInteger.ONE,
        "0x0000000000000000000000000000000000000001",
        "0x0000000000000000000000000000000000000002",
        PIECE,
        3150,
        periods,
        price,
        "0x0000000000000000000000000000000000000000",
        DealState.OPEN,
        0,
        BigInteger.ZERO,
        0,
        0,
        0,
        BigInteger.ZERO,
        BigInteger.ZERO,
        0,
        0,
        0,
        BigInteger.ZERO,
        false);
  }

  private static ProviderOffer offer() {
    return new ProviderOffer(
        "12D3KooWLoopProvider",
        "/ip4/127.0.0.1/tcp/4001",
        1L << 40,
        BigInteger.ZERO,
        "",
        0,
        BigInteger.ZERO);
  }

  private static ChainClient connect(Anvil anvil, Deployment d, String key) {
    return ChainClient.connect(
        new ChainOptions(anvil.rpc(), d, 1, Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(key));
  }

  private static void setBalance(Anvil anvil, String address, BigInteger wei) throws Exception {
    HttpService http = new HttpService(anvil.rpc().toString());
    VoidResponse r =
        new Request<>(
                "anvil_setBalance",
                List.of(address, "0x" + wei.toString(16)),
                http,
                VoidResponse.class)
            .send();
    assertThat(r.hasError()).as("anvil_setBalance").isFalse();
  }
}
