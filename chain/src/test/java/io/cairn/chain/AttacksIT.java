package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proofs.ProofBundle;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.Multihash;
import io.cairn.storage.Varint;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Function;

/** Parties acting out of turn, malformed input and re-entry are refused, and move no funds. */
@Tag("chain")
@SuppressWarnings("rawtypes") // web3j's ABI API takes the raw Type
class AttacksIT {
  private static DevChain chain;
  private static DevChain.Piece piece;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
    piece = DevChain.piece(13, 50_000);
  }

  @AfterAll
  static void stop() {
    if (chain != null) {
      chain.close();
    }
  }

  private static BigInteger openNative(int periods) {
    return chain
        .client
        .openDeal(new DealTerms(piece.cid(), periods, ETHER, chain.provider.address(), true))
        .id();
  }

  @Test
  void strangerCannotAcceptProveCancelOrTakeOthersFunds() {
    BigInteger id = openNative(3);
    expectRevert(() -> chain.stranger.acceptDeal(id), "NotProvider");
    expectRevert(() -> chain.stranger.cancelDeal(id), "NotClient");
    chain.provider.acceptDeal(id);
    long first = chain.provider.deal(id).firstPeriod();
    ProofBundle b = chain.bundle(chain.provider, first, Map.of(id, piece));
    Challenge c = DevChain.only(chain.provider);
    byte[] calldata = b.calldata(c.header());
    // nobody proves another's set
    expectRevert(
        () -> chain.stranger.provePeriod(calldata),
        "NotSetProvider(" + c.setId() + ", " + chain.stranger.address());
    chain.provider.provePeriod(calldata);
    expectRevert(() -> chain.provider.provePeriod(calldata), "PeriodAlreadyProven");
    chain.stranger.settle(id);

    // the provider's earnings sit in the market; nobody else can take them
    assertThat(chain.stranger.withdrawable(chain.provider.address(), null)).isEqualTo(ETHER);
    expectRevert(() -> chain.stranger.withdraw(null), "NothingToWithdraw");
    assertThat(chain.stranger.withdrawable(chain.provider.address(), null)).isEqualTo(ETHER);
    // the client cannot pull its escrow back mid-deal, nor cancel an accepted deal
    BigInteger escrow = chain.client.nativeBalance(chain.deployment.market());
    expectRevert(() -> chain.client.withdraw(null), "NothingToWithdraw");
    expectRevert(() -> chain.client.cancelDeal(id), "WrongState");
    assertThat(chain.client.nativeBalance(chain.deployment.market())).isEqualTo(escrow);
    // the registry's counters are the market's alone
    Transactor stranger = chain.transactor(3);
    Function bump =
        Calls.fn(
            "periodsProven",
            List.of(
                Calls.addr(chain.stranger.address()),
                new org.web3j.abi.datatypes.generated.Uint64(1)),
            Calls.out());
    expectRevert(
        () ->
            stranger.send(chain.deployment.registry(), Calls.encode(bump), BigInteger.ZERO, "bump"),
        "NotMarket");
    Function ended =
        Calls.fn(
            "dealEnded",
            List.of(Calls.addr(chain.provider.address()), new org.web3j.abi.datatypes.Bool(false)),
            Calls.out());
    expectRevert(
        () ->
            stranger.send(chain.deployment.registry(), Calls.encode(ended), BigInteger.ZERO, "end"),
        "NotMarket");
    Function rewire = Calls.setMarkets(chain.stranger.address(), chain.stranger.address());
    expectRevert(
        () ->
            chain
                .transactor(0)
                .send(chain.deployment.registry(), Calls.encode(rewire), BigInteger.ZERO, "rewire"),
        "MarketAlreadySet");
  }

  @Test
  void connectingRefusesContractsThatAreNotCairnsOrNotWiredTogether() {
    Deployment d = chain.deployment;
    ChainAccount key = ChainAccount.fromPrivateKey(chain.keys.get(3));
    // the token's address given as the market's
    Deployment wrong =
        new Deployment(
            d.chainId(), d.registry(), d.token(), d.computeMarket(), d.token(), d.block());
    assertThatThrownBy(() -> connect(wrong, key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("the contract at " + d.token())
        .hasMessageContaining("is not Cairn's StorageMarket");
    // the market before issue 12
    try (V1Market v1 = new V1Market(chain)) {
      Deployment old =
          new Deployment(
              d.chainId(), d.registry(), v1.market, d.computeMarket(), d.token(), d.block());
      assertThatThrownBy(() -> connect(old, key))
          .hasMessageContaining("is not Cairn's StorageMarket");
    }
    // a second deployment's registry beside the first's market
    Deployment other = ChainClient.deploy(chain.rpc(), key, MarketParams.dev());
    Deployment mixed =
        new Deployment(
            d.chainId(), other.registry(), d.market(), d.computeMarket(), d.token(), d.block());
    assertThatThrownBy(() -> connect(mixed, key))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage(
            "the StorageMarket at "
                + d.market()
                + " uses the ProviderRegistry at "
                + d.registry()
                + ", not the configured "
                + other.registry());
    connect(other, key).close();
  }

  private static ChainClient connect(Deployment d, ChainAccount key) {
    return ChainClient.connect(
        new ChainOptions(chain.rpc(), d, 1, java.time.Duration.ofMillis(20)), key);
  }

  @Test
  void unacceptedDealExpiresAndClientIsRefunded() {
    BigInteger id = openNative(2);
    chain.anvil.mine(chain.params.acceptBlocks() + 1);
    expectRevert(() -> chain.provider.acceptDeal(id), "AcceptanceExpired");
    BigInteger before = chain.client.withdrawable(chain.client.address(), null);
    chain.client.cancelDeal(id);
    DealInfo d = chain.client.deal(id);
    assertThat(d.state()).isEqualTo(DealState.CANCELLED);
    assertThat(d.refunded()).isEqualTo(ETHER.multiply(BigInteger.TWO));
    assertThat(chain.client.withdrawable(chain.client.address(), null))
        .isEqualTo(before.add(ETHER.multiply(BigInteger.TWO)));
    expectRevert(() -> chain.client.cancelDeal(id), "WrongState");
    expectRevert(() -> chain.provider.acceptDeal(id), "WrongState");
    chain.client.withdraw(null);
    assertThat(chain.client.withdrawable(chain.client.address(), null)).isZero();
  }

  @Test
  void openDealRefusesBadProvidersPaymentsAndPieceCids() {
    expectRevert(
        () ->
            chain.client.openDeal(
                new DealTerms(piece.cid(), 2, ETHER, chain.stranger.address(), true)),
        "ProviderNotActive");
    expectRevert(
        () ->
            chain.provider.openDeal(
                new DealTerms(piece.cid(), 2, ETHER, chain.provider.address(), true)),
        "SelfDeal");
    byte[] root = piece.tree().piece().root();
    expectRevert(() -> openWith(pieceCid(0, 1, root)), "InvalidPieceCid(\"height\")");
    expectRevert(() -> openWith(pieceCid(0, 58, root)), "InvalidPieceCid(\"height\")");
    // height 12 holds 127·2^10 bytes: padding of half of it or more would fit height 11
    expectRevert(() -> openWith(pieceCid(127L << 9, 12, root)), "InvalidPieceCid(\"padding\")");
    byte[] wide = root.clone();
    wide[31] |= (byte) 0x80;
    expectRevert(
        () -> openWith(pieceCid(0, 12, wide)), "InvalidPieceCid(\"root is not a sha254 node\")");

    // a native deal must carry exactly its fee; a token deal none
    byte[] cid = Cid.parse(piece.cid()).bytes();
    Transactor client = chain.transactor(2);
    Function open = Calls.openDeal(cid, 2, ETHER, chain.provider.address(), Addresses.ZERO);
    expectRevert(
        () -> client.send(chain.deployment.market(), Calls.encode(open), ETHER, "open"),
        "WrongPayment");
    Function openToken =
        Calls.openDeal(cid, 2, ETHER, chain.provider.address(), chain.deployment.token());
    expectRevert(
        () -> client.send(chain.deployment.market(), Calls.encode(openToken), ETHER, "open"),
        "WrongPayment");
    Function huge =
        Calls.openDeal(cid, 2, BigInteger.TWO.pow(255), chain.provider.address(), Addresses.ZERO);
    expectRevert(
        () -> client.send(chain.deployment.market(), Calls.encode(huge), BigInteger.ZERO, "open"),
        "InvalidTerms");
  }

  private static void openWith(String cid) {
    chain.client.openDeal(new DealTerms(cid, 2, ETHER, chain.provider.address(), true));
  }

  private static String pieceCid(long padding, int height, byte[] root) {
    byte[] digest = new byte[Varint.size(padding) + 33];
    int o = Varint.write(padding, digest, 0);
    digest[o++] = (byte) height;
    System.arraycopy(root, 0, digest, o, 32);
    return Cid.v1(Multicodec.RAW, Multihash.of(0x1011, digest)).toString();
  }

  @Test
  void stakeStaysLockedWhileDealsRunAndRetiredProvidersTakeNoDeals() {
    ChainClient p = chain.connect(4);
    p.registerProvider(DevChain.offer("12D3KooWSecondProvider"), ETHER.multiply(BigInteger.TWO));
    p.updateProvider(DevChain.offer("12D3KooWSecondProviderRenamed"));
    assertThat(p.provider(p.address()).orElseThrow().offer().peerId())
        .isEqualTo("12D3KooWSecondProviderRenamed");
    BigInteger id =
        chain.client.openDeal(new DealTerms(piece.cid(), 1, ETHER, p.address(), true)).id();
    p.acceptDeal(id);
    expectRevert(p::withdrawStake, "AlreadyActive");
    p.retireProvider();
    expectRevert(p::withdrawStake, "DealsStillActive");
    expectRevert(
        () -> chain.client.openDeal(new DealTerms(piece.cid(), 1, ETHER, p.address(), true)),
        "ProviderNotActive");
    // the retired provider still proves the deal it holds
    chain.proveSet(p, p.deal(id).firstPeriod(), Map.of(id, piece));
    p.settle(id);
    assertThat(p.deal(id).state()).isEqualTo(DealState.ENDED);
    BigInteger before = p.nativeBalance(p.address());
    TxResult w = p.withdrawStake();
    BigInteger gain = p.nativeBalance(p.address()).subtract(before);
    BigInteger maxFee =
        BigInteger.valueOf(w.gasUsed()).multiply(BigInteger.valueOf(10_000_000_000L));
    assertThat(gain).isGreaterThan(ETHER.multiply(BigInteger.TWO).subtract(maxFee));
    assertThat(p.provider(p.address()).orElseThrow().stake()).isZero();
    expectRevert(p::withdrawStake, "NothingToWithdraw");
    p.close();
  }

  @Test
  void reentryThroughTokenTransferIsRefusedAndPaysOnce() {
    MaliciousTokens bad = MaliciousTokens.deploy(chain.transactor(2));
    String token = bad.token;
    String market = chain.deployment.market();
    BigInteger amount = ETHER.multiply(BigInteger.valueOf(4));
    // the token contract itself is the client: it holds tokens, opens a deal in them, cancels it
    bad.mintToItself(amount);
    bad.execute(token, Calls.approve(market, amount));
    byte[] cid = Cid.parse(piece.cid()).bytes();
    bad.execute(market, Calls.openDeal(cid, 4, ETHER, chain.provider.address(), token));
    BigInteger id = BigInteger.valueOf(chain.client.deals().size());
    assertThat(chain.client.deal(id).client()).isEqualTo(token);
    bad.execute(market, Calls.dealAction("cancelDeal", id));
    assertThat(chain.client.withdrawable(token, token)).isEqualTo(amount);

    // armed: the market's transfer calls withdraw again before moving tokens
    bad.assertWithdrawReentryRefused(market, amount);
    assertThat(chain.client.withdrawable(token, token)).isZero();
  }
}
