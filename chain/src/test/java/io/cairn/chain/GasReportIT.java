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
 * Prints the gas of each market operation and the time from a seed block to its proof being mined;
 * figures for docs/chain.md. Asserts only that the operations succeed.
 *
 * <p>A 32 GiB piece (2^30 leaves, 30 siblings per proof) is modelled by a tree whose leaves are all
 * the same node: every level's nodes are then equal, so one leaf and the 30 level nodes prove any
 * position, and the contract does exactly the work of a real 32 GiB proof.
 */
@Tag("bench")
class GasReportIT {
  private final StringBuilder report = new StringBuilder();

  @Test
  void reportsGasPerOperation() throws Exception {
    try (DevChain chain = new DevChain(MarketParams.dev())) {
      chain.registerProvider();
      Uniform big = Uniform.of(30, 1);
      Transactor clientTx = chain.transactor(2);
      String market = chain.deployment.market();
      String token = chain.deployment.token();
      chain.client.mintTestToken(chain.client.address(), ETHER.multiply(BigInteger.valueOf(1000)));
      chain.provider.mintTestToken(
          chain.provider.address(), ETHER.multiply(BigInteger.valueOf(1000)));
      clientTx.send(
          token,
          Calls.encode(Calls.approve(market, ETHER.multiply(BigInteger.valueOf(1000)))),
          BigInteger.ZERO,
          "approve");

      byte[] cid = Cid.parse(big.piece().toString()).bytes();
      long openToken =
          clientTx
              .send(
                  market,
                  Calls.encode(Calls.openDeal(cid, 10, ETHER, chain.provider.address(), token)),
                  BigInteger.ZERO,
                  "open")
              .getGasUsed()
              .longValueExact();
      long openNative =
          clientTx
              .send(
                  market,
                  Calls.encode(
                      Calls.openDeal(cid, 10, ETHER, chain.provider.address(), Addresses.ZERO)),
                  ETHER.multiply(BigInteger.TEN),
                  "open")
              .getGasUsed()
              .longValueExact();
      BigInteger tokenDeal = BigInteger.ONE;
      BigInteger nativeDeal = BigInteger.TWO;
      long acceptToken =
          chain.provider.acceptDeal(tokenDeal).gasUsed(); // includes no approve: done inside
      long acceptNative = chain.provider.acceptDeal(nativeDeal).gasUsed();
      line("openDeal (ERC-20, 10 periods)", openToken);
      line("openDeal (native, 10 periods)", openNative);
      line("acceptDeal (ERC-20 collateral)", acceptToken);
      line("acceptDeal (native collateral)", acceptNative);

      // both deals were accepted one block apart; prove the token deal every period, the
      // native one in periods 0 and 2 only, and settle its fault
      List<Long> proveGas = new ArrayList<>();
      long startToken = chain.provider.deal(tokenDeal).startBlock();
      long startNative = chain.provider.deal(nativeDeal).startBlock();
      long settleGas = 0;
      for (int k = 0; k < 3; k++) {
        chain.mineTo(chain.seedBlock(startNative, k));
        for (BigInteger id : List.of(tokenDeal, nativeDeal)) {
          if (id.equals(nativeDeal) && k == 1) {
            continue;
          }
          Challenge c = chain.provider.challenge(id).orElseThrow();
          proveGas.add(
              chain
                  .provider
                  .provePossession(big.bundle(id, c.seed(), c.count()).calldata())
                  .gasUsed());
        }
        if (k == 1) {
          chain.mineTo(chain.windowEnd(startNative, 1));
          settleGas = chain.stranger.settle(nativeDeal).gasUsed();
        }
      }
      assertThat(chain.provider.deal(tokenDeal).periodsProven()).isEqualTo(3);
      assertThat(chain.provider.deal(nativeDeal).periodsFaulted()).isEqualTo(1);
      line("provePossession, 5 challenges, 32 GiB piece (first period)", proveGas.get(0));
      line(
          "provePossession, 5 challenges, 32 GiB piece (later periods)",
          proveGas.get(proveGas.size() - 1));
      line("settle, one faulted period", settleGas);
      line("withdraw (ERC-20)", chain.provider.withdraw(token).gasUsed());
      line("withdraw (native)", chain.provider.withdraw(null).gasUsed());

      // the marginal gas of a challenge: a market asking 10 per period against this one's 5
      Deployment ten =
          ChainClient.deploy(
              chain.rpc(),
              ChainAccount.fromPrivateKey(chain.keys.get(0)),
              new MarketParams(20, 10, 10, 50, 10, 50));
      long per10;
      try (ChainClient c10 = client(chain, ten, 2);
          ChainClient p10 = client(chain, ten, 1)) {
        p10.registerProvider(DevChain.offer("12D3KooWProviderPeer"), ETHER);
        BigInteger id =
            c10.openDeal(new DealTerms(big.piece().toString(), 2, ETHER, p10.address(), true)).id();
        p10.acceptDeal(id);
        long start = p10.deal(id).startBlock();
        chain.mineTo(chain.seedBlock(start, 0));
        Challenge c = p10.challenge(id).orElseThrow();
        p10.provePossession(big.bundle(id, c.seed(), c.count()).calldata());
        chain.mineTo(chain.seedBlock(start, 1));
        c = p10.challenge(id).orElseThrow();
        per10 = p10.provePossession(big.bundle(id, c.seed(), c.count()).calldata()).gasUsed();
      }
      long steady5 = proveGas.get(proveGas.size() - 1);
      line("provePossession, 10 challenges, 32 GiB piece (later periods)", per10);
      line("one more challenge (30 siblings)", (per10 - steady5) / 5);
      line("fixed part of provePossession", steady5 - 5 * ((per10 - steady5) / 5));

      // time from the seed block being mined to the proof being mined, real 8 MiB piece
      DevChain.Piece real = DevChain.piece(21, 8 << 20);
      BigInteger id =
          chain
              .client
              .openDeal(new DealTerms(real.cid(), 10, ETHER, chain.provider.address(), true))
              .id();
      chain.provider.acceptDeal(id);
      long start = chain.provider.deal(id).startBlock();
      List<Long> millis = new ArrayList<>();
      long realGas = 0;
      for (int k = 0; k < 10; k++) {
        chain.mineTo(chain.seedBlock(start, k));
        long t0 = System.nanoTime();
        Challenge c = chain.provider.challenge(id).orElseThrow();
        ProofBundle b = real.prove(id, c.seed(), c.count());
        realGas = chain.provider.provePossession(b.calldata()).gasUsed();
        millis.add(Duration.ofNanos(System.nanoTime() - t0).toMillis());
      }
      Collections.sort(millis);
      line(
          "provePossession, 5 challenges, 8 MiB piece (height "
              + real.tree().piece().height()
              + ")",
          realGas);
      report.append(
          String.format(
              "%-66s %8d ms (min %d, max %d)%n",
              "seed block mined -> proof mined, median of 10 (Anvil automine)",
              millis.get(5),
              millis.get(0),
              millis.get(9)));
      assertThat(chain.provider.deal(id).state()).isEqualTo(DealState.ENDED);
    }
    System.out.print(report);
    Path out = Path.of("target/gas-report.txt");
    Files.createDirectories(out.getParent());
    Files.writeString(out, report);
  }

  private static ChainClient client(DevChain chain, Deployment d, int account) {
    return ChainClient.connect(
        new ChainOptions(chain.rpc(), d, 1, Duration.ofMillis(20)),
        ChainAccount.fromPrivateKey(chain.keys.get(account)));
  }

  private void line(String what, long gas) {
    report.append(String.format("%-66s %8d gas%n", what, gas));
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

    ProofBundle bundle(BigInteger dealId, byte[] seed, int count) {
      List<ProofBundle.Proof> proofs =
          Collections.nCopies(count, new ProofBundle.Proof(leaf, levels));
      ProofBundle b = new ProofBundle(dealId.longValueExact(), seed, List.of(piece), proofs);
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
          "resolveDispute (tie: nobody revealed, verifier slashed)",
          f.stranger.resolveDispute(right).gasUsed());
      assertThat(f.client.job(wrong).state()).isEqualTo(MarketJobState.REFUNDED);
      assertThat(f.client.job(right).state()).isEqualTo(MarketJobState.PAID);
      row(out, "withdraw (native)", f.provider.withdraw(null).gasUsed());
      row(out, "withdraw (ERC-20)", f.provider.withdraw(token).gasUsed());
      row(
          out,
          "setComputeOffer (registry)",
          f.provider.setComputeOffer(ComputeFixture.offer(false)).gasUsed());
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
