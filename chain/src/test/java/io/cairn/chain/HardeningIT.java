package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.BURN;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.Challenges;
import io.cairn.proofs.ProofBundle;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;

/**
 * The review's attacks on the StorageMarket (issue 12), each acted out on the market as it was
 * ({@link V1Market}), where it succeeds, and on the current one, where it fails.
 */
@Tag("chain")
class HardeningIT {
  /**
   * Accounts: the v1 provider and client, and providers of the current market beyond DevChain's.
   */
  private static final int V1_PROVIDER = 5;

  private static final int V1_CLIENT = 6;
  private static final int GRINDER = 7;
  private static final int SINGLE = 8;

  private static DevChain chain;
  private static V1Market v1;
  private static DevChain.Piece piece;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
    v1 = new V1Market(chain);
    v1.register(V1_PROVIDER);
    // 100,000 bytes: 3,150 data leaves, a padded size of 128 KiB
    piece = DevChain.piece(31, 100_000);
  }

  @AfterAll
  static void stop() {
    if (v1 != null) {
      v1.close();
    }
    if (chain != null) {
      chain.close();
    }
  }

  private static String address(int account) {
    return ChainAccount.fromPrivateKey(chain.keys.get(account)).address();
  }

  /** Mines the next block with a transaction of the given value from {@code account} to itself. */
  private static void mineWith(int account, long value) {
    v1.transactor(account).send(address(account), "0x", BigInteger.valueOf(value), "grind");
  }

  @Test
  void aProviderThatLostHalfItsPieceGrindsTheSeedBlockOnV1ButNotOnV2() {
    DevRpc rpc = new DevRpc(chain.rpc());
    long leaves = piece.tree().piece().dataLeaves();
    long kept = leaves / 2; // the provider lost leaves [0, kept)

    // v1: the seed is the seed block's hash; the provider, building that block, re-mines it with
    // other contents until no challenge falls on a lost leaf, then proves with what it kept
    BigInteger id = v1.open(V1_CLIENT, piece.cid(), 1, ETHER, V1_PROVIDER);
    v1.accept(V1_PROVIDER, id, ETHER.divide(BigInteger.TWO));
    long seedBlock = V1Market.seedBlock(v1.startBlock(id), 0);
    chain.mineTo(seedBlock - 1);
    Set<String> hashes = new HashSet<>();
    byte[] chosen = null;
    String snapshot = (String) rpc.call("evm_snapshot");
    // two variants of the seed block first: other contents, another hash, so another seed (the
    // grinding below may succeed at its first try)
    for (long variant = 1_000; variant <= 1_001; variant++) {
      mineWith(V1_PROVIDER, variant);
      hashes.add(HexFormat.of().formatHex(v1.blockHash(seedBlock)));
      assertThat(rpc.revert(snapshot)).isTrue();
      snapshot = (String) rpc.call("evm_snapshot");
    }
    for (int attempt = 1; attempt <= 400 && chosen == null; attempt++) {
      mineWith(V1_PROVIDER, attempt);
      byte[] hash = v1.blockHash(seedBlock);
      hashes.add(HexFormat.of().formatHex(hash));
      if (allAtOrAbove(hash, id.longValueExact(), leaves, kept)) {
        chosen = hash;
      } else {
        assertThat(rpc.revert(snapshot)).isTrue();
        snapshot = (String) rpc.call("evm_snapshot");
      }
    }
    assertThat(chosen).as("a seed block whose challenges miss the lost half").isNotNull();
    assertThat(hashes.size()).as("every variant of the block gave another seed").isGreaterThan(1);
    ProofBundle partial = piece.prove(id.longValueExact(), chosen, V1Market.CHALLENGES);
    assertThat(partial.challenges()).allMatch(c -> c.setLeaf() >= kept);
    v1.prove(V1_PROVIDER, partial.calldata());
    assertThat(v1.periodsProven(id)).isEqualTo(1);

    // v2: the seed is the seed block's prevrandao, the same whatever the block holds
    ChainClient grinder = chain.connect(GRINDER);
    grinder.registerProvider(DevChain.offer("12D3KooWGrinder"), ETHER);
    BigInteger deal =
        chain.client.openDeal(new DealTerms(piece.cid(), 1, ETHER, grinder.address(), true)).id();
    grinder.acceptDeal(deal);
    long period = grinder.deal(deal).firstPeriod();
    long seed2 = chain.seedBlock(period);
    chain.mineTo(seed2 - 1);
    Set<String> blockHashes = new HashSet<>();
    Set<String> seeds = new HashSet<>();
    snapshot = (String) rpc.call("evm_snapshot");
    for (int attempt = 1; attempt <= 20; attempt++) {
      mineWith(GRINDER, attempt);
      byte[] header = v1.header(seed2);
      blockHashes.add(HexFormat.of().formatHex(Hash.sha3(header)));
      seeds.add(HexFormat.of().formatHex(Reads.mixHash(header)));
      assertThat(rpc.revert(snapshot)).isTrue();
      snapshot = (String) rpc.call("evm_snapshot");
    }
    assertThat(blockHashes).hasSize(20);
    assertThat(seeds).hasSize(1);
    mineWith(GRINDER, 0);
    Challenge c = DevChain.only(grinder);
    assertThat(HexFormat.of().formatHex(c.seed())).isEqualTo(seeds.iterator().next());
    ProofBundle full = DevChain.bundle(c, Map.of(deal, piece));
    // whichever half it lost, the one holding the first challenge: that proof cannot be made
    boolean lostLow = full.challenges().get(0).setLeaf() < kept;
    List<ProofBundle.Proof> proofs = new ArrayList<>(full.proofs());
    int firstLost = -1;
    for (io.cairn.proofs.Challenge ch : full.challenges()) {
      if ((ch.setLeaf() < kept) == lostLow) {
        proofs.set(
            ch.number(), new ProofBundle.Proof(new byte[32], proofs.get(ch.number()).path()));
        firstLost = firstLost < 0 ? ch.number() : firstLost;
      }
    }
    assertThat(firstLost).isZero();
    ProofBundle partial2 = new ProofBundle(c.setId(), c.seed(), full.pieces(), proofs);
    expectRevert(() -> grinder.provePeriod(partial2.calldata(c.header())), "InvalidProof(0)");
    grinder.close();
  }

  private static boolean allAtOrAbove(byte[] seed, long setId, long leaves, long kept) {
    for (int i = 0; i < V1Market.CHALLENGES; i++) {
      if (Challenges.challenge(seed, setId, i, leaves) < kept) {
        return false;
      }
    }
    return true;
  }

  @Test
  void aOneWeiHundredThousandPeriodDealIsPushedOnV1AndRefusedOnV2() {
    // v1: any client may push it, and nothing on chain stops the provider's loop taking it
    BigInteger id = v1.open(V1_CLIENT, piece.cid(), 100_000, BigInteger.ONE, V1_PROVIDER);
    v1.accept(V1_PROVIDER, id, BigInteger.valueOf(50_000));
    assertThat(v1.status(id).get(0).getValue()).isEqualTo(BigInteger.ONE); // active

    // v2: the provider's terms (1 ether per TiB per period, offer; at most 1,000 periods, pieces
    // of 64 KiB or more, 2 deals in flight) are checked on open and on accept
    ChainClient provider = chain.connect(9);
    provider.registerProvider(DevChain.offer("12D3KooWTerms"), ETHER);
    provider.setStorageTerms(1000, 64 << 10, 2);
    StorageTerms terms = chain.client.storageTerms(provider.address());
    assertThat(terms).isEqualTo(new StorageTerms(ETHER, 1000, 64 << 10, 2));
    BigInteger min = terms.minPrice(piece.tree().piece().paddedSize());
    // 10^18 · 2^17 / 2^40, rounded up
    assertThat(min).isEqualTo(BigInteger.valueOf(119_209_289_551L));
    expectRevert(
        () -> open(provider, 100_000, BigInteger.ONE),
        "OutsideProviderTerms(\"pricePerPeriod\", " + min + ", 1)");
    expectRevert(
        () -> open(provider, 100_000, min), "OutsideProviderTerms(\"periods\", 1000, 100000)");
    expectRevert(
        () -> open(provider, 10, min.subtract(BigInteger.ONE)),
        "OutsideProviderTerms(\"pricePerPeriod\"");
    DevChain.Piece small = DevChain.piece(32, 20_000); // 32 KiB padded
    expectRevert(
        () -> chain.client.openDeal(new DealTerms(small.cid(), 10, min, provider.address(), true)),
        "OutsideProviderTerms(\"pieceBytes\", 65536, 32768)");
    BigInteger a = open(provider, 1000, min);
    BigInteger b = open(provider, 10, min);
    BigInteger third = open(provider, 10, min);
    provider.acceptDeal(a);
    provider.acceptDeal(b);
    expectRevert(() -> provider.acceptDeal(third), "OutsideProviderTerms(\"dealsInFlight\", 2, 3)");
    expectRevert(() -> open(provider, 10, min), "OutsideProviderTerms(\"dealsInFlight\", 2, 3)");
    // terms raised after opening are checked again on accept
    provider.setStorageTerms(5, 0, 0);
    chain.client.cancelDeal(third);
    BigInteger fourth = open(provider, 5, min);
    provider.updateProvider(
        new ProviderOffer(
            "12D3KooWTerms",
            "/ip4/127.0.0.1/tcp/4001",
            1L << 40,
            ETHER.multiply(BigInteger.TWO),
            "NVIDIA H100",
            80L << 30,
            ETHER));
    expectRevert(() -> provider.acceptDeal(fourth), "OutsideProviderTerms(\"pricePerPeriod\"");
    provider.close();
  }

  private static BigInteger open(ChainClient provider, int periods, BigInteger price) {
    return chain
        .client
        .openDeal(new DealTerms(piece.cid(), periods, price, provider.address(), true))
        .id();
  }

  @Test
  void aClientCensoringProofsProfitsFromTheSlashOnV1NotOnV2AndOnlyV2SlashesTheStake() {
    BigInteger price = ETHER;
    BigInteger fee = price.multiply(BigInteger.valueOf(4));
    BigInteger collateral = fee.divide(BigInteger.TWO);

    // v1: the provider's proofs never land (the client censors them); every fault pays the
    // client 10% of the whole collateral on top of its refund
    String v1Client = address(V1_CLIENT);
    BigInteger before = v1.withdrawable(v1Client);
    BigInteger id = v1.open(V1_CLIENT, piece.cid(), 4, price, V1_PROVIDER);
    v1.accept(V1_PROVIDER, id, collateral);
    chain.mineTo(v1.startBlock(id) + 4L * V1Market.PERIOD_BLOCKS);
    v1.settle(V1_CLIENT, id);
    assertThat(v1.periodsFaulted(id)).isEqualTo(4);
    BigInteger got = v1.withdrawable(v1Client).subtract(before);
    assertThat(got).as("v1 client's take for a fee of %s", fee).isGreaterThan(fee);
    // and the failed deal leaves the provider's stake untouched
    assertThat(v1.stake(address(V1_PROVIDER))).isEqualTo(ETHER);

    // v2: the client gets its fee back and nothing more; the slash is burned, and so is the
    // stake locked for the failed deal
    ChainClient provider = chain.connect(SINGLE);
    provider.registerProvider(DevChain.offer("12D3KooWCensored"), ETHER);
    String client = chain.client.address();
    BigInteger clientBefore = chain.client.withdrawable(client, null);
    BigInteger burnBefore = chain.client.withdrawable(BURN, null);
    BigInteger deal =
        chain.client.openDeal(new DealTerms(piece.cid(), 4, price, provider.address(), true)).id();
    provider.acceptDeal(deal);
    DealInfo d = provider.deal(deal);
    chain.mineTo(chain.windowEnd(d.endPeriod() - 1));
    chain.stranger.settle(deal);
    d = provider.deal(deal);
    assertThat(d.state()).isEqualTo(DealState.ENDED);
    assertThat(d.periodsFaulted()).isEqualTo(4);
    assertThat(chain.client.withdrawable(client, null).subtract(clientBefore)).isEqualTo(fee);
    BigInteger slash = price.divide(BigInteger.TWO).multiply(BigInteger.valueOf(4));
    assertThat(chain.client.withdrawable(BURN, null).subtract(burnBefore)).isEqualTo(slash);
    assertThat(provider.withdrawable(provider.address(), null))
        .isEqualTo(collateral.subtract(slash));
    ProviderInfo p = provider.provider(provider.address()).orElseThrow();
    assertThat(p.stake()).isEqualTo(ETHER.subtract(chain.params.stakePerDeal()));
    assertThat(p.dealsFailed()).isEqualTo(1);
    provider.close();
  }

  @Test
  void fortyDealsNeedFortyProofsOnV1AndOneOnV2() {
    int n = 40;
    // v1: one provePossession proves one deal's period; the others fault
    List<BigInteger> v1Deals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigInteger id = v1.open(V1_CLIENT, piece.cid(), 1, ETHER, V1_PROVIDER);
      v1.accept(V1_PROVIDER, id, ETHER.divide(BigInteger.TWO));
      v1Deals.add(id);
    }
    BigInteger last = v1Deals.get(n - 1);
    long start = v1.startBlock(last);
    chain.mineTo(V1Market.seedBlock(start, 0));
    byte[] seed = v1.blockHash(V1Market.seedBlock(start, 0));
    v1.prove(V1_PROVIDER, piece.prove(last.longValueExact(), seed, 5).calldata());
    chain.mineTo(start + V1Market.PERIOD_BLOCKS);
    v1.settle(V1_CLIENT, v1Deals.get(0));
    assertThat(v1.periodsProven(last)).isEqualTo(1);
    assertThat(v1.periodsFaulted(v1Deals.get(0))).isEqualTo(1);

    // v2: one provePeriod proves every deal in the set, for less than twice the gas of one deal
    ChainClient many = chain.connect(4);
    many.registerProvider(DevChain.offer("12D3KooWMany"), ETHER);
    ChainClient single = chain.stranger;
    single.registerProvider(DevChain.offer("12D3KooWSingle"), ETHER);
    Map<BigInteger, DevChain.Piece> pieces = new HashMap<>();
    List<BigInteger> deals = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BigInteger id =
          chain.client.openDeal(new DealTerms(piece.cid(), 10, ETHER, many.address(), true)).id();
      many.acceptDeal(id);
      deals.add(id);
      pieces.put(id, piece);
    }
    BigInteger one =
        chain.client.openDeal(new DealTerms(piece.cid(), 10, ETHER, single.address(), true)).id();
    single.acceptDeal(one);
    long period = single.deal(one).firstPeriod();
    assertThat(deals).allMatch(id -> many.deal(id).endPeriod() > period);
    long oneGas = chain.proveSet(single, period, Map.of(one, piece)).gasUsed();
    long manyGas = chain.proveSet(many, period, pieces).gasUsed();
    System.out.printf("provePeriod: %d gas for 1 deal, %d gas for %d deals%n", oneGas, manyGas, n);
    assertThat(manyGas).as("gas for %d deals against %d for one", n, oneGas).isLessThan(2 * oneGas);
    long setId = many.setOf(many.address(), chain.client.address());
    for (BigInteger id : deals) {
      chain.client.settle(id);
      DealInfo d = many.deal(id);
      assertThat(d.setId()).isEqualTo(setId);
      assertThat(d.periodsProven()).isEqualTo(1);
      // every other period settled so far (its window over) was never proven: faulted
      assertThat(d.periodsFaulted()).isEqualTo(d.periodsSettled() - 1);
      assertThat(d.periodsSettled()).isGreaterThan((int) (period - d.firstPeriod()));
    }
    many.close();
  }

  @Test
  void aWindowLongerThan256BlocksIsRefusedByV1AndProvenThroughBlockHistoryOnV2() {
    // v1: the seed is blockhash, which reaches 256 blocks back
    expectRevert(
        () ->
            V1Market.create(
                v1.transactor(0),
                "StorageMarketV1",
                List.of(
                    Calls.addr(v1.registry),
                    Calls.u256(400),
                    Calls.u256(300),
                    Calls.u256(5),
                    Calls.u256(50),
                    Calls.u256(10),
                    Calls.u256(50))),
        "InvalidParams(\"windowBlocks\")");

    // v2 on a chain with EIP-2935: a 300-block window, proven 290 blocks after its seed block
    MarketParams wide =
        new MarketParams(400, 300, 5, 50, 50, 0, 50, 2, chain.params.stakePerDeal(), 1);
    Deployment d =
        ChainClient.deploy(chain.rpc(), ChainAccount.fromPrivateKey(chain.keys.get(0)), wide);
    try (ChainClient provider = connect(d, 1);
        ChainClient client = connect(d, 2)) {
      provider.registerProvider(DevChain.offer("12D3KooWWide"), ETHER);
      BigInteger id =
          client.openDeal(new DealTerms(piece.cid(), 1, ETHER, provider.address(), true)).id();
      provider.acceptDeal(id);
      long period = provider.deal(id).firstPeriod();
      long seedBlock = wide.seedBlock(provider.marketGenesis(), period);
      chain.mineTo(seedBlock + 290);
      Challenge c = DevChain.only(provider);
      assertThat(c.seedBlock()).isEqualTo(seedBlock);
      TxResult r = provider.provePeriod(DevChain.bundle(c, Map.of(id, piece)).calldata(c.header()));
      assertThat(r.block() - seedBlock).isGreaterThan(256);
      client.settle(id);
      assertThat(provider.deal(id).periodsProven()).isEqualTo(1);
    }
  }

  private static ChainClient connect(Deployment d, int account) {
    return ChainClient.connect(
        new ChainOptions(chain.rpc(), d, 1, java.time.Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(chain.keys.get(account)));
  }
}
