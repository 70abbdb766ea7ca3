package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.proofs.PieceCid;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.hash.NodeHasher;
import io.cairn.storage.Cid;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Prints the gas of each storage market operation, the current market beside the one before issue
 * 12 ({@link V1Market}); figures for docs/chain.md. Asserts only that the operations succeed.
 *
 * <p>A 32 GiB piece (2^30 leaves, 30 siblings per proof) is modelled by a tree whose leaves are all
 * the same node: every level's nodes are then equal, so one leaf and the 30 level nodes prove any
 * position, and the contract does exactly the work of a real 32 GiB proof. A set of many deals is
 * that piece many times over. The environment variable {@code CAIRN_GAS_DEALS} sets the large set's
 * deals (1,000).
 */
@Tag("bench")
class GasReportIT {
  private static final int MANY =
      Integer.parseInt(System.getenv().getOrDefault("CAIRN_GAS_DEALS", "1000"));

  private final StringBuilder report = new StringBuilder();

  @Test
  void reportsGasPerOperation() throws Exception {
    try (DevChain chain = new DevChain(MarketParams.dev());
        V1Market v1 = new V1Market(chain)) {
      chain.registerProvider();
      v1.register(5);
      Uniform big = Uniform.of(30, 1);
      Transactor clientTx = chain.transactor(2);
      String market = chain.deployment.market();
      String token = chain.deployment.token();
      ChainClient provider = chain.provider;
      chain.client.mintTestToken(chain.client.address(), ETHER.multiply(BigInteger.valueOf(1000)));
      provider.mintTestToken(provider.address(), ETHER.multiply(BigInteger.valueOf(1000)));
      clientTx.send(
          token,
          Calls.encode(Calls.approve(market, ETHER.multiply(BigInteger.valueOf(1000)))),
          BigInteger.ZERO,
          "approve");
      report.append(String.format("%-70s %10s %10s%n", "operation", "v2 gas", "v1 gas"));

      byte[] cid = Cid.parse(big.piece().toString()).bytes();
      String p = provider.address();
      long openToken = gas(clientTx.send(market, open(cid, 10, p, token), BigInteger.ZERO, "o"));
      long openNative =
          gas(
              clientTx.send(
                  market, open(cid, 10, p, Addresses.ZERO), ETHER.multiply(BigInteger.TEN), "o"));
      BigInteger tokenDeal = BigInteger.ONE;
      BigInteger nativeDeal = BigInteger.TWO;
      BigInteger v1Deal = v1.open(6, big.piece().toString(), 10, ETHER, 5);
      long v1Open = lastGas(chain);
      line("openDeal (ERC-20, 10 periods)", openToken, -1);
      line("openDeal (native, 10 periods)", openNative, v1Open);
      line(
          "acceptDeal (ERC-20 collateral, the provider's first deal: a new set)",
          provider.acceptDeal(tokenDeal).gasUsed(),
          -1);
      line(
          "acceptDeal (native collateral, a later deal)",
          provider.acceptDeal(nativeDeal).gasUsed(),
          v1.accept(5, v1Deal, ETHER.multiply(BigInteger.valueOf(5))).gasUsed());

      // proofs: the set of both deals, and the v1 deal alone, 5 challenges on a 32 GiB piece,
      // in periods 0 and 2 (1 is left unproven: a fault), in the order their seed blocks come
      long first = provider.deal(nativeDeal).firstPeriod();
      long v1Start = v1.startBlock(v1Deal);
      List<Long> v1Prove = new ArrayList<>();
      List<Long> v2Prove = new ArrayList<>();
      List<long[]> steps = new ArrayList<>(); // {seed block, 1 = v2 / 0 = v1, k}
      for (int k = 0; k < 3; k += 2) {
        steps.add(new long[] {chain.seedBlock(first + k), 1, k});
        steps.add(new long[] {V1Market.seedBlock(v1Start, k), 0, k});
      }
      steps.sort((x, y) -> Long.compare(x[0], y[0]));
      long settleProven = 0;
      for (long[] step : steps) {
        int k = (int) step[2];
        if (step[1] == 1) {
          v2Prove.add(proveUniform(chain, provider, first + k, big).gasUsed());
          if (k == 0) {
            settleProven = chain.stranger.settle(tokenDeal).gasUsed();
          }
        } else {
          chain.mineTo(step[0]);
          byte[] seed = v1.blockHash(step[0]);
          ProofBundle b = big.bundle(v1Deal.longValueExact(), seed, List.of(big.piece()), 5);
          v1Prove.add(v1.prove(5, b.calldata()).gasUsed());
        }
      }
      line("settle, one proven period", settleProven, -1);
      line(
          "provePeriod / provePossession, 5 challenges, 32 GiB piece, first proof",
          v2Prove.get(0),
          v1Prove.get(0));
      line(
          "provePeriod / provePossession, 5 challenges, 32 GiB piece, later",
          v2Prove.get(1),
          v1Prove.get(1));
      chain.mineTo(chain.windowEnd(first + 1));
      long v1Settle;
      chain.mineTo(V1Market.seedBlock(v1Start, 3) + V1Market.WINDOW_BLOCKS);
      v1Settle = v1.settle(6, v1Deal).gasUsed();
      line(
          "settle, one faulted period (then one proven, v2)",
          chain.stranger.settle(tokenDeal).gasUsed(),
          v1Settle);
      line(
          "settle, 3 periods (2 proven, 1 faulted)",
          chain.stranger.settle(nativeDeal).gasUsed(),
          -1);
      line("withdraw (ERC-20)", provider.withdraw(token).gasUsed(), -1);
      line(
          "withdraw (native)",
          provider.withdraw(null).gasUsed(),
          Transactor.result(
                  v1.transactor(5)
                      .send(
                          v1.market,
                          Calls.encode(Calls.withdraw(Addresses.ZERO)),
                          BigInteger.ZERO,
                          "w"))
              .gasUsed());

      // changes to a live deal
      ChainClient other = chain.connect(9);
      other.registerProvider(DevChain.offer("12D3KooWOther"), ETHER);
      line("proposeProvider", provider.proposeProvider(nativeDeal, other.address()).gasUsed(), -1);
      line(
          "consentProvider",
          chain.client.consentProvider(nativeDeal, other.address()).gasUsed(),
          -1);
      line(
          "takeOverDeal (native collateral, the new provider's first deal)",
          other.takeOverDeal(nativeDeal).gasUsed(),
          -1);
      line("terminateDeal (client)", chain.client.terminateDeal(tokenDeal).gasUsed(), -1);
      BigInteger cancelled =
          chain.client.openDeal(new DealTerms(big.piece().toString(), 2, ETHER, p, true)).id();
      line("cancelDeal", chain.client.cancelDeal(cancelled).gasUsed(), -1);
      long now = chain.nextPeriod();
      line(
          "provePeriod, its range taken removing one piece (a deal taken over)",
          proveUniform(chain, provider, now, big).gasUsed(),
          -1);

      // one proof per set: 1 deal against MANY, same period
      ChainClient one = chain.connect(4);
      ChainClient many = chain.connect(7);
      one.registerProvider(DevChain.offer("12D3KooWOne"), ETHER);
      many.registerProvider(DevChain.offer("12D3KooWMany"), ETHER);
      // the floor price of a 32 GiB piece at 1 ether per TiB; deals long enough to outlast the
      // blocks it takes to open and accept them all
      BigInteger floor = ETHER.divide(BigInteger.valueOf(32));
      for (int i = 0; i < MANY; i++) {
        BigInteger id =
            chain
                .client
                .openDeal(new DealTerms(big.piece().toString(), 200, floor, many.address(), true))
                .id();
        many.acceptDeal(id);
      }
      BigInteger single =
          chain
              .client
              .openDeal(new DealTerms(big.piece().toString(), 200, floor, one.address(), true))
              .id();
      one.acceptDeal(single);
      long period = Math.max(one.deal(single).firstPeriod(), chain.nextPeriod() + 1);
      TxResult oneProof = proveUniform(chain, one, period, big);
      TxResult manyProof = proveUniform(chain, many, period, big);
      long oneLater = proveUniform(chain, one, period + 1, big).gasUsed();
      long manyLater = proveUniform(chain, many, period + 1, big).gasUsed();
      line(
          "provePeriod, set of 1 deal, 5 challenges, 32 GiB (later period)",
          oneLater,
          v1Prove.get(1));
      line(
          "provePeriod, set of " + MANY + " deals (v1: " + MANY + " provePossession calls)",
          manyLater,
          v1Prove.get(1) * MANY);
      report.append(
          String.format(
              "%-70s %10.2f%n",
              "ratio, " + MANY + " deals / 1 deal", (double) manyLater / oneLater));
      line("provePeriod, set of 1 deal, its first proof", oneProof.gasUsed(), -1);
      line("provePeriod, set of " + MANY + " deals, its first proof", manyProof.gasUsed(), -1);

      // EIP-7623: the calldata floor of a 5-challenge 32 GiB proof
      chain.mineTo(chain.seedBlock(period + 2));
      Challenge c = DevChain.only(one);
      byte[] data = big.bundle(c.setId(), c.seed(), pieces(c), c.count()).calldata(c.header());
      long zero = 0;
      for (byte b : data) {
        zero += b == 0 ? 1 : 0;
      }
      long nonZero = data.length - zero;
      long tokens = zero + 4 * nonZero;
      report.append(
          String.format(
              "provePeriod calldata: %d bytes (%d zero, %d non-zero, header %d bytes); standard"
                  + " calldata gas %d, EIP-7623 floor 21000 + 10 x %d tokens = %d%n",
              data.length,
              zero,
              nonZero,
              c.header().length,
              4 * zero + 16 * nonZero,
              tokens,
              21000 + 10 * tokens));
      chain.stranger.settle(single);
      DealInfo settled = one.deal(single);
      line(
          "settle, one deal of the 1-deal set ("
              + settled.periodsSettled()
              + " periods, "
              + settled.periodsProven()
              + " proven)",
          lastGas(chain),
          -1);

      // the marginal gas of a challenge: a market asking 10 per period
      MarketParams tenParams =
          new MarketParams(20, 10, 10, 50, 50, 0, 50, 2, chain.params.stakePerDeal(), 1);
      Deployment ten =
          ChainClient.deploy(
              chain.rpc(), ChainAccount.fromPrivateKey(chain.keys.get(0)), tenParams);
      try (ChainClient c10 = client(chain, ten, 2);
          ChainClient p10 = client(chain, ten, 1)) {
        p10.registerProvider(DevChain.offer("12D3KooWProviderPeer"), ETHER);
        BigInteger id =
            c10.openDeal(new DealTerms(big.piece().toString(), 3, ETHER, p10.address(), true)).id();
        p10.acceptDeal(id);
        long q = p10.deal(id).firstPeriod();
        proveUniform(chain, p10, q, big);
        long per10 = proveUniform(chain, p10, q + 1, big).gasUsed();
        line("provePeriod, 10 challenges, 32 GiB piece (later period)", per10, -1);
        line("one more challenge (30 siblings)", (per10 - oneLater) / 5, -1);
        line(
            "fixed part of provePeriod (header, seed, set)",
            oneLater - 5 * ((per10 - oneLater) / 5),
            -1);
      }
    }
    System.out.print(report);
    Path out = Path.of("target/gas-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private static String open(byte[] cid, int periods, String provider, String token) {
    return Calls.encode(Calls.openDeal(cid, periods, ETHER, provider, token));
  }

  private static long gas(org.web3j.protocol.core.methods.response.TransactionReceipt r) {
    return r.getGasUsed().longValueExact();
  }

  /** The gas of the last transaction mined. */
  private static long lastGas(DevChain chain) throws java.io.IOException {
    org.web3j.protocol.Web3j web3 =
        org.web3j.protocol.Web3j.build(
            new org.web3j.protocol.http.HttpService(chain.rpc().toString()));
    try {
      var block =
          web3.ethGetBlockByNumber(org.web3j.protocol.core.DefaultBlockParameterName.LATEST, false)
              .send()
              .getBlock();
      return block.getGasUsed().longValueExact();
    } finally {
      web3.shutdown();
    }
  }

  private static List<PieceCid> pieces(Challenge c) {
    List<PieceCid> out = new ArrayList<>();
    for (SetPiece sp : c.pieces()) {
      out.add(PieceCid.parse(sp.pieceCidV2()));
    }
    return out;
  }

  private static TxResult proveUniform(DevChain chain, ChainClient who, long period, Uniform big) {
    chain.mineTo(who.params().seedBlock(who.marketGenesis(), period));
    Challenge c = DevChain.only(who);
    assertThat(c.period()).isEqualTo(period);
    return who.provePeriod(
        big.bundle(c.setId(), c.seed(), pieces(c), c.count()).calldata(c.header()));
  }

  private static ChainClient client(DevChain chain, Deployment d, int account) {
    return ChainClient.connect(
        new ChainOptions(chain.rpc(), d, 1, Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(chain.keys.get(account)));
  }

  private void line(String what, long v2, long v1) {
    report.append(String.format("%-70s %10d %10s%n", what, v2, v1 < 0 ? "-" : String.valueOf(v1)));
  }

  /** A tree of 2^height equal leaves: level j's nodes all equal z_j, the root is z_height. */
  private record Uniform(byte[] leaf, byte[][] levels, PieceCid piece) {
    static Uniform of(int height, long seed) {
      byte[] leaf = new byte[32];
      new Random(seed).nextBytes(leaf);
      leaf[31] &= 0x3f;
      NodeHasher h = new NodeHasher();
      byte[][] z = new byte[height + 1][];
      z[0] = leaf;
      for (int j = 0; j < height; j++) {
        z[j + 1] = h.parent(z[j], z[j]);
      }
      return new Uniform(
          leaf, java.util.Arrays.copyOf(z, height), new PieceCid(0, height, z[height]));
    }

    ProofBundle bundle(long setId, byte[] seed, List<PieceCid> pieces, int count) {
      List<ProofBundle.Proof> proofs =
          Collections.nCopies(count, new ProofBundle.Proof(leaf, levels));
      ProofBundle b = new ProofBundle(setId, seed, pieces, proofs);
      assertThat(b.verify().valid()).isTrue();
      return b;
    }
  }

  /** The compute market's operations, each on its own; approvals are sent beforehand. */
  @Test
  void reportsComputeMarketGas() throws Exception {
    try (ComputeFixture f = ComputeFixture.onFreshChain(5)) {
      StringBuilder out = new StringBuilder();
      Transactor client = f.chain.transactor(2);
      String market = f.deployment.computeMarket();
      String token = f.deployment.token();
      BigInteger lots = ETHER.multiply(BigInteger.valueOf(1000));
      ChainClient clientChain = f.chainOf(f.client);
      clientChain.mintTestToken(clientChain.address(), lots);
      f.providerChain.mintTestToken(f.providerChain.address(), lots);
      client.send(token, Calls.encode(Calls.approve(market, lots)), BigInteger.ZERO, "approve");
      f.chain
          .transactor(1)
          .send(token, Calls.encode(Calls.approve(market, lots)), BigInteger.ZERO, "approve");
      List<BigInteger> ids = new ArrayList<>();
      java.util.function.BiFunction<JobPosting, BigInteger, Long> post =
          (p, value) -> {
            var r = client.send(market, Calls.encode(ComputeCalls.postJob(p)), value, "postJob");
            ids.add(BigInteger.valueOf(f.client.jobCount()));
            return r.getGasUsed().longValueExact();
          };
      JobPosting nativeJob = ComputeFixture.wasm(3, null);
      row(out, "postJob (WASM, native, 3 verifiers)", post.apply(nativeJob, ComputeFixture.PRICE));
      row(
          out,
          "postJob (WASM, ERC-20, 3 verifiers)",
          post.apply(ComputeFixture.wasm(3, token), BigInteger.ZERO));
      JobPosting gpu =
          new JobPosting(
              ComputeFixture.SPEC,
              new JobRequirements(
                  JobRequirements.ENGINE_CUDA, 4, 1L << 30, "NVIDIA H100", 40L << 30, "solar"),
              ComputeFixture.PRICE,
              null,
              20,
              10,
              0);
      row(
          out,
          "postJob (CUDA, native, GPU and energy source required)",
          post.apply(gpu, ComputeFixture.PRICE));
      BigInteger nativeId = ids.get(0);
      BigInteger tokenId = ids.get(1);
      BigInteger gpuId = ids.get(2);
      row(out, "claimJob (native collateral)", f.provider.claim(nativeId).gasUsed());
      row(out, "claimJob (ERC-20 collateral)", f.provider.claim(tokenId).gasUsed());
      row(out, "claimJob (CUDA, GPU and energy source checked)", f.provider.claim(gpuId).gasUsed());
      row(
          out,
          "submitResult",
          f.provider
              .submitResult(
                  nativeId, ComputeFixture.OUTPUT, ComputeFixture.FUEL, ComputeFixture.RECEIPT)
              .gasUsed());
      f.provider.submitResult(
          tokenId, ComputeFixture.OUTPUT, ComputeFixture.FUEL, ComputeFixture.RECEIPT);
      f.provider.submitResult(
          gpuId, ComputeFixture.OUTPUT, ComputeFixture.FUEL, ComputeFixture.RECEIPT);
      row(out, "acceptResult (CUDA)", f.client.acceptResult(gpuId).gasUsed());
      f.mineTo(f.client.job(tokenId).challengeEnd());
      row(out, "finalizeJob (ERC-20)", f.stranger.finalizeJob(tokenId).gasUsed());
      row(out, "finalizeJob (native)", f.stranger.finalizeJob(nativeId).gasUsed());

      BigInteger cancelled = f.post(ComputeFixture.wasm(1, null)).id();
      row(out, "cancelJob", f.client.cancel(cancelled).gasUsed());
      BigInteger late = f.post(ComputeFixture.wasm(1, null)).id();
      f.provider.claim(late);
      f.mineTo(f.client.job(late).deadlineBlock());
      row(out, "expire (burn, slash, refund)", f.stranger.expire(late).gasUsed());
      BigInteger rejected = f.post(gpu).id();
      f.provider.claim(rejected);
      f.provider.submitResult(
          rejected, ComputeFixture.OUTPUT, ComputeFixture.FUEL, ComputeFixture.RECEIPT);
      row(out, "rejectResult (CUDA)", f.client.rejectResult(rejected).gasUsed());

      // a dispute the challenger wins, with 3 verifiers, and one it loses with 1
      BigInteger wrong = f.submitted(3, ComputeFixture.WRONG);
      row(out, "dispute (native bond)", f.client.dispute(wrong).gasUsed());
      f.mineTo(f.client.job(wrong).drawBlock());
      row(out, "drawVerifiers (3 of 5)", f.stranger.drawVerifiers(wrong).gasUsed());
      List<JobVerifier> vs = f.client.verifiers(wrong);
      long commit = 0;
      long reveal = 0;
      for (int i = 0; i < vs.size(); i++) {
        byte[] salt = new byte[32];
        salt[0] = (byte) (i + 1);
        commit =
            f.verifier(vs.get(i).address())
                .commitResult(wrong, ComputeFixture.OUTPUT, ComputeFixture.FUEL, salt)
                .gasUsed();
      }
      for (int i = 0; i < vs.size(); i++) {
        byte[] salt = new byte[32];
        salt[0] = (byte) (i + 1);
        reveal =
            f.verifier(vs.get(i).address())
                .revealResult(wrong, ComputeFixture.OUTPUT, ComputeFixture.FUEL, salt)
                .gasUsed();
      }
      row(out, "commitResult", commit);
      row(out, "revealResult", reveal);
      row(
          out,
          "resolveDispute (challenger wins, 3 verifiers)",
          f.stranger.resolveDispute(wrong).gasUsed());
      BigInteger right = f.submitted(1, ComputeFixture.OUTPUT);
      f.client.dispute(right);
      f.mineTo(f.client.job(right).drawBlock());
      row(out, "drawVerifiers (1 of 5)", f.stranger.drawVerifiers(right).gasUsed());
      f.mineTo(f.client.job(right).revealEnd());
      row(
          out,
          "resolveDispute (no decision: nobody revealed, verifier slashed)",
          f.stranger.resolveDispute(right).gasUsed());
      assertThat(f.client.job(wrong).state()).isEqualTo(MarketJobState.REFUNDED);
      assertThat(f.client.job(right).state()).isEqualTo(MarketJobState.REFUNDED);
      row(out, "withdraw (native)", f.provider.withdraw(null).gasUsed());
      row(out, "withdraw (ERC-20)", f.provider.withdraw(token).gasUsed());
      row(
          out,
          "setComputeOffer (registry)",
          f.provider.setComputeOffer(ComputeFixture.offer(false)).gasUsed());
      // the verifier log: an entry closed, reopened, appended, and a closed slot taken again
      ComputeMarketClient verifier = f.verifierChains.get(0).compute();
      row(
          out,
          "setComputeOffer (leaving the draws)",
          verifier.setComputeOffer(ComputeFixture.offer(false)).gasUsed());
      row(
          out,
          "setComputeOffer (joining again, its own entry)",
          verifier.setComputeOffer(ComputeFixture.offer(true)).gasUsed());
      long left = verifier.setComputeOffer(ComputeFixture.offer(false)).block();
      ChainClient newcomer = f.connect(9);
      newcomer.registerProvider(DevChain.offer("12D3KooWNewVerifier"), ETHER);
      row(
          out,
          "setComputeOffer (joining, a new entry)",
          newcomer.compute().setComputeOffer(ComputeFixture.offer(true)).gasUsed());
      f.mineTo(left + 512);
      ChainClient later = f.chainOf(f.stranger);
      later.registerProvider(DevChain.offer("12D3KooWLaterVerifier"), ETHER);
      row(
          out,
          "setComputeOffer (joining, a closed entry's slot)",
          f.stranger.setComputeOffer(ComputeFixture.offer(true)).gasUsed());
      // the newcomer's entry was appended, the later one took the closed slot
      assertThat(f.registryView("verifierLogLength")).isEqualTo(BigInteger.valueOf(6));
      f.assertSolvent();
      System.out.print(out);
      Path file = Path.of("target/gas-report-compute.txt");
      Files.createDirectories(file.getParent());
      Files.writeString(file, out);
    }
  }

  private static void row(StringBuilder out, String what, long gas) {
    out.append(String.format("%-66s %8d gas%n", what, gas));
  }
}
