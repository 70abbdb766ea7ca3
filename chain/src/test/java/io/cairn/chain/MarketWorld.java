package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import org.web3j.utils.Numeric;

/**
 * One sequence's world: a fresh deployment of both markets on the shared Anvil, its accounts (two
 * storage providers, two clients, three verifiers and a stranger, funded, approved and registered;
 * up to {@link #MAX_FRESH} more verifiers made as the sequence runs), the model of what the test
 * expects of them, the seeded randomness every action draws from, and the views the actions and
 * checks share.
 */
final class MarketWorld implements AutoCloseable {
  static final String BURN = "0x000000000000000000000000000000000000dead";
  static final byte[] SPEC = "bafkreiinvariantspec".getBytes(StandardCharsets.UTF_8);
  static final byte[] OUTPUT = "bafkreiinvariantout".getBytes(StandardCharsets.UTF_8);
  static final byte[] WRONG = "bafkreiinvariantbad".getBytes(StandardCharsets.UTF_8);
  static final long FUEL = 4242;
  static final BigInteger MIN_JOB_PRICE = ETHER.divide(BigInteger.valueOf(100));
  static final int MAX_PERIODS = 6;
  static final int MAX_DEALS = 5;

  final DevChain chain;
  final List<DevChain.Piece> pieces;
  final Random r;
  final Deployment dep;
  final MarketParams sp;
  final ComputeMarketParams cp;
  final String token;
  final List<ChainClient> all = new ArrayList<>();
  final List<ChainClient> providers = new ArrayList<>();
  final List<ChainClient> clients = new ArrayList<>();
  final List<ChainClient> verifiers = new ArrayList<>();
  final ChainClient stranger;
  final Web3ChainClient reader;
  final DevRpc dev;
  final Map<String, ChainClient> byAddress = new HashMap<>();
  final Map<String, Expected> expected = new HashMap<>();
  final Map<BigInteger, DealModel> deals = new LinkedHashMap<>();
  final Set<BigInteger> jobs = new HashSet<>();

  /** Each storage provider's terms as last set: its longest deal and most deals in flight. */
  final Map<String, int[]> termsOf = new HashMap<>();

  /** Storage providers that retired from the registry (their deals go on; new ones refused). */
  final Set<String> retiredProviders = new HashSet<>();

  /** Verifiers that retired from the registry. */
  final Set<String> retired = new HashSet<>();

  /** The block each verifier last left the draws: its stake stays until the exit delay passed. */
  final Map<String, Long> leftDraws = new HashMap<>();

  /** Settled storage periods: "deal/period" to proven. */
  final Map<String, Boolean> settled = new HashMap<>();

  /** How many times each action applied, each refusal and each notable outcome was seen. */
  final Map<String, Integer> tally = new TreeMap<>();

  /** Verifier accounts made during the sequence, at most {@link #MAX_FRESH}. */
  int fresh;

  static final int MAX_FRESH = 4;

  /**
   * The most the verifier log may hold: the largest count of entries open or closed within the last
   * {@code VERIFIER_EXIT_BLOCKS} blocks seen at any check (a new verifier appends a slot only when
   * no closed entry is older than that).
   */
  int logBound;

  /** The head before the accounts were set up: the markets' events are read from the next block. */
  final long firstBlock;

  MarketWorld(DevChain chain, List<DevChain.Piece> pieces, long seed) {
    this.chain = chain;
    this.pieces = pieces;
    this.r = new Random(seed);
    this.sp = MarketParams.dev();
    this.cp = ComputeMarketParams.dev();
    this.dep =
        ChainClient.deploy(chain.rpc(), ChainAccount.fromPrivateKey(chain.keys.get(0)), sp, cp);
    this.token = dep.token();
    this.dev = new DevRpc(chain.rpc());
    this.firstBlock = connect(0).blockNumber();
    this.reader = (Web3ChainClient) all.get(0);
    for (int i = 1; i <= 2; i++) {
      providers.add(connect(i));
    }
    for (int i = 3; i <= 4; i++) {
      clients.add(connect(i));
    }
    for (int i = 5; i <= 7; i++) {
      verifiers.add(connect(i));
    }
    this.stranger = connect(8);
    for (ChainClient c : all) {
      giveTokens(c);
    }
    BigInteger stake = ETHER.multiply(BigInteger.valueOf(3));
    for (ChainClient p : providers) {
      p.registerProvider(DevChain.offer("12D3KooWInvariants" + p.address()), stake);
      p.setStorageTerms(MAX_PERIODS, 0, MAX_DEALS);
      termsOf.put(p.address(), new int[] {MAX_PERIODS, MAX_DEALS});
      expected(p.address()).stake = stake;
    }
    for (ChainClient v : verifiers) {
      v.registerProvider(DevChain.offer("12D3KooWVerifier" + v.address()), ETHER);
      expected(v.address()).stake = ETHER;
    }
    providers.get(0).compute().setComputeOffer(offer(false));
    // the second provider verifies too: it must never be drawn for its own jobs
    providers.get(1).compute().setComputeOffer(offer(true));
    for (ChainClient v : verifiers) {
      v.compute().setComputeOffer(offer(true));
    }
  }

  ChainClient connect(int account) {
    return connect(chain.keys.get(account));
  }

  ChainClient connect(String privateKey) {
    ChainClient c =
        ChainClient.connect(
            new ChainOptions(chain.rpc(), dep, 1, Duration.ofMillis(10)),
            ChainAccount.fromPrivateKey(privateKey));
    all.add(c);
    byAddress.put(c.address(), c);
    return c;
  }

  /**
   * A new account, its key drawn from the sequence's randomness (a replay makes the same ones),
   * given {@code wei} by the deployer and 10 ether more (enough for whatever the registry actions
   * stake again and for gas), and test tokens as every account.
   */
  ChainClient fresh(BigInteger wei) {
    byte[] key = new byte[32];
    r.nextBytes(key);
    ChainClient c = connect(Numeric.toHexStringWithPrefixZeroPadded(new BigInteger(1, key), 64));
    reader.sendNative(c.address(), wei.add(ETHER.multiply(BigInteger.TEN)));
    giveTokens(c); // a verifier's dispute bond may be due in the token
    fresh++;
    return c;
  }

  /**
   * Mints {@code c} test tokens and approves both markets to pull them, once for all: no action
   * sends an approval first, so each step is one transaction in one block.
   */
  void giveTokens(ChainClient c) {
    c.mintTestToken(c.address(), ETHER.multiply(BigInteger.valueOf(1000)));
    BigInteger unlimited = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    for (String market : List.of(dep.market(), dep.computeMarket())) {
      ((Web3ChainClient) c).send(token, Calls.approve(market, unlimited), BigInteger.ZERO);
    }
  }

  static ComputeOfferTerms offer(boolean verifier) {
    return new ComputeOfferTerms(
        JobRequirements.ENGINE_WASM | JobRequirements.ENGINE_CUDA,
        8,
        16L << 30,
        MIN_JOB_PRICE,
        "solar",
        verifier);
  }

  Expected expected(String address) {
    return expected.computeIfAbsent(address, a -> new Expected());
  }

  <T> T pick(List<T> list) {
    return list.get(r.nextInt(list.size()));
  }

  String pickToken() {
    return r.nextBoolean() ? Addresses.ZERO : token;
  }

  /** The accounts in the registry's verifier draws now, as the registry says. */
  Set<String> inDraws() {
    Set<String> out = new HashSet<>();
    for (ChainClient a : all) {
      if (isVerifier(a.address())) {
        out.add(a.address());
      }
    }
    return out;
  }

  /** Whether the registry has {@code account} in its verifier draws now. */
  boolean isVerifier(String account) {
    return (Boolean)
        reader
            .view(
                dep.registry(),
                Calls.fn("isVerifier", List.of(Calls.addr(account)), Calls.out(Calls.BOOL)))
            .get(0)
            .getValue();
  }

  /** The registry's verifier log now. */
  List<VerifierLog.Entry> verifierLog() {
    return VerifierLog.read(reader, dep.registry());
  }

  long head() {
    return reader.blockNumber();
  }

  long period() {
    return sp.periodOf(reader.marketGenesis(), head() + 1);
  }

  List<DealInfo> dealsIn(DealState state) {
    List<DealInfo> out = new ArrayList<>();
    for (BigInteger id : deals.keySet()) {
      DealInfo d = reader.deal(id);
      if (d.state() == state) {
        out.add(d);
      }
    }
    return out;
  }

  /** A random deal in {@code state}, or null. */
  DealInfo anyDeal(DealState state) {
    List<DealInfo> in = dealsIn(state);
    return in.isEmpty() ? null : pick(in);
  }

  List<MarketJob> jobsIn(MarketJobState state) {
    List<MarketJob> out = new ArrayList<>();
    for (BigInteger id : jobs) {
      MarketJob j = reader.compute().job(id);
      if (j.state() == state) {
        out.add(j);
      }
    }
    out.sort((a, b) -> a.id().compareTo(b.id()));
    return out;
  }

  /** A random job in {@code state}, or null. */
  MarketJob anyJob(MarketJobState state) {
    List<MarketJob> in = jobsIn(state);
    return in.isEmpty() ? null : pick(in);
  }

  boolean isProven(long setId, long period) {
    return (Boolean) reader.view(dep.market(), Calls.isProven(setId, period)).get(0).getValue();
  }

  List<String> accounts() {
    List<String> out = new ArrayList<>();
    out.add(BURN);
    for (ChainClient c : all) {
      out.add(c.address());
    }
    return out;
  }

  BigInteger balance(String contract, String t) {
    return t.equals(Addresses.ZERO) ? reader.nativeBalance(contract) : tokenBalance(contract);
  }

  BigInteger tokenBalance(String account) {
    return (BigInteger) reader.view(token, Calls.balanceOf(account)).get(0).getValue();
  }

  BigInteger held(BigInteger jobId) {
    return (BigInteger)
        reader
            .view(
                dep.computeMarket(),
                Calls.fn("jobHeld", List.of(Calls.u256(jobId)), Calls.out(Calls.U256)))
            .get(0)
            .getValue();
  }

  @Override
  public void close() {
    for (ChainClient c : all) {
      c.close();
    }
  }

  /** What the test expects of one account in the registry, from the events it saw. */
  static final class Expected {
    BigInteger stake = BigInteger.ZERO;
    BigInteger locked = BigInteger.ZERO;
    long activeDeals;
    long periodsProven;
    long periodsFaulted;
    long dealsCompleted;
    long dealsFailed;
    long jobsCompleted;
    long jobsFailed;
    final Map<String, BigInteger[]> values = new HashMap<>();

    void value(String token, BigInteger earned, BigInteger lost) {
      BigInteger[] v = values.computeIfAbsent(token, t -> new BigInteger[] {ZERO, ZERO});
      v[0] = v[0].add(earned);
      v[1] = v[1].add(lost);
    }

    private static final BigInteger ZERO = BigInteger.ZERO;
  }

  /** A deal as the test knows it: its piece and any change of provider. */
  static final class DealModel {
    final BigInteger id;
    final DevChain.Piece piece;
    String provider;
    String previous;
    long switchPeriod;

    /** Each provider's part: its first period and its faults, as the deal's failure is judged. */
    long currentFrom;

    int currentFaults;
    long previousFrom;
    int previousFaults;
    long openedBlock;
    String proposed;
    boolean consented;

    DealModel(BigInteger id, DevChain.Piece piece, String provider) {
      this.id = id;
      this.piece = piece;
      this.provider = provider;
    }
  }
}
