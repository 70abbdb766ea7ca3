package io.cairn.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/** {@link ComputeMarketClient} over the same web3j connection as its {@link Web3ChainClient}. */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class Web3ComputeMarket implements ComputeMarketClient {
  private final Web3ChainClient chain;
  private final String market;
  private final String registry;
  private volatile ComputeMarketParams params;

  Web3ComputeMarket(Web3ChainClient chain) {
    this.chain = chain;
    this.market = chain.deployment().computeMarket();
    this.registry = chain.deployment().registry();
  }

  private TxResult send(Function f, BigInteger value) {
    return Transactor.result(chain.send(market, f, value));
  }

  private TxResult action(String name, BigInteger jobId) {
    return send(ComputeCalls.jobAction(name, jobId), BigInteger.ZERO);
  }

  /** Sends a job action that locks {@code amount} in the job's token (approved first). */
  private TxResult paying(String name, MarketJob j, BigInteger amount) {
    if (j.nativeCurrency()) {
      return send(ComputeCalls.jobAction(name, j.id()), amount);
    }
    if (!j.token().equals(chain.deployment().token())) {
      // this node would approve a token it knows nothing about
      throw new IllegalStateException(
          "job "
              + j.id()
              + " pays in token "
              + j.token()
              + ", neither native currency nor the deployment's token "
              + chain.deployment().token());
    }
    approve(j.token(), amount);
    return send(ComputeCalls.jobAction(name, j.id()), BigInteger.ZERO);
  }

  private void approve(String token, BigInteger amount) {
    if (amount.signum() == 0) {
      return;
    }
    BigInteger allowed = num(chain.view(token, Calls.allowance(chain.address(), market)).get(0));
    if (allowed.compareTo(amount) < 0) {
      chain.send(token, Calls.approve(market, amount), BigInteger.ZERO);
    }
  }

  private static BigInteger num(Type t) {
    return (BigInteger) t.getValue();
  }

  @Override
  public MarketJob post(JobPosting p) {
    BigInteger value = p.nativeCurrency() ? p.price() : BigInteger.ZERO;
    if (!p.nativeCurrency()) {
      approve(p.token(), p.price());
    }
    TransactionReceipt r = chain.send(market, ComputeCalls.postJob(p), value);
    for (var log : r.getLogs()) {
      ChainEvent e = chain.abi().decodeEvent(log);
      if (e != null && e.name().equals("JobPosted")) {
        return job((BigInteger) e.fields().get("jobId"));
      }
    }
    throw new ChainException(
        "postJob " + r.getTransactionHash() + " logged no JobPosted", null, null);
  }

  @Override
  public TxResult cancel(BigInteger jobId) {
    return action("cancelJob", jobId);
  }

  @Override
  public TxResult claim(BigInteger jobId) {
    MarketJob j = job(jobId);
    BigInteger collateral =
        j.price()
            .multiply(BigInteger.valueOf(params().collateralPercent()))
            .divide(BigInteger.valueOf(100));
    return paying("claimJob", j, collateral);
  }

  @Override
  public TxResult submitResult(
      BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] receiptHash) {
    return send(
        ComputeCalls.submitResult(jobId, outputCid, fuelUsed, receiptHash), BigInteger.ZERO);
  }

  @Override
  public TxResult expire(BigInteger jobId) {
    return action("expire", jobId);
  }

  @Override
  public TxResult finalizeJob(BigInteger jobId) {
    return action("finalizeJob", jobId);
  }

  @Override
  public TxResult dispute(BigInteger jobId) {
    return paying("dispute", job(jobId), disputeBond(jobId));
  }

  @Override
  public BigInteger disputeBond(BigInteger jobId) {
    return num(chain.view(market, ComputeCalls.disputeBond(jobId)).get(0));
  }

  @Override
  public TxResult drawVerifiers(BigInteger jobId) {
    long drawBlock = job(jobId).drawBlock();
    byte[] header = BlockHeaders.rlpHeader(chain.web3(), drawBlock);
    return send(ComputeCalls.drawVerifiers(jobId, header), BigInteger.ZERO);
  }

  @Override
  public TxResult commitResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt) {
    byte[] c = ComputeCalls.commitment(jobId, chain.address(), outputCid, fuelUsed, salt);
    return send(ComputeCalls.commitResult(jobId, c), BigInteger.ZERO);
  }

  @Override
  public TxResult revealResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt) {
    return send(ComputeCalls.revealResult(jobId, outputCid, fuelUsed, salt), BigInteger.ZERO);
  }

  @Override
  public TxResult resolveDispute(BigInteger jobId) {
    return action("resolveDispute", jobId);
  }

  @Override
  public TxResult acceptResult(BigInteger jobId) {
    return action("acceptResult", jobId);
  }

  @Override
  public TxResult rejectResult(BigInteger jobId) {
    return action("rejectResult", jobId);
  }

  @Override
  public MarketJob job(BigInteger jobId) {
    List<Type> p = chain.view(market, ComputeCalls.jobParties(jobId));
    List<Type> t = chain.view(market, ComputeCalls.jobTerms(jobId));
    List<Type> r = chain.view(market, ComputeCalls.jobResult(jobId));
    return new MarketJob(
        jobId,
        Addresses.check((String) p.get(0).getValue(), "client"),
        Addresses.check((String) p.get(1).getValue(), "provider"),
        Addresses.check((String) p.get(2).getValue(), "token"),
        MarketJobState.values()[num(p.get(3)).intValueExact() - 1],
        num(t.get(0)).intValueExact(),
        num(t.get(1)).intValueExact(),
        num(t.get(2)).longValueExact(),
        (byte[]) t.get(3).getValue(),
        num(t.get(4)).longValueExact(),
        (byte[]) t.get(5).getValue(),
        num(p.get(4)),
        num(p.get(5)),
        num(t.get(6)).longValueExact(),
        num(t.get(7)).longValueExact(),
        num(t.get(8)).longValueExact(),
        num(t.get(9)).longValueExact(),
        num(t.get(10)).intValueExact(),
        (byte[]) r.get(0).getValue(),
        (byte[]) r.get(1).getValue(),
        num(r.get(2)).longValueExact(),
        (byte[]) r.get(3).getValue(),
        Addresses.check((String) p.get(6).getValue(), "challenger"),
        num(p.get(7)),
        num(t.get(11)).longValueExact(),
        num(t.get(12)).longValueExact(),
        num(t.get(13)).longValueExact());
  }

  @Override
  public List<MarketJob> jobs(BigInteger fromId, int max) {
    if (fromId == null || fromId.signum() <= 0 || max < 0) {
      throw new IllegalArgumentException(
          "jobs from ID " + fromId + " (IDs start at 1), at most " + max);
    }
    long count = jobCount();
    List<MarketJob> out = new ArrayList<>();
    for (BigInteger id = fromId;
        id.compareTo(BigInteger.valueOf(count)) <= 0 && out.size() < max;
        id = id.add(BigInteger.ONE)) {
      out.add(job(id));
    }
    return out;
  }

  @Override
  public long jobCount() {
    return num(chain.view(market, Calls.view("jobCount")).get(0)).longValueExact();
  }

  @Override
  @SuppressWarnings("unchecked") // the decoder yields the array types the function declares
  public List<JobVerifier> verifiers(BigInteger jobId) {
    List<Type> v = chain.view(market, ComputeCalls.jobVerifiers(jobId));
    List<Type> accounts = (List<Type>) v.get(0).getValue();
    List<Type> committed = (List<Type>) v.get(1).getValue();
    List<Type> revealed = (List<Type>) v.get(2).getValue();
    List<Type> agreed = (List<Type>) v.get(3).getValue();
    List<Type> staked = (List<Type>) v.get(4).getValue();
    List<JobVerifier> out = new ArrayList<>();
    for (int i = 0; i < accounts.size(); i++) {
      out.add(
          new JobVerifier(
              Addresses.check((String) accounts.get(i).getValue(), "verifier"),
              (Boolean) committed.get(i).getValue(),
              (Boolean) revealed.get(i).getValue(),
              (Boolean) agreed.get(i).getValue(),
              (Boolean) staked.get(i).getValue()));
    }
    return out;
  }

  @Override
  public TxResult setComputeOffer(ComputeOfferTerms terms) {
    return Transactor.result(
        chain.send(registry, ComputeCalls.setComputeOffer(terms), BigInteger.ZERO));
  }

  @Override
  public Optional<ComputeOfferTerms> computeOffer(String provider) {
    String a = Addresses.check(provider, "provider");
    List<Type> o = chain.view(registry, ComputeCalls.computeOfferOf(a));
    boolean verifier = (Boolean) chain.view(registry, ComputeCalls.isVerifier(a)).get(0).getValue();
    int engines = num(o.get(0)).intValueExact();
    if (engines == 0 && !verifier) {
      return Optional.empty();
    }
    return Optional.of(
        new ComputeOfferTerms(
            engines,
            num(o.get(1)).intValueExact(),
            num(o.get(2)).longValueExact(),
            num(o.get(3)),
            (String) o.get(4).getValue(),
            verifier));
  }

  @Override
  public Reputation reputation(String provider, String token) {
    String t = token == null ? Addresses.ZERO : Addresses.check(token, "token");
    List<Type> r =
        chain.view(registry, ComputeCalls.reputationOf(Addresses.check(provider, "provider"), t));
    return new Reputation(
        num(r.get(0)),
        num(r.get(1)),
        num(r.get(2)).longValueExact(),
        num(r.get(3)).longValueExact());
  }

  @Override
  public long clientRejections(String client) {
    return num(chain
            .view(market, ComputeCalls.clientRejections(Addresses.check(client, "client")))
            .get(0))
        .longValueExact();
  }

  @Override
  public TxResult withdraw(String token) {
    String t = token == null ? Addresses.ZERO : Addresses.check(token, "token");
    return send(Calls.withdraw(t), BigInteger.ZERO);
  }

  @Override
  public BigInteger withdrawable(String address, String token) {
    String t = token == null ? Addresses.ZERO : Addresses.check(token, "token");
    return num(
        chain.view(market, Calls.withdrawable(Addresses.check(address, "account"), t)).get(0));
  }

  @Override
  public ComputeMarketParams params() {
    ComputeMarketParams p = params;
    if (p == null) {
      p =
          new ComputeMarketParams(
              integer("lookahead"),
              integer("collateralPercent"),
              integer("slashPercent"),
              integer("verifierFeePercent"),
              uint("stakePerJob"),
              uint("stakePerVerifier"),
              integer("minChallengeBlocks"),
              integer("commitBlocks"),
              integer("revealBlocks"),
              integer("maxVerifiers"));
      params = p;
    }
    return p;
  }

  private BigInteger uint(String name) {
    return num(chain.view(market, Calls.view(name)).get(0));
  }

  private int integer(String name) {
    return uint(name).intValueExact();
  }
}
