package io.cairn.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;

/**
 * The compute market on an EVM chain, seen by one account (from {@link ChainClient#compute()}):
 * clients post jobs with the price escrowed, providers whose compute offer matches claim them with
 * collateral and submit results, and a result stands once its challenge window closes. A WASM
 * result may be disputed: verifiers drawn from the registry re-execute the job, commit and then
 * reveal their results, and the majority decides. CUDA results are not reproducible across GPUs, so
 * they are never checked: the client accepts or rejects them. Methods block until the transaction
 * is mined; a revert surfaces as a {@link ChainException} naming the contract's custom error.
 * Payments are credited in the market and withdrawn with {@link ChainClient#withdraw}-style {@link
 * #withdraw}.
 */
public interface ComputeMarketClient {
  /** Posts a job, approving the token first when needed; the price is escrowed. */
  MarketJob post(JobPosting posting);

  /** Cancels an unclaimed job of this account; the price becomes withdrawable. */
  TxResult cancel(BigInteger jobId);

  /** Claims a job for this provider, locking the collateral (approved first) and stake. */
  TxResult claim(BigInteger jobId);

  TxResult submitResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] receiptHash);

  /** Ends a job whose provider missed the deadline (anyone may). */
  TxResult expire(BigInteger jobId);

  /** Pays the provider once the challenge window has closed undisputed (anyone may). */
  TxResult finalizeJob(BigInteger jobId);

  /** Disputes a WASM result within its window, posting the bond (approved first). */
  TxResult dispute(BigInteger jobId);

  /**
   * The bond a dispute of this job takes: its collateral, and at least a tenth of its price (so a
   * market without collateral does not make disputes free).
   */
  BigInteger disputeBond(BigInteger jobId);

  /**
   * Draws the verifiers of a disputed job once its draw block is mined (anyone may), within 512
   * blocks of the dispute (the registry's {@code VERIFIER_EXIT_BLOCKS}); later, the dispute ends
   * with no decision and nobody is drawn.
   */
  TxResult drawVerifiers(BigInteger jobId);

  /** Commits this verifier's result, hidden by {@code salt} (32 bytes). */
  TxResult commitResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt);

  /** Reveals the result committed with {@code salt}. */
  TxResult revealResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt);

  /** Settles a dispute once all verifiers revealed or the reveal phase ended (anyone may). */
  TxResult resolveDispute(BigInteger jobId);

  /** The client accepts a CUDA result: the provider is paid at once. */
  TxResult acceptResult(BigInteger jobId);

  /** The client rejects a CUDA result within the window: refunded, nobody slashed. */
  TxResult rejectResult(BigInteger jobId);

  /**
   * A job.
   *
   * @throws ChainException ({@code UnknownJob}) when there is none with that ID
   */
  MarketJob job(BigInteger jobId);

  /** Up to {@code max} jobs from {@code fromId} on, by ID. */
  List<MarketJob> jobs(BigInteger fromId, int max);

  /** Jobs posted so far; IDs run from 1. */
  long jobCount();

  /** The verifiers drawn for a disputed job, in draw order. */
  List<JobVerifier> verifiers(BigInteger jobId);

  /** Sets this provider's compute offer in the registry. */
  TxResult setComputeOffer(ComputeOfferTerms terms);

  /** A provider's compute offer, empty when it offers no engine and does not verify. */
  Optional<ComputeOfferTerms> computeOffer(String provider);

  /** A provider's compute reputation in {@code token} ({@code null}: native). */
  Reputation reputation(String provider, String token);

  /** CUDA results the client rejected, for providers to weigh before claiming its jobs. */
  long clientRejections(String client);

  /** Withdraws what the compute market holds for this account in {@code token} (null: native). */
  TxResult withdraw(String token);

  BigInteger withdrawable(String address, String token);

  ComputeMarketParams params();

  /** The commitment {@link #commitResult} sends: keccak256(abi.encode(jobId, verifier, …)). */
  static byte[] commitment(
      BigInteger jobId, String verifier, byte[] outputCid, long fuelUsed, byte[] salt) {
    return ComputeCalls.commitment(jobId, verifier, outputCid, fuelUsed, salt);
  }
}
