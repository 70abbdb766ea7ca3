package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.datatypes.Type;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The compute market on a {@link DevChain}'s Anvil: a deployment of its own (so each fixture starts
 * with an empty verifier list), a provider, a client, a stranger and {@code verifierCount}
 * verifiers, all registered with one ether of stake, and the solvency check every test runs after
 * each step: the market's native and token balances equal what it owes.
 */
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
final class ComputeFixture implements AutoCloseable {
  static final BigInteger PRICE = ETHER;
  static final byte[] SPEC = "bafkreispec".getBytes(StandardCharsets.UTF_8);
  static final byte[] OUTPUT = "bafkreioutput".getBytes(StandardCharsets.UTF_8);
  static final byte[] WRONG = "bafkreiwrong".getBytes(StandardCharsets.UTF_8);
  static final long FUEL = 123_456;
  static final byte[] RECEIPT = new byte[32];

  final DevChain chain;
  final Deployment deployment;
  final ComputeMarketParams params;
  final ChainClient providerChain;
  final ComputeMarketClient provider;
  final ComputeMarketClient client;
  final ComputeMarketClient stranger;
  final List<ChainClient> verifierChains = new ArrayList<>();
  final List<ChainClient> all = new ArrayList<>();
  private final Set<BigInteger> jobs = new HashSet<>();
  private boolean ownsChain;

  /** A fixture on a fresh Anvil of its own, closed with it. */
  static ComputeFixture onFreshChain(int verifierCount) {
    DevChain chain = new DevChain(MarketParams.dev());
    try {
      ComputeFixture f = new ComputeFixture(chain, ComputeMarketParams.dev(), verifierCount);
      f.ownsChain = true;
      return f;
    } catch (RuntimeException e) {
      chain.close();
      throw e;
    }
  }

  /** Accounts: 1 provider, 2 client, 3 stranger, 4.. verifiers. */
  ComputeFixture(DevChain chain, ComputeMarketParams params, int verifierCount) {
    this.chain = chain;
    this.params = params;
    this.deployment =
        ChainClient.deploy(
            chain.rpc(),
            ChainAccount.fromPrivateKey(chain.keys.get(0)),
            MarketParams.dev(),
            params);
    this.providerChain = connect(1);
    this.provider = providerChain.compute();
    this.client = connect(2).compute();
    this.stranger = connect(3).compute();
    providerChain.registerProvider(DevChain.offer("12D3KooWComputeProvider"), ETHER);
    provider.setComputeOffer(offer(false));
    for (int i = 0; i < verifierCount; i++) {
      ChainClient v = connect(4 + i);
      v.registerProvider(DevChain.offer("12D3KooWVerifier" + i), ETHER);
      v.compute().setComputeOffer(offer(true));
      verifierChains.add(v);
    }
  }

  ChainClient connect(int account) {
    ChainClient c =
        ChainClient.connect(
            new ChainOptions(chain.rpc(), deployment, 1, Duration.ofMillis(20)),
            ChainAccount.fromPrivateKey(chain.keys.get(account)));
    all.add(c);
    return c;
  }

  static ComputeOfferTerms offer(boolean verifier) {
    return new ComputeOfferTerms(
        JobRequirements.ENGINE_WASM | JobRequirements.ENGINE_CUDA,
        8,
        16L << 30,
        PRICE.divide(BigInteger.TEN),
        "solar",
        verifier);
  }

  static JobPosting wasm(int verifiers, String token) {
    return new JobPosting(SPEC, JobRequirements.wasm(4, 1L << 30), PRICE, token, 20, 10, verifiers);
  }

  /** Posts a job as the client and remembers it for the solvency check. */
  MarketJob post(JobPosting p) {
    MarketJob j = client.post(p);
    jobs.add(j.id());
    return j;
  }

  ChainClient chainOf(ComputeMarketClient c) {
    for (ChainClient a : all) {
      if (a.compute() == c) {
        return a;
      }
    }
    throw new IllegalArgumentException("not a fixture account");
  }

  BigInteger collateral() {
    return PRICE
        .multiply(BigInteger.valueOf(params.collateralPercent()))
        .divide(BigInteger.valueOf(100));
  }

  /** Posts, claims and submits a WASM job with {@code k} verifiers; returns its ID. */
  BigInteger submitted(int k, byte[] output) {
    BigInteger id = post(wasm(k, null)).id();
    provider.claim(id);
    provider.submitResult(id, output, FUEL, RECEIPT);
    return id;
  }

  /** Mines to {@code block} in steps of at most 1,000 blocks, each well within an RPC timeout. */
  void mineTo(long block) {
    for (long head = providerChain.blockNumber();
        head < block;
        head = Math.min(block, head + 1_000)) {
      chain.mineTo(Math.min(block, head + 1_000));
    }
  }

  ComputeMarketClient verifier(String address) {
    for (ChainClient v : verifierChains) {
      if (v.address().equals(address)) {
        return v.compute();
      }
    }
    throw new IllegalArgumentException(address + " is not a fixture verifier");
  }

  /** Disputes as {@code challenger}, mines to after the draw block and draws. */
  List<JobVerifier> disputeAndDraw(BigInteger id, ComputeMarketClient challenger) {
    challenger.dispute(id);
    mineTo(client.job(id).drawBlock());
    stranger.drawVerifiers(id);
    return client.verifiers(id);
  }

  /** What the client and the provider are owed, and the provider's stake, at one moment. */
  record Owed(BigInteger client, BigInteger provider, BigInteger providerStake) {}

  Owed owed() {
    String p = providerChain.address();
    return new Owed(
        client.withdrawable(chainOf(client).address(), null),
        client.withdrawable(p, null),
        stakeOf(p));
  }

  /**
   * The client's dispute of job {@code id} ended without a decision, since {@code before}: the
   * result does not stand (the client has the price and its bond back), the provider has its
   * collateral back and its stake unslashed.
   */
  void assertUndecided(BigInteger id, Owed before) {
    assertThat(client.job(id).state()).isEqualTo(MarketJobState.REFUNDED);
    Owed now = owed();
    assertThat(now.client()).isEqualTo(before.client().add(PRICE).add(collateral()));
    assertThat(now.provider()).isEqualTo(before.provider().add(collateral()));
    assertThat(now.providerStake()).isEqualTo(before.providerStake());
  }

  BigInteger stakeOf(String provider) {
    return providerChain.provider(provider).orElseThrow().stake();
  }

  BigInteger lockedStake(String provider) {
    ProviderInfo p = providerChain.provider(provider).orElseThrow();
    assertThat(p.freeStake()).isEqualTo(p.stake().subtract(p.lockedStake()));
    return p.lockedStake();
  }

  /** A registry view that takes no argument and returns one number. */
  BigInteger registryView(String name) {
    Web3ChainClient c = (Web3ChainClient) providerChain;
    return (BigInteger) c.view(deployment.registry(), Calls.view(name)).get(0).getValue();
  }

  /**
   * The verifier log index of draw candidate {@code attempt} of job {@code id}, as the market
   * computes it: keccak256(abi.encode(seed, jobId, attempt)) mod the log's length at the dispute.
   */
  static int drawCandidate(BigInteger seed, BigInteger id, int attempt, BigInteger logLength) {
    String encoded =
        TypeEncoder.encode(Calls.u256(seed))
            + TypeEncoder.encode(Calls.u256(id))
            + TypeEncoder.encode(Calls.u256(BigInteger.valueOf(attempt)));
    return new BigInteger(1, Hash.sha3(Numeric.hexStringToByteArray(encoded)))
        .mod(logLength)
        .intValueExact();
  }

  /** Whether the draw skips {@code account} for job {@code j}: a party to it or drawn already. */
  static boolean notDrawable(MarketJob j, String account, List<String> drawn) {
    return account.equals(j.provider())
        || account.equals(j.client())
        || account.equals(j.challenger())
        || drawn.contains(account);
  }

  BigInteger held(BigInteger id) {
    Web3ChainClient c = (Web3ChainClient) providerChain;
    List<Type> out =
        c.view(
            deployment.computeMarket(),
            Calls.fn("jobHeld", List.of(Calls.u256(id)), Calls.out(Calls.U256)));
    return (BigInteger) out.get(0).getValue();
  }

  /**
   * The market holds exactly what it owes, in native currency and in the token: the withdrawable
   * balances of every fixture account and of the burn account, plus what each job holds.
   */
  void assertSolvent() {
    for (String token : List.of(Addresses.ZERO, deployment.token())) {
      BigInteger owed = BigInteger.ZERO;
      Set<String> accounts = new HashSet<>();
      accounts.add("0x000000000000000000000000000000000000dead");
      for (ChainClient a : all) {
        accounts.add(a.address());
      }
      for (String a : accounts) {
        owed = owed.add(client.withdrawable(a, token));
      }
      for (BigInteger id : jobs) {
        if (client.job(id).token().equals(token)) {
          owed = owed.add(held(id));
        }
      }
      BigInteger balance =
          token.equals(Addresses.ZERO)
              ? providerChain.nativeBalance(deployment.computeMarket())
              : providerChain.tokenBalance(deployment.computeMarket());
      assertThat(balance).as("market balance in " + token).isEqualTo(owed);
    }
  }

  @Override
  public void close() {
    for (ChainClient c : all) {
      c.close();
    }
    if (ownsChain) {
      chain.close();
    }
  }
}
