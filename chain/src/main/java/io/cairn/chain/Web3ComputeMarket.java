package io.cairn.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/** {@link ComputeMarketClient} over the same web3j connection as its {@link Web3ChainClient}. */
final class Web3ComputeMarket implements ComputeMarketClient {
  private final Web3ChainClient chain;

  Web3ComputeMarket(Web3ChainClient chain) {
    this.chain = chain;
  }

  private static UnsupportedOperationException notYet() {
    return new UnsupportedOperationException("the compute market client is not written yet");
  }

  @Override
  public MarketJob post(JobPosting posting) {
    throw notYet();
  }

  @Override
  public TxResult cancel(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult claim(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult submitResult(
      BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] receiptHash) {
    throw notYet();
  }

  @Override
  public TxResult expire(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult finalizeJob(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult dispute(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult drawVerifiers(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult commitResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt) {
    throw notYet();
  }

  @Override
  public TxResult revealResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt) {
    throw notYet();
  }

  @Override
  public TxResult resolveDispute(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult acceptResult(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult rejectResult(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public MarketJob job(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public List<MarketJob> jobs(BigInteger fromId, int max) {
    throw notYet();
  }

  @Override
  public long jobCount() {
    throw notYet();
  }

  @Override
  public List<JobVerifier> verifiers(BigInteger jobId) {
    throw notYet();
  }

  @Override
  public TxResult setComputeOffer(ComputeOfferTerms terms) {
    throw notYet();
  }

  @Override
  public Optional<ComputeOfferTerms> computeOffer(String provider) {
    throw notYet();
  }

  @Override
  public Reputation reputation(String provider, String token) {
    throw notYet();
  }

  @Override
  public long clientRejections(String client) {
    throw notYet();
  }

  @Override
  public TxResult withdraw(String token) {
    throw notYet();
  }

  @Override
  public BigInteger withdrawable(String address, String token) {
    throw notYet();
  }

  @Override
  public ComputeMarketParams params() {
    throw notYet();
  }
}
