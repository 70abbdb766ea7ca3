package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static io.cairn.chain.FaultsIT.expectRevert;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import io.cairn.storage.HashFunction;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.DynamicStruct;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * A provider pads its proofs with a piece it need not store: a deal with itself, from a second
 * address, for a piece whose leaves are all zero (its whole tree is known without storing
 * anything). Challenges drawn over one set holding every client's pieces would almost never fall on
 * another client's small piece, so that client would be paid for nothing; with one set per client,
 * the padding proves only the padding's own set.
 */
@Tag("chain")
@SuppressWarnings("rawtypes") // web3j's ABI API takes and returns the raw Type
class PaddingAttackIT {
  private static final int HEIGHT = 40; // 32 TiB padded: 2^40 zero leaves

  private static DevChain chain;
  private static Web3j web3;

  @BeforeAll
  static void start() {
    chain = new DevChain(MarketParams.dev());
    chain.registerProvider();
  }

  @AfterAll
  static void stop() {
    if (web3 != null) {
      web3.shutdown();
    }
    if (chain != null) {
      chain.close();
    }
  }

  /** sha254: SHA-256 with the top two bits of its last byte cleared. */
  private static byte[] sha254(byte[] left, byte[] right) {
    byte[] both = new byte[64];
    System.arraycopy(left, 0, both, 0, 32);
    System.arraycopy(right, 0, both, 32, 32);
    byte[] h = HashFunction.SHA2_256.digest(both);
    h[31] &= 0x3f;
    return h;
  }

  /** The roots of all-zero trees of height 0 … {@code height}. */
  private static byte[][] zeroRoots(int height) {
    byte[][] z = new byte[height + 1][];
    z[0] = new byte[32];
    for (int i = 1; i <= height; i++) {
      z[i] = sha254(z[i - 1], z[i - 1]);
    }
    return z;
  }

  /**
   * The proof a provider storing nothing can give: every challenge answered as if it fell on the
   * zero piece, with a zero leaf and the zero tree's siblings (the same at every position).
   */
  private static ProofBundle zeroProof(Challenge c, byte[][] zeros) {
    List<ProofBundle.Proof> proofs = new ArrayList<>();
    for (int i = 0; i < c.count(); i++) {
      proofs.add(new ProofBundle.Proof(new byte[32], Arrays.copyOf(zeros, HEIGHT)));
    }
    List<PieceCid> pieces = c.pieces().stream().map(p -> PieceCid.parse(p.pieceCidV2())).toList();
    return new ProofBundle(c.setId(), c.seed(), pieces, proofs);
  }

  @Test
  void aProviderPaddingItsSetWithAZeroPieceIsNotPaidForAClientsPieceItNeverStored() {
    byte[][] zeros = zeroRoots(HEIGHT);
    String zeroCid = new PieceCid(0, HEIGHT, zeros[HEIGHT]).toString();
    DevChain.Piece real = DevChain.piece(31, 50_000);
    BigInteger padPrice = ETHER.shiftLeft(HEIGHT + 5 - 40); // the provider's floor: 1 ether/TiB
    // the provider's second address opens the padding deal; the honest client its real one
    BigInteger pad =
        chain
            .stranger
            .openDeal(new DealTerms(zeroCid, 2, padPrice, chain.provider.address(), true))
            .id();
    BigInteger honest =
        chain
            .client
            .openDeal(new DealTerms(real.cid(), 2, ETHER, chain.provider.address(), true))
            .id();
    chain.provider.acceptDeal(pad);
    chain.provider.acceptDeal(honest);
    long first = chain.provider.deal(honest).firstPeriod();
    assertThat(chain.provider.deal(pad).firstPeriod()).isEqualTo(first);

    String p = chain.provider.address();
    long padSet = chain.provider.setOf(p, chain.stranger.address());
    long honestSet = chain.provider.setOf(p, chain.client.address());
    assertThat(padSet).isNotZero().isNotEqualTo(honestSet);
    assertThat(chain.provider.setsOf(p)).containsExactly(padSet, honestSet);

    for (int k = 0; k < 2; k++) {
      chain.mineTo(chain.seedBlock(first + k));
      List<Challenge> open = chain.provider.challenges();
      assertThat(open).extracting(Challenge::setId).containsExactly(padSet, honestSet);
      for (Challenge c : open) {
        byte[] data = zeroProof(c, zeros).calldata(c.header());
        if (c.setId() == padSet) {
          chain.provider.provePeriod(data);
        } else {
          // the client's set holds the client's piece alone: every challenge falls on it
          expectRevert(() -> chain.provider.provePeriod(data), "WrongPathLength(0, 40, 11)");
        }
      }
    }
    chain.mineTo(chain.windowEnd(first + 1) + 1);
    chain.stranger.settle(pad);
    chain.stranger.settle(honest);
    DealInfo d = chain.client.deal(honest);
    // the client's piece was never stored: no period of its deal is paid
    assertThat(d.periodsProven()).isZero();
    assertThat(d.periodsFaulted()).isEqualTo(2);
    assertThat(d.paid()).isZero();
    // the padding deal itself was proven with zero paths: the provider paid itself
    assertThat(chain.client.deal(pad).periodsProven()).isEqualTo(2);
  }

  /**
   * The same attack on the market before sets became per client ({@code StorageMarketOneSet} in the
   * test sources, with a registry of its own): one set holds both deals, the zero paths answer
   * every challenge, and the client's deal is paid for both periods.
   */
  @Test
  void onTheMarketWithOneSetPerProviderThePaddingGetsTheClientsDealPaid() {
    MarketParams mp = MarketParams.dev();
    Transactor deployer = oneSet(0);
    String registry =
        V1Market.create(deployer, "ProviderRegistry", List.of(Calls.u256(mp.stakePerDeal())));
    String market =
        V1Market.create(
            deployer,
            "StorageMarketOneSet",
            List.of(
                Calls.addr(registry),
                Calls.u256(mp.periodBlocks()),
                Calls.u256(mp.windowBlocks()),
                Calls.u256(mp.challengesPerProof()),
                Calls.u256(mp.collateralPercent()),
                Calls.u256(mp.slashPercent()),
                Calls.u256(mp.slashToClientPercent()),
                Calls.u256(mp.acceptBlocks()),
                Calls.u256(mp.lookahead()),
                Calls.u256(mp.stakePerDeal()),
                Calls.u256(mp.noticePeriods())));
    deployer.send(
        registry,
        Calls.encode(Calls.setMarkets(market, chain.stranger.address())),
        BigInteger.ZERO,
        "setMarkets");
    Transactor provider = oneSet(1);
    provider.send(
        registry,
        Calls.encode(Calls.offer("register", DevChain.offer("12D3KooWOneSet"))),
        ETHER,
        "register");
    String p = chain.provider.address();
    byte[][] zeros = zeroRoots(HEIGHT);
    byte[] zeroCid = PieceCids.toBytes(new PieceCid(0, HEIGHT, zeros[HEIGHT]).toString());
    byte[] realCid = PieceCids.toBytes(DevChain.piece(31, 50_000).cid());
    BigInteger padPrice = ETHER.shiftLeft(HEIGHT + 5 - 40);
    oneSet(3)
        .send(
            market,
            Calls.encode(Calls.openDeal(zeroCid, 2, padPrice, p, Addresses.ZERO)),
            padPrice.multiply(BigInteger.TWO),
            "openDeal");
    oneSet(2)
        .send(
            market,
            Calls.encode(Calls.openDeal(realCid, 2, ETHER, p, Addresses.ZERO)),
            ETHER.multiply(BigInteger.TWO),
            "openDeal");
    BigInteger pad = BigInteger.ONE;
    BigInteger honest = BigInteger.TWO;
    provider.send(
        market, Calls.encode(Calls.dealAction("acceptDeal", pad)), padPrice, "acceptDeal");
    provider.send(market, Calls.encode(Calls.dealAction("acceptDeal", honest)), ETHER, "accept");
    long genesis = number(view(market, Calls.view("genesisBlock")).get(0));
    long first = (chain.provider.blockNumber() - genesis) / mp.periodBlocks() + 1;

    for (long k = first; k < first + 2; k++) {
      long seedBlock = genesis + (k + 1) * mp.periodBlocks() - mp.windowBlocks() - 1;
      chain.mineTo(seedBlock);
      byte[] header = ((Web3ChainClient) chain.provider).header(seedBlock);
      List<DynamicStruct> proofs = new ArrayList<>();
      for (int i = 0; i < mp.challengesPerProof(); i++) {
        List<Bytes32> path = new ArrayList<>();
        for (int j = 0; j < HEIGHT; j++) {
          path.add(new Bytes32(zeros[j]));
        }
        proofs.add(
            new DynamicStruct(new Bytes32(new byte[32]), new DynamicArray<>(Bytes32.class, path)));
      }
      Function prove =
          new Function(
              "provePeriod",
              List.of(
                  new DynamicBytes(header),
                  new DynamicArray<>(DynamicStruct.class, proofs),
                  new DynamicArray<>(Uint256.class, List.of())),
              List.of());
      provider.send(market, FunctionEncoder.encode(prove), BigInteger.ZERO, "provePeriod");
    }
    chain.mineTo(genesis + (first + 2) * mp.periodBlocks());
    Transactor anyone = oneSet(3);
    anyone.send(market, Calls.encode(Calls.dealAction("settle", honest)), BigInteger.ZERO, "s");
    List<Type> status = view(market, Calls.dealStatus(honest));
    // the client's piece was never stored, and both its periods were paid
    assertThat(number(status.get(6))).as("periods proven").isEqualTo(2);
    assertThat(number(status.get(7))).as("periods faulted").isZero();
    assertThat(number(status.get(9))).as("paid").isEqualTo(2 * ETHER.longValueExact());
  }

  private static Transactor oneSet(int account) {
    if (web3 == null) {
      web3 = Web3j.build(new HttpService(chain.rpc().toString()));
    }
    return new Transactor(
        web3,
        ChainAccount.fromPrivateKey(chain.keys.get(account)).credentials(),
        chain.deployment.chainId(),
        Duration.ofMillis(20),
        new ContractAbi("ProviderRegistry", "StorageMarketOneSet"));
  }

  private static List<Type> view(String to, Function f) {
    String out = oneSet(0).call(to, Calls.encode(f), f.getName());
    return FunctionReturnDecoder.decode(out, f.getOutputParameters());
  }

  private static long number(Type t) {
    return ((BigInteger) t.getValue()).longValueExact();
  }
}
