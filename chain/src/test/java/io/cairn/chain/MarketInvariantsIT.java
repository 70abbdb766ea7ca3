package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.cairn.proofs.ProofBundle;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.Log;

/**
 * Seeded random sequences of every action on both markets, interleaved with mined blocks, on one
 * Anvil (a fresh deployment per sequence). After every step: each market's native and token
 * balances equal what its views say it owes; every settled storage period is proven or faulted,
 * once; the registry's counters equal what the events seen so far add up to; and an action the
 * contract must refuse reverts with the expected custom error and changes nothing.
 *
 * <p>{@code -Dinvariants.seed=S} replays one sequence; {@code -Dinvariants.sequences=N} and {@code
 * -Dinvariants.steps=M} run more.
 */
@Tag("chain")
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
class MarketInvariantsIT {
  private static final String BURN = "0x000000000000000000000000000000000000dead";
  private static final byte[] SPEC = "bafkreiinvariantspec".getBytes(StandardCharsets.UTF_8);
  private static final byte[] OUTPUT = "bafkreiinvariantout".getBytes(StandardCharsets.UTF_8);
  private static final byte[] WRONG = "bafkreiinvariantbad".getBytes(StandardCharsets.UTF_8);
  private static final long FUEL = 4242;
  private static final BigInteger MIN_JOB_PRICE = ETHER.divide(BigInteger.valueOf(100));
  private static final int MAX_PERIODS = 6;
  private static final int MAX_DEALS = 5;
  private static final int PIECE_BYTES = 2200;

  @Test
  void randomSequencesOnBothMarketsKeepBalancesPeriodsAndCountersTrue() {
    String replay = System.getProperty("invariants.seed");
    int sequences = Integer.getInteger("invariants.sequences", 2);
    int steps = Integer.getInteger("invariants.steps", 150);
    List<Long> seeds = new ArrayList<>();
    if (replay != null) {
      seeds.add(Long.parseLong(replay));
    } else {
      Random r = new Random();
      for (int i = 0; i < sequences; i++) {
        seeds.add(r.nextLong());
      }
    }
    try (DevChain chain = new DevChain(MarketParams.dev())) {
      List<DevChain.Piece> pieces = new ArrayList<>();
      // three sizes with as many leaves apart, all in trees of one height: a proof answering
      // another seed's challenges fails on a leaf, never on its path's length
      for (int i = 0; i < 3; i++) {
        pieces.add(DevChain.piece(1000 + i, PIECE_BYTES + 700 * i));
      }
      for (long seed : seeds) {
        System.out.println(
            "MarketInvariantsIT seed " + seed + " (replay with -Dinvariants.seed=" + seed + ")");
        long start = System.nanoTime();
        try (World w = new World(chain, pieces, seed)) {
          w.run(steps);
          System.out.printf(
              Locale.ROOT,
              "MarketInvariantsIT seed %d: %d steps in %.1f s, %s%n",
              seed,
              steps,
              (System.nanoTime() - start) / 1e9,
              w.tally);
        } catch (AssertionError | RuntimeException e) {
          throw new AssertionError("sequence with seed " + seed + " failed: " + e.getMessage(), e);
        }
      }
    }
  }

  /** What the test expects of one account in the registry, from the events it saw. */
  private static final class Expected {
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
  private static final class DealModel {
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

  /** One sequence: a fresh deployment, its accounts, the model and the actions. */
  private static final class World implements AutoCloseable {
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

    final Map<BigInteger, Set<String>> revealed = new HashMap<>();
    final Map<BigInteger, List<String>> drawn = new HashMap<>();
    final Map<BigInteger, byte[]> salts = new HashMap<>();

    /** Settled storage periods: "deal/period" to proven. */
    final Map<String, Boolean> settled = new HashMap<>();

    final Map<String, Integer> tally = new java.util.TreeMap<>();
    long lastLogBlock;

    World(DevChain chain, List<DevChain.Piece> pieces, long seed) {
      this.chain = chain;
      this.pieces = pieces;
      this.r = new Random(seed);
      this.sp = MarketParams.dev();
      this.cp = ComputeMarketParams.dev();
      this.dep =
          ChainClient.deploy(chain.rpc(), ChainAccount.fromPrivateKey(chain.keys.get(0)), sp, cp);
      this.token = dep.token();
      this.dev = new DevRpc(chain.rpc());
      this.lastLogBlock = connect(0).blockNumber();
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
      BigInteger tokens = ETHER.multiply(BigInteger.valueOf(1000));
      BigInteger unlimited = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
      for (ChainClient c : all) {
        c.mintTestToken(c.address(), tokens);
        // approved once for all: no action sends an approval first, so each step is one
        // transaction in one block
        for (String market : List.of(dep.market(), dep.computeMarket())) {
          ((Web3ChainClient) c).send(token, Calls.approve(market, unlimited), BigInteger.ZERO);
        }
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
      absorbEvents();
      check();
    }

    ChainClient connect(int account) {
      ChainClient c =
          ChainClient.connect(
              new ChainOptions(chain.rpc(), dep, 1, Duration.ofMillis(10)),
              ChainAccount.fromPrivateKey(chain.keys.get(account)));
      all.add(c);
      byAddress.put(c.address(), c);
      return c;
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

    long head() {
      return reader.blockNumber();
    }

    long period() {
      return sp.periodOf(reader.marketGenesis(), head() + 1);
    }

    // ---- the sequence -------------------------------------------------------------------------

    void run(int steps) {
      List<Map.Entry<String, BooleanSupplier>> actions = actions();
      for (int step = 0; step < steps; step++) {
        boolean done = false;
        for (int attempt = 0; attempt < 20 && !done; attempt++) {
          Map.Entry<String, BooleanSupplier> a = pick(actions);
          try {
            done = a.getValue().getAsBoolean();
          } catch (ChainException e) {
            throw new AssertionError(
                "step " + step + " " + a.getKey() + " reverted: " + e.getMessage(), e);
          }
          if (done) {
            tally.merge(a.getKey(), 1, Integer::sum);
          }
        }
        absorbEvents();
        check();
      }
      drain();
    }

    List<Map.Entry<String, BooleanSupplier>> actions() {
      List<Map.Entry<String, BooleanSupplier>> a = new ArrayList<>();
      add(a, 3, "mine", this::mine);
      add(a, 3, "openDeal", this::openDeal);
      add(a, 3, "acceptDeal", this::acceptDeal);
      add(a, 1, "cancelDeal", this::cancelDeal);
      add(a, 6, "provePeriod", this::prove);
      add(a, 3, "settle", this::settle);
      add(a, 1, "terminateDeal", this::terminate);
      add(a, 2, "changeProvider", this::changeProvider);
      add(a, 2, "withdraw", this::withdraw);
      add(a, 1, "setTerms", this::setTerms);
      add(a, 1, "retireOrReturn", this::retireOrReturn);
      add(a, 2, "stake", this::stake);
      add(a, 3, "postJob", this::postJob);
      add(a, 3, "claimJob", this::claimJob);
      add(a, 3, "submitResult", this::submitResult);
      add(a, 1, "cancelJob", this::cancelJob);
      add(a, 1, "expire", this::expire);
      add(a, 2, "finalizeJob", this::finalizeJob);
      add(a, 3, "dispute", this::dispute);
      add(a, 3, "drawVerifiers", this::draw);
      add(a, 3, "commitResult", this::commit);
      add(a, 3, "revealResult", this::reveal);
      add(a, 2, "resolveDispute", this::resolve);
      add(a, 2, "disputeRound", this::disputeRound);
      add(a, 1, "acceptOrRejectCuda", this::acceptOrReject);
      add(a, 4, "refused", this::refused);
      return a;
    }

    static void add(
        List<Map.Entry<String, BooleanSupplier>> a, int weight, String name, BooleanSupplier s) {
      for (int i = 0; i < weight; i++) {
        a.add(Map.entry(name, s));
      }
    }

    // ---- time ---------------------------------------------------------------------------------

    boolean mine() {
      int n = r.nextInt(4) == 0 ? 1 + r.nextInt(sp.periodBlocks() * 2) : 1 + r.nextInt(4);
      if (r.nextBoolean()) {
        chain.anvil.mine(n);
      } else {
        // time passes too: the markets count blocks, never seconds
        chain.anvil.increaseTime(12L * n);
        for (int i = 0; i < Math.min(n, 3); i++) {
          dev.call("evm_mine");
        }
      }
      return true;
    }

    // ---- storage ------------------------------------------------------------------------------

    boolean openDeal() {
      ChainClient c = pick(clients);
      ChainClient p = pick(providers);
      DevChain.Piece piece = pick(pieces);
      int periods = 1 + r.nextInt(MAX_PERIODS);
      BigInteger price = BigInteger.valueOf(1 + r.nextInt(1000)).multiply(BigInteger.TEN.pow(12));
      DealTerms terms = new DealTerms(piece.cid(), periods, price, p.address(), r.nextBoolean());
      if (retiredProviders.contains(p.address())) {
        expectRefused("ProviderNotActive", () -> c.openDeal(terms));
        return true;
      }
      if (outsideTerms(p.address(), periods)) {
        expectRefused("OutsideProviderTerms", () -> c.openDeal(terms));
        return true;
      }
      DealInfo d = c.openDeal(terms);
      DealModel m = new DealModel(d.id(), piece, p.address());
      m.openedBlock = head();
      deals.put(d.id(), m);
      return true;
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

    boolean acceptDeal() {
      DealInfo d = anyDeal(DealState.OPEN);
      if (d == null) {
        return false;
      }
      ChainClient p = byAddress.get(d.provider());
      if (head() + 1 > deals.get(d.id()).openedBlock + sp.acceptBlocks()) {
        expectRefused("AcceptanceExpired", () -> p.acceptDeal(d.id()));
        return true;
      }
      if (retiredProviders.contains(p.address())) {
        expectRefused("ProviderNotActive", () -> p.acceptDeal(d.id()));
        return true;
      }
      if (outsideTerms(p.address(), d.periods())) {
        expectRefused("OutsideProviderTerms", () -> p.acceptDeal(d.id()));
        return true;
      }
      p.acceptDeal(d.id());
      return true;
    }

    /**
     * Whether a deal of {@code periods} periods is outside {@code provider}'s terms now: longer
     * than its longest deal, or one more than the deals it may have in flight.
     */
    boolean outsideTerms(String provider, long periods) {
      int[] t = termsOf.get(provider);
      return periods > t[0] || liveDeals(provider) + 1 > t[1];
    }

    long liveDeals(String provider) {
      long set = reader.setOf(provider);
      if (set == 0) {
        return 0;
      }
      List<Type> s = reader.view(dep.market(), Calls.setStatus(set));
      return ((BigInteger) s.get(4).getValue()).longValueExact();
    }

    boolean cancelDeal() {
      DealInfo d = anyDeal(DealState.OPEN);
      if (d == null) {
        return false;
      }
      byAddress.get(d.client()).cancelDeal(d.id());
      return true;
    }

    /** Proves a provider's set for the current period: mines to its window first if needed. */
    boolean prove() {
      ChainClient p = pick(providers);
      if (reader.setOf(p.address()) == 0) {
        return false;
      }
      long period = period();
      long seedBlock = sp.seedBlock(reader.marketGenesis(), period);
      if (head() < seedBlock) {
        chain.mineTo(seedBlock);
      }
      Challenge c = p.challenge().orElse(null);
      if (c == null) {
        return false;
      }
      Map<BigInteger, DevChain.Piece> byDeal = new HashMap<>();
      for (SetPiece sp2 : c.pieces()) {
        byDeal.put(sp2.dealId(), deals.get(sp2.dealId()).piece);
      }
      if (r.nextInt(5) == 0) {
        // a proof for another seed answers other challenges
        byte[] seed = c.seed().clone();
        seed[0] ^= 1;
        ProofBundle wrong =
            DevChain.bundle(
                new Challenge(
                    c.setId(),
                    c.period(),
                    seed,
                    c.header(),
                    c.seedBlock(),
                    c.windowEnd(),
                    c.count(),
                    c.range(),
                    c.pieces()),
                byDeal);
        expectRefused("InvalidProof", () -> p.provePeriod(wrong.calldata(c.header(), List.of())));
        return true;
      }
      byte[] calldata = DevChain.bundle(c, byDeal).calldata(c.header(), removable(p, c));
      p.provePeriod(calldata);
      // sent again: the period is proven, or its window has just closed
      boolean windowOpen = head() + 1 <= sp.windowEnd(reader.marketGenesis(), c.period());
      expectRefused(
          windowOpen ? "PeriodAlreadyProven" : "NoWindowOpen", () -> p.provePeriod(calldata));
      return true;
    }

    /** Ended deals whose pieces are still in the provider's set. */
    List<BigInteger> removable(ChainClient p, Challenge c) {
      List<BigInteger> out = new ArrayList<>();
      for (SetPiece piece : c.pieces()) {
        DealInfo d = reader.deal(piece.dealId());
        if (d.provider().equals(p.address()) && d.state() == DealState.ENDED && r.nextBoolean()) {
          out.add(d.id());
        }
      }
      return out;
    }

    boolean settle() {
      DealInfo d = anyDeal(DealState.ACTIVE);
      if (d == null) {
        return false;
      }
      ChainClient who = pick(all);
      long next = d.firstPeriod() + d.periodsSettled();
      boolean settles =
          next < d.endPeriod()
              && (isProven(setOfPeriod(d.id(), next), next)
                  || head() + 1 >= sp.periodStart(reader.marketGenesis(), next + 1));
      if (settles) {
        who.settle(d.id());
      } else {
        expectRefused("NothingToSettle", () -> who.settle(d.id()));
      }
      return true;
    }

    long setOfPeriod(BigInteger dealId, long k) {
      DealModel m = deals.get(dealId);
      String p = m.previous != null && k < m.switchPeriod ? m.previous : m.provider;
      return reader.setOf(p);
    }

    boolean isProven(long setId, long period) {
      return (Boolean) reader.view(dep.market(), Calls.isProven(setId, period)).get(0).getValue();
    }

    boolean terminate() {
      DealInfo d = anyDeal(DealState.ACTIVE);
      if (d == null) {
        return false;
      }
      long end = Math.max(period() + 1 + sp.noticePeriods(), d.firstPeriod());
      ChainClient who = byAddress.get(r.nextBoolean() ? d.client() : d.provider());
      if (end >= d.endPeriod()) {
        expectRefused("NothingToTerminate", () -> who.terminateDeal(d.id()));
      } else {
        who.terminateDeal(d.id());
      }
      return true;
    }

    /**
     * A change of provider: a proposal, the client's consent, the take-over, or all three at once;
     * each refused with its error when its turn has not come.
     */
    boolean changeProvider() {
      DealInfo d = anyDeal(DealState.ACTIVE);
      if (d == null) {
        return false;
      }
      DealModel m = deals.get(d.id());
      ChainClient current = byAddress.get(d.provider());
      ChainClient other = providers.get(0) == current ? providers.get(1) : providers.get(0);
      ChainClient client = byAddress.get(d.client());
      int step = r.nextInt(4);
      if (step == 0 || step == 3) {
        current.proposeProvider(d.id(), other.address());
        m.proposed = other.address();
        m.consented = false;
      }
      if (step == 1 || step == 3) {
        if (m.proposed == null) {
          expectRefused("NoConsent", () -> client.consentProvider(d.id()));
        } else {
          client.consentProvider(d.id());
          m.consented = true;
        }
      }
      if (step == 2 || step == 3) {
        long p = period();
        String error;
        if (!other.address().equals(m.proposed) || !m.consented) {
          error = "NoConsent";
        } else if (m.previous != null) {
          error = "HandoverPending";
        } else if (retiredProviders.contains(other.address())) {
          error = "ProviderNotActive";
        } else if (p + 1 >= d.endPeriod()) {
          error = "NothingToTerminate";
        } else if (outsideTerms(other.address(), d.endPeriod() - (p + 1))) {
          error = "OutsideProviderTerms";
        } else if (holds(other.address(), d.id())) {
          // it had the deal before and has not taken its piece out of its set yet
          error = "PieceStillInSet";
        } else {
          error = null;
        }
        if (error == null) {
          other.takeOverDeal(d.id());
          m.proposed = null;
          m.consented = false;
        } else {
          expectRefused(error, () -> other.takeOverDeal(d.id()));
        }
      }
      return true;
    }

    /** Whether {@code provider}'s set still holds deal {@code dealId}'s piece. */
    boolean holds(String provider, BigInteger dealId) {
      long set = reader.setOf(provider);
      if (set == 0) {
        return false;
      }
      List<Type> status = reader.view(dep.market(), Calls.setStatus(set));
      long count = ((BigInteger) status.get(1).getValue()).longValueExact();
      for (long i = 1; i <= count; i++) {
        List<Type> piece = reader.view(dep.market(), Calls.pieceAt(set, i));
        if (dealId.equals(piece.get(0).getValue())) {
          return true;
        }
      }
      return false;
    }

    List<ChainClient> activeVerifiers() {
      List<ChainClient> out = new ArrayList<>();
      for (ChainClient v : verifiers) {
        if (!retired.contains(v.address())) {
          out.add(v);
        }
      }
      return out;
    }

    /**
     * The registry's side: stake added, a verifier retiring (it leaves the draws), withdrawing its
     * stake once none is locked, and registering again.
     */
    boolean stake() {
      ChainClient v = pick(verifiers);
      Expected x = expected(v.address());
      switch (r.nextInt(3)) {
        case 0 -> {
          BigInteger amount = ETHER.divide(BigInteger.valueOf(1 + r.nextInt(100)));
          ChainClient who = r.nextBoolean() ? v : pick(providers);
          ((Web3ChainClient) who).send(dep.registry(), Calls.noArgs("addStake"), amount);
          expected(who.address()).stake = expected(who.address()).stake.add(amount);
        }
        case 1 -> {
          if (retired.contains(v.address())) {
            if (x.locked.signum() != 0) {
              expectRefused("StakeLocked", v::withdrawStake);
            } else if (x.stake.signum() == 0) {
              expectRefused("NothingToWithdraw", v::withdrawStake);
            } else {
              v.withdrawStake();
              x.stake = BigInteger.ZERO;
            }
          } else {
            v.retireProvider();
            retired.add(v.address());
          }
        }
        default -> {
          if (!retired.contains(v.address())) {
            expectRefused(
                "AlreadyActive", () -> v.registerProvider(DevChain.offer("12D3KooWAgain"), ETHER));
            return true;
          }
          BigInteger amount = ETHER.divide(BigInteger.TEN);
          v.registerProvider(DevChain.offer("12D3KooWVerifier" + v.address()), amount);
          v.compute().setComputeOffer(offer(true));
          retired.remove(v.address());
          x.stake = x.stake.add(amount);
        }
      }
      return true;
    }

    /**
     * A storage provider retires (its live deals go on, it proves and is paid for them; no deal is
     * opened to, accepted or taken over by it) or, retired, registers again with more stake.
     */
    boolean retireOrReturn() {
      ChainClient p = pick(providers);
      if (!retiredProviders.contains(p.address())) {
        p.retireProvider();
        retiredProviders.add(p.address());
        return true;
      }
      BigInteger amount = ETHER.divide(BigInteger.TEN);
      p.registerProvider(DevChain.offer("12D3KooWInvariants" + p.address()), amount);
      int[] t = termsOf.get(p.address());
      p.setStorageTerms(t[0], 0, t[1]);
      retiredProviders.remove(p.address());
      expected(p.address()).stake = expected(p.address()).stake.add(amount);
      return true;
    }

    /** A provider changes its terms mid-run: deals open under the old ones may now be refused. */
    boolean setTerms() {
      ChainClient p = pick(providers);
      if (retiredProviders.contains(p.address())) {
        expectRefused("NotActive", () -> p.setStorageTerms(MAX_PERIODS, 0, MAX_DEALS));
        return true;
      }
      int maxPeriods = 1 + r.nextInt(MAX_PERIODS);
      int maxDeals = 1 + r.nextInt(MAX_DEALS);
      p.setStorageTerms(maxPeriods, 0, maxDeals);
      termsOf.put(p.address(), new int[] {maxPeriods, maxDeals});
      return true;
    }

    boolean withdraw() {
      ChainClient who = pick(all);
      String t = pickToken();
      boolean compute = r.nextBoolean();
      BigInteger owed =
          compute
              ? who.compute().withdrawable(who.address(), t)
              : who.withdrawable(who.address(), t);
      Runnable w = compute ? () -> who.compute().withdraw(t) : () -> who.withdraw(t);
      if (owed.signum() == 0) {
        expectRefused("NothingToWithdraw", w);
      } else {
        w.run();
      }
      return true;
    }

    // ---- compute ------------------------------------------------------------------------------

    boolean postJob() {
      ChainClient c = pick(clients);
      boolean cuda = r.nextInt(4) == 0;
      JobRequirements req =
          cuda
              ? new JobRequirements(JobRequirements.ENGINE_CUDA, 4, 1L << 30, "NVIDIA H100", 0, "")
              : JobRequirements.wasm(1 + r.nextInt(8), 1L << 30);
      // now and then below the providers' minimum price: posted, but nobody may claim it
      BigInteger price =
          r.nextInt(8) == 0
              ? MIN_JOB_PRICE.subtract(BigInteger.ONE)
              : MIN_JOB_PRICE.multiply(BigInteger.valueOf(1 + r.nextInt(20)));
      String t = pickToken();
      JobPosting p =
          new JobPosting(
              SPEC,
              req,
              price,
              t.equals(Addresses.ZERO) ? null : t,
              10 + r.nextInt(50),
              cp.minChallengeBlocks() + r.nextInt(10),
              cuda ? 0 : (r.nextBoolean() ? 1 : 3));
      MarketJob j = c.compute().post(p);
      jobs.add(j.id());
      return true;
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

    boolean claimJob() {
      MarketJob j = anyJob(MarketJobState.POSTED);
      if (j == null) {
        return false;
      }
      ChainClient p = pick(providers);
      if (head() + 1 >= j.deadlineBlock()) {
        expectRefused("DeadlinePassed", () -> p.compute().claim(j.id()));
      } else if (retiredProviders.contains(p.address())) {
        expectRefused("ProviderNotActive", () -> p.compute().claim(j.id()));
      } else if (j.price().compareTo(MIN_JOB_PRICE) < 0) {
        expectRefused("PriceBelowMinimum", () -> p.compute().claim(j.id()));
      } else if (freeStake(p.address()).compareTo(cp.stakePerJob()) < 0) {
        expectRefused("StakeTooLow", () -> p.compute().claim(j.id()));
      } else {
        p.compute().claim(j.id());
      }
      return true;
    }

    BigInteger freeStake(String account) {
      List<Type> s = reader.view(dep.registry(), Calls.statusOf(account));
      return ((BigInteger) s.get(2).getValue()).subtract((BigInteger) s.get(8).getValue());
    }

    boolean submitResult() {
      MarketJob j = anyJob(MarketJobState.CLAIMED);
      if (j == null) {
        return false;
      }
      ComputeMarketClient p = byAddress.get(j.provider()).compute();
      if (head() + 1 > j.deadlineBlock()) {
        expectRefused("DeadlinePassed", () -> p.submitResult(j.id(), OUTPUT, FUEL, new byte[32]));
        return true;
      }
      boolean honest = r.nextInt(3) != 0;
      p.submitResult(j.id(), honest ? OUTPUT : WRONG, honest ? FUEL : FUEL + 1, new byte[32]);
      return true;
    }

    boolean cancelJob() {
      MarketJob j = anyJob(MarketJobState.POSTED);
      if (j == null) {
        return false;
      }
      byAddress.get(j.client()).compute().cancel(j.id());
      return true;
    }

    boolean expire() {
      return onceOver(
          MarketJobState.CLAIMED,
          MarketJob::deadlineBlock,
          "DeadlineNotPassed",
          ComputeMarketClient::expire);
    }

    boolean finalizeJob() {
      return onceOver(
          MarketJobState.SUBMITTED,
          j -> j.resultBlock() + j.challengeBlocks(),
          "ChallengeWindowOpen",
          ComputeMarketClient::finalizeJob);
    }

    /**
     * Anyone acts on a job in {@code state}: after block {@code last} (mined there half the time)
     * it must succeed, before it be refused with {@code early}.
     */
    boolean onceOver(
        MarketJobState state,
        ToLongFunction<MarketJob> last,
        String early,
        BiConsumer<ComputeMarketClient, BigInteger> act) {
      MarketJob j = anyJob(state);
      if (j == null) {
        return false;
      }
      long end = last.applyAsLong(j);
      if (r.nextBoolean()) {
        chain.mineTo(end);
      }
      ComputeMarketClient who = pick(all).compute();
      if (head() + 1 > end) {
        act.accept(who, j.id());
      } else {
        expectRefused(early, () -> act.accept(who, j.id()));
      }
      return true;
    }

    /** A random job in {@code state}, or null. */
    MarketJob anyJob(MarketJobState state) {
      List<MarketJob> in = jobsIn(state);
      return in.isEmpty() ? null : pick(in);
    }

    boolean dispute() {
      MarketJob j = anyJob(MarketJobState.SUBMITTED);
      if (j == null) {
        return false;
      }
      long end = j.resultBlock() + j.challengeBlocks();
      List<ChainClient> entitled = activeVerifiers();
      entitled.add(byAddress.get(j.client()));
      if (!j.provider().equals(providers.get(1).address())) {
        entitled.add(providers.get(1));
      }
      ChainClient who = pick(entitled);
      if (j.engine() != JobRequirements.ENGINE_WASM) {
        expectRefused("NotVerifiable", () -> who.compute().dispute(j.id()));
      } else if (head() + 1 > end) {
        expectRefused("ChallengeWindowClosed", () -> who.compute().dispute(j.id()));
      } else {
        who.compute().dispute(j.id());
      }
      return true;
    }

    boolean draw() {
      MarketJob j = anyJob(MarketJobState.DISPUTED);
      if (j == null) {
        return false;
      }
      chain.mineTo(j.drawBlock());
      pick(all).compute().drawVerifiers(j.id());
      return true;
    }

    /**
     * A whole dispute, checked after each of its transactions: a WASM result disputed within its
     * window, verifiers drawn, each committing or not and revealing or not, resolved.
     */
    boolean disputeRound() {
      MarketJob j = null;
      for (MarketJob c : jobsIn(MarketJobState.SUBMITTED)) {
        if (c.engine() == JobRequirements.ENGINE_WASM
            && head() + 1 <= c.resultBlock() + c.challengeBlocks()) {
          j = c;
        }
      }
      if (j == null) {
        j = freshResult();
        if (j == null) {
          return false;
        }
      }
      BigInteger id = j.id();
      List<ChainClient> entitled = activeVerifiers();
      entitled.add(byAddress.get(j.client()));
      pick(entitled).compute().dispute(id);
      settleStep();
      chain.mineTo(reader.compute().job(id).drawBlock());
      stranger.compute().drawVerifiers(id);
      settleStep();
      MarketJob drawnJob = reader.compute().job(id);
      if (drawnJob.state() != MarketJobState.DRAWN) {
        return true; // nobody could be drawn: the dispute is void
      }
      List<JobVerifier> vs = reader.compute().verifiers(id);
      for (JobVerifier v : vs) {
        if (r.nextInt(5) != 0) {
          byAddress
              .get(v.address())
              .compute()
              .commitResult(id, verdict(id, v.address()), FUEL, salt(id, v.address()));
          settleStep();
        }
      }
      vs = reader.compute().verifiers(id);
      if (!vs.stream().allMatch(JobVerifier::committed)) {
        chain.mineTo(drawnJob.commitEnd());
      }
      for (JobVerifier v : vs) {
        if (v.committed() && r.nextInt(5) != 0) {
          byAddress
              .get(v.address())
              .compute()
              .revealResult(id, verdict(id, v.address()), FUEL, salt(id, v.address()));
          settleStep();
        }
      }
      if (!reader.compute().verifiers(id).stream().allMatch(JobVerifier::revealed)) {
        chain.mineTo(drawnJob.revealEnd());
      }
      pick(all).compute().resolveDispute(id);
      return true;
    }

    /** A WASM job posted, claimed and answered (honestly or not), checked after each step. */
    MarketJob freshResult() {
      ChainClient p = pick(providers);
      if (retiredProviders.contains(p.address())
          || freeStake(p.address()).compareTo(cp.stakePerJob()) < 0) {
        return null;
      }
      JobPosting posting =
          new JobPosting(
              SPEC,
              JobRequirements.wasm(2, 1L << 30),
              MIN_JOB_PRICE.multiply(BigInteger.valueOf(1 + r.nextInt(20))),
              r.nextBoolean() ? null : token,
              30,
              cp.minChallengeBlocks() + 10,
              r.nextBoolean() ? 1 : 3);
      MarketJob j = pick(clients).compute().post(posting);
      jobs.add(j.id());
      settleStep();
      p.compute().claim(j.id());
      settleStep();
      boolean honest = r.nextBoolean();
      p.compute()
          .submitResult(j.id(), honest ? OUTPUT : WRONG, honest ? FUEL : FUEL + 1, new byte[32]);
      settleStep();
      return reader.compute().job(j.id());
    }

    /** The checks of a step, within a compound action. */
    void settleStep() {
      absorbEvents();
      check();
    }

    byte[] salt(BigInteger jobId, String verifier) {
      return salts.computeIfAbsent(
          jobId.shiftLeft(160).add(new BigInteger(verifier.substring(2), 16)),
          k -> {
            byte[] s = new byte[32];
            r.nextBytes(s);
            return s;
          });
    }

    /** A verifier's own result: the true one, or now and then a wrong one. */
    byte[] verdict(BigInteger jobId, String verifier) {
      return Math.floorMod(jobId.intValue() + verifier.hashCode(), 5) == 0 ? WRONG : OUTPUT;
    }

    boolean commit() {
      MarketJob j = anyJob(MarketJobState.DRAWN);
      if (j == null) {
        return false;
      }
      List<JobVerifier> vs = reader.compute().verifiers(j.id());
      JobVerifier v = pick(vs);
      ComputeMarketClient c = byAddress.get(v.address()).compute();
      byte[] out = verdict(j.id(), v.address());
      Runnable commit = () -> c.commitResult(j.id(), out, FUEL, salt(j.id(), v.address()));
      if (head() + 1 > j.commitEnd()) {
        expectRefused("CommitPhaseOver", commit);
      } else if (v.committed()) {
        expectRefused("AlreadyCommitted", commit);
      } else {
        commit.run();
      }
      return true;
    }

    boolean reveal() {
      MarketJob j = anyJob(MarketJobState.DRAWN);
      if (j == null) {
        return false;
      }
      List<JobVerifier> vs = reader.compute().verifiers(j.id());
      JobVerifier v = pick(vs);
      boolean allCommitted = vs.stream().allMatch(JobVerifier::committed);
      if (!allCommitted && r.nextBoolean()) {
        chain.mineTo(j.commitEnd());
      }
      ComputeMarketClient c = byAddress.get(v.address()).compute();
      byte[] out = verdict(j.id(), v.address());
      long next = head() + 1;
      if (next <= j.commitEnd() && !allCommitted) {
        expectRefused(
            "RevealNotOpen", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
      } else if (next > j.revealEnd()) {
        expectRefused(
            "RevealPhaseOver", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
      } else if (!v.committed()) {
        expectRefused(
            "NotCommitted", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
      } else if (v.revealed()) {
        expectRefused(
            "AlreadyRevealed", () -> c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address())));
      } else {
        expectRefused("CommitmentMismatch", () -> c.revealResult(j.id(), out, FUEL, new byte[32]));
        c.revealResult(j.id(), out, FUEL, salt(j.id(), v.address()));
      }
      return true;
    }

    boolean resolve() {
      MarketJob j = anyJob(MarketJobState.DRAWN);
      if (j == null) {
        return false;
      }
      if (r.nextBoolean()) {
        chain.mineTo(j.revealEnd());
      }
      boolean allRevealed =
          reader.compute().verifiers(j.id()).stream().allMatch(JobVerifier::revealed);
      ComputeMarketClient who = pick(all).compute();
      if (head() + 1 > j.revealEnd() || allRevealed) {
        who.resolveDispute(j.id());
      } else {
        expectRefused("DisputeNotOver", () -> who.resolveDispute(j.id()));
      }
      return true;
    }

    boolean acceptOrReject() {
      List<MarketJob> cuda = new ArrayList<>();
      for (MarketJob j : jobsIn(MarketJobState.SUBMITTED)) {
        if (j.engine() == JobRequirements.ENGINE_CUDA) {
          cuda.add(j);
        }
      }
      if (cuda.isEmpty()) {
        return false;
      }
      MarketJob j = pick(cuda);
      ComputeMarketClient c = byAddress.get(j.client()).compute();
      expectRefused("NotClient", () -> byAddress.get(j.provider()).compute().acceptResult(j.id()));
      long end = j.resultBlock() + j.challengeBlocks();
      if (r.nextBoolean()) {
        c.acceptResult(j.id());
      } else if (head() + 1 > end) {
        expectRefused("ChallengeWindowClosed", () -> c.rejectResult(j.id()));
      } else {
        c.rejectResult(j.id());
      }
      return true;
    }

    // ---- refusals -----------------------------------------------------------------------------

    /** One of the actions the contracts must refuse, with its custom error. */
    boolean refused() {
      ChainClient c = pick(clients);
      // an active provider: a retired one's refusals come first, and are the other actions'
      // business
      List<ChainClient> active =
          providers.stream().filter(x -> !retiredProviders.contains(x.address())).toList();
      if (active.isEmpty()) {
        return false;
      }
      ChainClient p = pick(active);
      DevChain.Piece piece = pick(pieces);
      switch (r.nextInt(12)) {
        case 0 ->
            expectRefused(
                "OutsideProviderTerms",
                () ->
                    c.openDeal(
                        new DealTerms(
                            piece.cid(),
                            MAX_PERIODS + 1,
                            BigInteger.TEN.pow(13),
                            p.address(),
                            true)));
        case 1 ->
            expectRefused(
                "OutsideProviderTerms",
                () -> c.openDeal(new DealTerms(piece.cid(), 2, BigInteger.ONE, p.address(), true)));
        case 2 ->
            expectRefused(
                "ProviderNotActive",
                () ->
                    c.openDeal(
                        new DealTerms(
                            piece.cid(), 2, BigInteger.TEN.pow(13), stranger.address(), true)));
        case 3 -> {
          DealInfo d = anyDeal(DealState.OPEN);
          if (d == null) {
            return false;
          }
          expectRefused("NotProvider", () -> stranger.acceptDeal(d.id()));
          expectRefused("NotClient", () -> stranger.cancelDeal(d.id()));
        }
        case 4 -> {
          DealInfo d = anyDeal(DealState.ACTIVE);
          if (d == null) {
            return false;
          }
          expectRefused("WrongState", () -> byAddress.get(d.client()).cancelDeal(d.id()));
          expectRefused("NotParty", () -> stranger.terminateDeal(d.id()));
        }
        case 5 -> {
          DealInfo d = anyDeal(DealState.ENDED);
          if (d == null) {
            return false;
          }
          expectRefused("WrongState", () -> stranger.settle(d.id()));
          expectRefused("WrongState", () -> byAddress.get(d.client()).terminateDeal(d.id()));
        }
        case 6 -> {
          MarketJob j = anyJob(MarketJobState.POSTED);
          if (j == null) {
            return false;
          }
          expectRefused("NotClient", () -> stranger.compute().cancel(j.id()));
          expectRefused(
              head() + 1 >= j.deadlineBlock() ? "DeadlinePassed" : "ProviderNotActive",
              () -> stranger.compute().claim(j.id()));
        }
        case 7 -> {
          MarketJob j = anyJob(MarketJobState.CLAIMED);
          if (j == null) {
            return false;
          }
          expectRefused(
              "NotProvider",
              () -> stranger.compute().submitResult(j.id(), OUTPUT, FUEL, new byte[32]));
          expectRefused("WrongState", () -> p.compute().claim(j.id()));
        }
        case 8 -> {
          MarketJob j = anyJob(MarketJobState.SUBMITTED);
          if (j == null) {
            return false;
          }
          boolean open = head() + 1 <= j.resultBlock() + j.challengeBlocks();
          String expectedError =
              j.engine() != JobRequirements.ENGINE_WASM
                  ? "NotVerifiable"
                  : open ? "NotEntitledToDispute" : "ChallengeWindowClosed";
          expectRefused(expectedError, () -> byAddress.get(j.provider()).compute().dispute(j.id()));
          if (j.engine() == JobRequirements.ENGINE_WASM) {
            expectRefused(expectedError, () -> stranger.compute().dispute(j.id()));
            expectRefused(
                "NotCuda", () -> byAddress.get(j.client()).compute().acceptResult(j.id()));
          }
        }
        case 9 -> {
          MarketJob j = anyJob(MarketJobState.DRAWN);
          if (j == null) {
            return false;
          }
          if (head() + 1 <= j.commitEnd()) {
            expectRefused(
                "NotDrawnVerifier",
                () -> stranger.compute().commitResult(j.id(), OUTPUT, FUEL, new byte[32]));
          } else {
            expectRefused(
                "CommitPhaseOver",
                () -> stranger.compute().commitResult(j.id(), OUTPUT, FUEL, new byte[32]));
          }
        }
        case 10 -> {
          ChainClient who = pick(all);
          String t = pickToken();
          if (who.withdrawable(who.address(), t).signum() != 0) {
            return false;
          }
          expectRefused("NothingToWithdraw", () -> who.withdraw(t));
        }
        default ->
            expectRefused(
                "SelfDeal",
                () ->
                    p.openDeal(
                        new DealTerms(piece.cid(), 2, BigInteger.TEN.pow(13), p.address(), true)));
      }
      return true;
    }

    /** The action reverts with {@code error} and leaves every observed value as it was. */
    void expectRefused(String error, Runnable action) {
      absorbEvents();
      List<Object> before = observe();
      long headBefore = head();
      try {
        action.run();
        fail("expected the contract to refuse with " + error + ", but it accepted");
      } catch (ChainException e) {
        assertThat(e.errorName()).as("refusal: %s", e.getMessage()).isEqualTo(error);
      }
      assertThat(newEvents()).as("events of a refused action").isEmpty();
      assertThat(observe()).as("state after a refused " + error).isEqualTo(before);
      assertThat(head()).as("blocks mined by a refused " + error).isEqualTo(headBefore);
      tally.merge("refused " + error, 1, Integer::sum);
    }

    // ---- events -------------------------------------------------------------------------------

    List<Log> newEvents() {
      long head = head();
      if (head <= lastLogBlock) {
        return List.of();
      }
      EthFilter f =
          new EthFilter(
              DefaultBlockParameter.valueOf(BigInteger.valueOf(lastLogBlock + 1)),
              DefaultBlockParameter.valueOf(BigInteger.valueOf(head)),
              List.of(dep.market(), dep.computeMarket()));
      try {
        EthLog logs = reader.web3().ethGetLogs(f).send();
        if (logs.hasError()) {
          throw new IllegalStateException("eth_getLogs: " + logs.getError().getMessage());
        }
        List<Log> out = new ArrayList<>();
        for (EthLog.LogResult<?> l : logs.getLogs()) {
          out.add((Log) l.get());
        }
        return out;
      } catch (IOException e) {
        throw new IllegalStateException("eth_getLogs failed", e);
      }
    }

    /** Updates the expected registry counters from the markets' events since the last step. */
    void absorbEvents() {
      long head = head();
      for (Log log : newEvents()) {
        ChainEvent e = reader.abi().decodeEvent(log);
        if (e == null) {
          continue;
        }
        boolean storage = log.getAddress().equalsIgnoreCase(dep.market());
        if (storage) {
          storageEvent(e);
        } else {
          computeEvent(e);
        }
      }
      lastLogBlock = head;
    }

    BigInteger num(ChainEvent e, String field) {
      return (BigInteger) e.fields().get(field);
    }

    String addr(ChainEvent e, String field) {
      return Addresses.check((String) e.fields().get(field), field);
    }

    void storageEvent(ChainEvent e) {
      BigInteger spd = sp.stakePerDeal();
      switch (e.name()) {
        case "DealAccepted" -> {
          Expected x = expected(addr(e, "provider"));
          x.activeDeals++;
          x.locked = x.locked.add(spd);
          DealModel m = deals.get(e.dealId());
          m.currentFrom = reader.deal(e.dealId()).firstPeriod();
          m.currentFaults = 0;
        }
        case "DealTakenOver" -> {
          tally.merge("=deal taken over", 1, Integer::sum);
          DealModel m = deals.get(e.dealId());
          m.previous = addr(e, "previous");
          m.provider = addr(e, "provider");
          m.switchPeriod = num(e, "switchPeriod").longValueExact();
          m.previousFrom = m.currentFrom;
          m.previousFaults = m.currentFaults;
          m.currentFrom = m.switchPeriod;
          m.currentFaults = 0;
          Expected x = expected(m.provider);
          x.activeDeals++;
          x.locked = x.locked.add(spd);
        }
        case "PeriodsSettled" -> settled(e);
        case "DealEnded" -> {
          DealModel m = deals.get(e.dealId());
          long end = reader.deal(e.dealId()).endPeriod();
          if (m.previous != null) {
            endPrevious(m, end); // a deal that ended on termination, with no settle
          }
          Expected x = expected(m.provider);
          x.activeDeals--;
          x.locked = x.locked.subtract(spd);
          tally.merge("=deal ended", 1, Integer::sum);
          boolean failed = m.currentFaults * 2L > end - Math.min(m.currentFrom, end);
          assertThat((Boolean) e.fields().get("failed"))
              .as("deal %s failed, judged on its last provider's periods", e.dealId())
              .isEqualTo(failed);
          if (failed) {
            tally.merge("=deal failed", 1, Integer::sum);
            x.dealsFailed++;
            x.stake = x.stake.subtract(spd);
          } else {
            x.dealsCompleted++;
          }
        }
        default -> {}
      }
    }

    /** Counts each settled period once, proven or faulted as its set's proven bit says. */
    void settled(ChainEvent e) {
      DealModel m = deals.get(e.dealId());
      DealInfo d = reader.deal(e.dealId());
      long from = num(e, "fromPeriod").longValueExact();
      long to = num(e, "toPeriod").longValueExact();
      long proven = 0;
      long faulted = 0;
      BigInteger price = d.pricePerPeriod();
      BigInteger slash =
          price.multiply(BigInteger.valueOf(sp.slashPercent())).divide(BigInteger.valueOf(100));
      for (long k = from; k < to; k++) {
        boolean byPrevious = m.previous != null && k < m.switchPeriod;
        String who = byPrevious ? m.previous : m.provider;
        boolean ok = isProven(reader.setOf(who), k);
        Boolean earlier = settled.put(e.dealId() + "/" + k, ok);
        assertThat(earlier).as("deal %s period %d settled twice", e.dealId(), k).isNull();
        Expected x = expected(who);
        if (!ok && byPrevious) {
          m.previousFaults++;
        } else if (!ok) {
          m.currentFaults++;
        }
        if (ok) {
          proven++;
          x.periodsProven++;
          x.value(d.token(), price, BigInteger.ZERO);
        } else {
          faulted++;
          x.periodsFaulted++;
          x.value(d.token(), BigInteger.ZERO, price.add(slash));
        }
      }
      assertThat(proven).as("proven periods of %s", e).isEqualTo(num(e, "proven").longValue());
      assertThat(faulted).as("faulted periods of %s", e).isEqualTo(num(e, "faulted").longValue());
      if (m.previous != null && (to >= m.switchPeriod || to == d.endPeriod())) {
        endPrevious(m, d.endPeriod());
      }
    }

    /**
     * The previous provider's periods are all settled: its part of the deal ends, failed when it
     * faulted more than half of the periods it served (its stake slashed), else well.
     */
    void endPrevious(DealModel m, long endPeriod) {
      Expected x = expected(m.previous);
      x.activeDeals--;
      x.locked = x.locked.subtract(sp.stakePerDeal());
      long until = Math.min(m.switchPeriod, endPeriod);
      if (m.previousFaults * 2L > Math.max(0, until - m.previousFrom)) {
        tally.merge("=previous provider failed", 1, Integer::sum);
        x.dealsFailed++;
        x.stake = x.stake.subtract(sp.stakePerDeal());
      } else {
        x.dealsCompleted++;
      }
      m.previous = null;
    }

    void computeEvent(ChainEvent e) {
      BigInteger jobId = num(e, "jobId");
      if (jobId == null) {
        return;
      }
      MarketJob j = reader.compute().job(jobId);
      BigInteger spj = cp.stakePerJob();
      BigInteger spv = cp.stakePerVerifier();
      switch (e.name()) {
        case "JobClaimed" -> {
          Expected x = expected(addr(e, "provider"));
          x.locked = x.locked.add(spj);
        }
        case "JobPaid" -> {
          Expected x = expected(addr(e, "provider"));
          x.locked = x.locked.subtract(spj);
          x.jobsCompleted++;
          x.value(j.token(), j.price(), BigInteger.ZERO);
        }
        case "ResultRejected" -> {
          Expected x = expected(j.provider());
          x.locked = x.locked.subtract(spj);
        }
        case "JobExpired" -> {
          tally.merge("=job expired", 1, Integer::sum);
          failedJob(j);
        }
        case "VerifiersDrawn" -> {
          List<String> vs = new ArrayList<>();
          for (JobVerifier v : reader.compute().verifiers(jobId)) {
            vs.add(v.address());
            Expected x = expected(v.address());
            x.locked = x.locked.add(spv);
          }
          assertThat(vs)
              .as("verifiers drawn for job %s", jobId)
              .hasSize(num(e, "count").intValueExact())
              .doesNotHaveDuplicates()
              .doesNotContain(j.provider(), j.client(), j.challenger())
              .noneMatch(retired::contains);
          drawn.put(jobId, vs);
        }
        case "ResultRevealed" ->
            revealed.computeIfAbsent(jobId, k -> new HashSet<>()).add(addr(e, "verifier"));
        case "DisputeResolved" -> {
          BigInteger agreed = num(e, "agreed");
          BigInteger disagreed = num(e, "disagreed");
          int c = agreed.compareTo(disagreed);
          tally.merge(
              c > 0 ? "=dispute lost" : c == 0 ? "=dispute tied" : "=dispute won", 1, Integer::sum);
          if (!(Boolean) e.fields().get("resultStands")) {
            failedJob(j);
          }
          Set<String> shown = revealed.getOrDefault(jobId, Set.of());
          for (String v : drawn.getOrDefault(jobId, List.of())) {
            Expected x = expected(v);
            x.locked = x.locked.subtract(spv);
            if (!shown.contains(v)) {
              x.stake = x.stake.subtract(spv);
            }
          }
        }
        default -> {}
      }
    }

    void failedJob(MarketJob j) {
      Expected x = expected(j.provider());
      x.locked = x.locked.subtract(cp.stakePerJob());
      x.stake = x.stake.subtract(cp.stakePerJob());
      x.jobsFailed++;
      x.value(j.token(), BigInteger.ZERO, j.price());
    }

    // ---- the invariants -----------------------------------------------------------------------

    /** Everything the checks read, in a fixed order: equal lists mean nothing changed. */
    List<Object> observe() {
      List<Object> o = new ArrayList<>();
      for (String t : List.of(Addresses.ZERO, token)) {
        o.add(balance(dep.market(), t));
        o.add(balance(dep.computeMarket(), t));
        for (String a : accounts()) {
          o.add(reader.withdrawable(a, t));
          o.add(reader.compute().withdrawable(a, t));
        }
      }
      for (BigInteger id : deals.keySet()) {
        o.add(reader.deal(id));
        o.add(
            reader.view(dep.market(), Calls.dealPeriods(id)).stream().map(Type::getValue).toList());
      }
      for (BigInteger id : jobs) {
        MarketJob j = reader.compute().job(id);
        o.add(List.of(j.state(), j.provider(), j.challenger(), j.bond(), j.resultBlock()));
        o.add(held(id));
        o.add(reader.compute().verifiers(id));
      }
      for (String a : accounts()) {
        o.add(reader.view(dep.registry(), Calls.statusOf(a)).stream().map(Type::getValue).toList());
      }
      return o;
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

    void check() {
      for (String t : List.of(Addresses.ZERO, token)) {
        BigInteger owedStorage = BigInteger.ZERO;
        BigInteger owedCompute = BigInteger.ZERO;
        for (String a : accounts()) {
          owedStorage = owedStorage.add(reader.withdrawable(a, t));
          owedCompute = owedCompute.add(reader.compute().withdrawable(a, t));
        }
        for (BigInteger id : deals.keySet()) {
          DealInfo d = reader.deal(id);
          if (d.token().equals(t)) {
            List<Type> q = reader.view(dep.market(), Calls.dealPeriods(id));
            owedStorage =
                owedStorage
                    .add((BigInteger) q.get(5).getValue())
                    .add((BigInteger) q.get(6).getValue());
          }
        }
        for (BigInteger id : jobs) {
          if (reader.compute().job(id).token().equals(t)) {
            owedCompute = owedCompute.add(held(id));
          }
        }
        assertThat(balance(dep.market(), t))
            .as("storage market balance in %s = what it owes", t)
            .isEqualTo(owedStorage);
        assertThat(balance(dep.computeMarket(), t))
            .as("compute market balance in %s = what it owes", t)
            .isEqualTo(owedCompute);
      }
      checkPeriods();
      checkSets();
      checkRegistry();
    }

    /**
     * Each proof set's views agree with its challenge range: the leaves its pieces show add up to
     * its leaf total (what the provider proves over is what the contract challenges), each live
     * deal's piece is where the deal says, and its live deals are those it still serves.
     */
    void checkSets() {
      long sets =
          ((BigInteger) reader.view(dep.market(), Calls.view("setCount")).get(0).getValue())
              .longValueExact();
      Map<Long, Long> serving = new HashMap<>();
      for (BigInteger id : deals.keySet()) {
        DealInfo d = reader.deal(id);
        if (d.state() != DealState.ACTIVE) {
          continue;
        }
        List<Type> q = reader.view(dep.market(), Calls.dealPeriods(id));
        long index = ((BigInteger) q.get(1).getValue()).longValueExact();
        List<Type> piece = reader.view(dep.market(), Calls.pieceAt(d.setId(), index));
        assertThat((BigInteger) piece.get(0).getValue()).as("deal %s's piece", id).isEqualTo(id);
        assertThat(((BigInteger) piece.get(1).getValue()).longValueExact())
            .as("deal %s's piece leaves", id)
            .isEqualTo(d.leafCount());
        serving.merge(d.setId(), 1L, Long::sum);
        String previous = (String) q.get(7).getValue();
        if (!Addresses.ZERO.equals(Addresses.check(previous, "previous provider"))) {
          serving.merge(reader.setOf(previous), 1L, Long::sum);
        }
      }
      for (long set = 1; set <= sets; set++) {
        List<Type> status = reader.view(dep.market(), Calls.setStatus(set));
        long count = ((BigInteger) status.get(1).getValue()).longValueExact();
        long shown = 0;
        for (long i = 1; i <= count; i++) {
          shown +=
              ((BigInteger) reader.view(dep.market(), Calls.pieceAt(set, i)).get(1).getValue())
                  .longValueExact();
        }
        assertThat(shown)
            .as("set %d: leaves its pieces show = its leaf total", set)
            .isEqualTo(((BigInteger) status.get(2).getValue()).longValueExact());
        assertThat(((BigInteger) status.get(4).getValue()).longValueExact())
            .as("set %d: live deals", set)
            .isEqualTo(serving.getOrDefault(set, 0L));
      }
    }

    void checkPeriods() {
      for (BigInteger id : deals.keySet()) {
        DealInfo d = reader.deal(id);
        assertThat(d.periodsProven() + d.periodsFaulted())
            .as("deal %s: proven + faulted = settled", id)
            .isEqualTo(d.periodsSettled());
        long seen = 0;
        long seenProven = 0;
        for (long k = d.firstPeriod(); k < d.firstPeriod() + d.periodsSettled(); k++) {
          Boolean proven = settled.get(id + "/" + k);
          assertThat(proven).as("deal %s period %d settled without an event", id, k).isNotNull();
          seen++;
          seenProven += proven ? 1 : 0;
        }
        assertThat(seenProven).as("deal %s proven periods", id).isEqualTo(d.periodsProven());
        assertThat(seen).as("deal %s settled periods", id).isEqualTo(d.periodsSettled());
        if (d.state() == DealState.ENDED) {
          assertThat((long) d.periodsSettled())
              .as("deal %s ended with every period proven or faulted", id)
              .isEqualTo(d.servedPeriods());
        }
        if (d.state() == DealState.ACTIVE) {
          // a period whose window is over can always be settled: it is proven or it is faulted
          long next = d.firstPeriod() + d.periodsSettled();
          assertThat(next).as("deal %s next period", id).isLessThan(d.endPeriod());
        }
      }
    }

    void checkRegistry() {
      BigInteger stakes = BigInteger.ZERO;
      for (Map.Entry<String, Expected> en : expected.entrySet()) {
        String a = en.getKey();
        Expected x = en.getValue();
        List<Type> s = reader.view(dep.registry(), Calls.statusOf(a));
        String who = "registry status of " + a;
        assertThat((BigInteger) s.get(2).getValue()).as(who + ": stake").isEqualTo(x.stake);
        assertThat(((BigInteger) s.get(3).getValue()).longValue())
            .as(who + ": active deals")
            .isEqualTo(x.activeDeals);
        assertThat(((BigInteger) s.get(4).getValue()).longValue())
            .as(who + ": periods proven")
            .isEqualTo(x.periodsProven);
        assertThat(((BigInteger) s.get(5).getValue()).longValue())
            .as(who + ": periods faulted")
            .isEqualTo(x.periodsFaulted);
        assertThat(((BigInteger) s.get(6).getValue()).longValue())
            .as(who + ": deals completed")
            .isEqualTo(x.dealsCompleted);
        assertThat(((BigInteger) s.get(7).getValue()).longValue())
            .as(who + ": deals failed")
            .isEqualTo(x.dealsFailed);
        assertThat((BigInteger) s.get(8).getValue()).as(who + ": locked stake").isEqualTo(x.locked);
        for (String t : List.of(Addresses.ZERO, token)) {
          Reputation rep = reader.compute().reputation(a, t);
          BigInteger[] v =
              x.values.getOrDefault(t, new BigInteger[] {BigInteger.ZERO, BigInteger.ZERO});
          assertThat(rep.earned()).as(who + ": value earned in " + t).isEqualTo(v[0]);
          assertThat(rep.lost()).as(who + ": value lost in " + t).isEqualTo(v[1]);
          assertThat(rep.jobsCompleted()).as(who + ": jobs completed").isEqualTo(x.jobsCompleted);
          assertThat(rep.jobsFailed()).as(who + ": jobs failed").isEqualTo(x.jobsFailed);
        }
        stakes = stakes.add(x.stake);
      }
      assertThat(reader.nativeBalance(dep.registry()))
          .as("registry balance = the stakes it holds")
          .isEqualTo(stakes);
    }

    // ---- the end ------------------------------------------------------------------------------

    /**
     * Lets every deal and job run out: settles every deal to its end, ends every job, checks after
     * each step, and then that every accepted deal's periods were each settled once.
     */
    void drain() {
      for (int round = 0; round < 20; round++) {
        boolean busy = false;
        for (MarketJob j : jobsIn(MarketJobState.POSTED)) {
          byAddress.get(j.client()).compute().cancel(j.id());
          busy = true;
        }
        for (MarketJob j : jobsIn(MarketJobState.CLAIMED)) {
          chain.mineTo(j.deadlineBlock());
          stranger.compute().expire(j.id());
          busy = true;
        }
        for (MarketJob j : jobsIn(MarketJobState.SUBMITTED)) {
          chain.mineTo(j.resultBlock() + j.challengeBlocks());
          stranger.compute().finalizeJob(j.id());
          busy = true;
        }
        for (MarketJob j : jobsIn(MarketJobState.DISPUTED)) {
          chain.mineTo(j.drawBlock());
          stranger.compute().drawVerifiers(j.id());
          busy = true;
        }
        for (MarketJob j : jobsIn(MarketJobState.DRAWN)) {
          chain.mineTo(j.revealEnd());
          stranger.compute().resolveDispute(j.id());
          busy = true;
        }
        for (DealInfo d : dealsIn(DealState.OPEN)) {
          byAddress.get(d.client()).cancelDeal(d.id());
          busy = true;
        }
        for (DealInfo d : dealsIn(DealState.ACTIVE)) {
          chain.mineTo(sp.periodStart(reader.marketGenesis(), d.endPeriod()));
          stranger.settle(d.id());
          busy = true;
        }
        absorbEvents();
        check();
        if (!busy) {
          break;
        }
      }
      assertThat(dealsIn(DealState.ACTIVE)).as("deals still active after draining").isEmpty();
      for (BigInteger id : deals.keySet()) {
        DealInfo d = reader.deal(id);
        if (d.state() == DealState.ENDED) {
          for (long k = d.firstPeriod(); k < d.endPeriod(); k++) {
            assertThat(settled).as("deal %s period %d", id, k).containsKey(id + "/" + k);
          }
        }
      }
      // what is left is the burned share: nobody can take it
      for (String t : List.of(Addresses.ZERO, token)) {
        for (ChainClient c : all) {
          if (c.withdrawable(c.address(), t).signum() > 0) {
            c.withdraw(t);
          }
          if (c.compute().withdrawable(c.address(), t).signum() > 0) {
            c.compute().withdraw(t);
          }
        }
        assertThat(balance(dep.market(), t)).isEqualTo(reader.withdrawable(BURN, t));
        assertThat(balance(dep.computeMarket(), t))
            .isEqualTo(reader.compute().withdrawable(BURN, t));
      }
      absorbEvents();
      check();
    }

    @Override
    public void close() {
      for (ChainClient c : all) {
        c.close();
      }
    }
  }
}
