package io.cairn.chain;

import static io.cairn.chain.Calls.ADDRESS;
import static io.cairn.chain.Calls.BOOL;
import static io.cairn.chain.Calls.BYTES;
import static io.cairn.chain.Calls.STRING;
import static io.cairn.chain.Calls.U256;
import static io.cairn.chain.Calls.U32;
import static io.cairn.chain.Calls.U64;
import static io.cairn.chain.Calls.U8;
import static io.cairn.chain.Calls.addr;
import static io.cairn.chain.Calls.fn;
import static io.cairn.chain.Calls.out;
import static io.cairn.chain.Calls.u256;

import java.math.BigInteger;
import java.util.List;
import org.web3j.abi.TypeEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.StaticStruct;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/** The compute market's functions as web3j {@link Function}s, hand-written from its ABI. */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class ComputeCalls {
  private ComputeCalls() {}

  static final TypeReference<Bytes32> B32 = new TypeReference<>() {};

  static Bytes32 b32(byte[] b) {
    if (b == null || b.length != 32) {
      throw new IllegalArgumentException("expected 32 bytes, got " + (b == null ? 0 : b.length));
    }
    return new Bytes32(b);
  }

  static Function postJob(JobPosting p) {
    JobRequirements r = p.requirements();
    StaticStruct req =
        new StaticStruct(
            new Uint8(r.engine()),
            new Uint32(r.cpuCores()),
            new Uint64(r.memoryBytes()),
            b32(r.gpuModelHash()),
            new Uint64(r.gpuMemoryBytes()),
            b32(r.energySourceHash()));
    return fn(
        "postJob",
        List.of(
            new DynamicBytes(p.specCid()),
            req,
            u256(p.price()),
            addr(p.token()),
            new Uint64(p.deadlineBlocks()),
            new Uint64(p.challengeBlocks()),
            new Uint8(p.verifiers())),
        out(U256));
  }

  static Function jobAction(String name, BigInteger jobId) {
    return fn(name, List.of(u256(jobId)), out());
  }

  static Function submitResult(
      BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] receiptHash) {
    return fn(
        "submitResult",
        List.of(u256(jobId), new DynamicBytes(outputCid), new Uint64(fuelUsed), b32(receiptHash)),
        out());
  }

  static Function drawVerifiers(BigInteger jobId, byte[] header) {
    return fn("drawVerifiers", List.of(u256(jobId), new DynamicBytes(header)), out());
  }

  static Function commitResult(BigInteger jobId, byte[] commitment) {
    return fn("commitResult", List.of(u256(jobId), b32(commitment)), out());
  }

  static Function revealResult(BigInteger jobId, byte[] outputCid, long fuelUsed, byte[] salt) {
    return fn(
        "revealResult",
        List.of(u256(jobId), new DynamicBytes(outputCid), new Uint64(fuelUsed), b32(salt)),
        out());
  }

  /** keccak256(abi.encode(jobId, verifier, keccak256(outputCid), fuelUsed, salt)). */
  static byte[] commitment(
      BigInteger jobId, String verifier, byte[] outputCid, long fuelUsed, byte[] salt) {
    String encoded =
        TypeEncoder.encode(u256(jobId))
            + TypeEncoder.encode(addr(Addresses.check(verifier, "verifier")))
            + TypeEncoder.encode(b32(Hash.sha3(outputCid)))
            + TypeEncoder.encode(new Uint64(fuelUsed))
            + TypeEncoder.encode(b32(salt));
    return Hash.sha3(Numeric.hexStringToByteArray(encoded));
  }

  /** job(id): parties and money. */
  static Function jobParties(BigInteger jobId) {
    return fn(
        "jobParties",
        List.of(u256(jobId)),
        out(ADDRESS, ADDRESS, ADDRESS, U8, U256, U256, ADDRESS, U256));
  }

  /** job(id): requirements and blocks. */
  static Function jobTerms(BigInteger jobId) {
    return fn(
        "jobTerms",
        List.of(u256(jobId)),
        out(U8, U32, U64, B32, U64, B32, U64, U64, U64, U64, U8, U64, U64, U64));
  }

  /** job(id): spec, result and receipt. */
  static Function jobResult(BigInteger jobId) {
    return fn("jobResult", List.of(u256(jobId)), out(BYTES, BYTES, U64, B32));
  }

  static Function jobVerifiers(BigInteger jobId) {
    return fn(
        "jobVerifiers",
        List.of(u256(jobId)),
        out(
            new TypeReference<DynamicArray<org.web3j.abi.datatypes.Address>>() {},
            new TypeReference<DynamicArray<Bool>>() {},
            new TypeReference<DynamicArray<Bool>>() {},
            new TypeReference<DynamicArray<Bool>>() {},
            new TypeReference<DynamicArray<Bool>>() {}));
  }

  static Function disputeBond(BigInteger jobId) {
    return fn("disputeBond", List.of(u256(jobId)), out(U256));
  }

  static Function clientRejections(String client) {
    return fn("clientRejections", List.of(addr(client)), out(U256));
  }

  static Function setComputeOffer(ComputeOfferTerms t) {
    return fn(
        "setComputeOffer",
        List.of(
            new Uint8(t.engines()),
            new Uint32(t.cpuCores()),
            new Uint64(t.memoryBytes()),
            u256(t.minJobPrice()),
            new Utf8String(t.energySource()),
            new Bool(t.verifier())),
        out());
  }

  static Function computeOfferOf(String provider) {
    return fn("computeOfferOf", List.of(addr(provider)), out(U8, U32, U64, U256, STRING, B32, U64));
  }

  static Function isVerifier(String provider) {
    return fn("isVerifier", List.of(addr(provider)), out(BOOL));
  }

  static Function reputationOf(String provider, String token) {
    return fn("reputationOf", List.of(addr(provider), addr(token)), out(U256, U256, U64, U64));
  }
}
