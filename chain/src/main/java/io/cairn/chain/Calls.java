package io.cairn.chain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Bool;
import org.web3j.abi.datatypes.DynamicBytes;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.abi.datatypes.generated.Uint32;
import org.web3j.abi.datatypes.generated.Uint64;
import org.web3j.abi.datatypes.generated.Uint8;

/**
 * The contracts' functions as web3j {@link Function}s: hand-written from the committed ABIs (the
 * ABI check test compiles the sources, and the chain tests call every function here).
 */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class Calls {
  private Calls() {}

  static Function fn(String name, List<Type> in, List<TypeReference<?>> out) {
    return new Function(name, in, out);
  }

  static String encode(Function f) {
    return FunctionEncoder.encode(f);
  }

  static Uint256 u256(BigInteger v) {
    return new Uint256(v);
  }

  static Uint256 u256(long v) {
    return new Uint256(BigInteger.valueOf(v));
  }

  static Address addr(String a) {
    return new Address(a);
  }

  static final TypeReference<Uint256> U256 = new TypeReference<>() {};
  static final TypeReference<Uint64> U64 = new TypeReference<>() {};
  static final TypeReference<Uint32> U32 = new TypeReference<>() {};
  static final TypeReference<Uint8> U8 = new TypeReference<>() {};
  static final TypeReference<Bool> BOOL = new TypeReference<>() {};
  static final TypeReference<Address> ADDRESS = new TypeReference<>() {};
  static final TypeReference<Utf8String> STRING = new TypeReference<>() {};
  static final TypeReference<DynamicBytes> BYTES = new TypeReference<>() {};
  static final TypeReference<org.web3j.abi.datatypes.DynamicArray<Uint256>> IDS =
      new TypeReference<>() {};

  static List<TypeReference<?>> out(TypeReference<?>... refs) {
    return Arrays.asList(refs);
  }

  // ---- ERC-20 -----------------------------------------------------------------------------------

  static Function balanceOf(String account) {
    return fn("balanceOf", List.of(addr(account)), out(U256));
  }

  static Function allowance(String owner, String spender) {
    return fn("allowance", List.of(addr(owner), addr(spender)), out(U256));
  }

  static Function approve(String spender, BigInteger amount) {
    return fn("approve", List.of(addr(spender), u256(amount)), out(BOOL));
  }

  static Function mint(String to, BigInteger amount) {
    return fn("mint", List.of(addr(to), u256(amount)), out());
  }

  // ---- registry ---------------------------------------------------------------------------------

  static Function offer(String name, ProviderOffer o) {
    return fn(
        name,
        List.of(
            new Utf8String(o.peerId()),
            new Utf8String(o.endpoints()),
            new Uint64(o.capacityBytes()),
            u256(o.pricePerTiBPerPeriod()),
            new Utf8String(o.gpuModel()),
            new Uint64(o.gpuMemoryBytes()),
            u256(o.gpuPricePerHour())),
        out());
  }

  static Function noArgs(String name) {
    return fn(name, List.of(), out());
  }

  static Function setMarkets(String storageMarket, String computeMarket) {
    return fn("setMarkets", List.of(addr(storageMarket), addr(computeMarket)), out());
  }

  static Function offerOf(String provider) {
    return fn(
        "offerOf", List.of(addr(provider)), out(STRING, STRING, U64, U256, STRING, U64, U256));
  }

  static Function statusOf(String provider) {
    return fn(
        "statusOf", List.of(addr(provider)), out(BOOL, BOOL, U256, U32, U64, U64, U64, U64, U256));
  }

  static Function providerAt(long index) {
    return fn("providerAt", List.of(u256(index)), out(ADDRESS));
  }

  static Function view(String name) {
    return fn(name, List.of(), out(U256));
  }

  // ---- market -----------------------------------------------------------------------------------

  static Function openDeal(
      byte[] pieceCid, int periods, BigInteger price, String provider, String token) {
    return fn(
        "openDeal",
        List.of(
            new DynamicBytes(pieceCid),
            new Uint64(periods),
            u256(price),
            addr(provider),
            addr(token)),
        out(U256));
  }

  static Function dealAction(String name, BigInteger dealId) {
    return fn(name, List.of(u256(dealId)), out());
  }

  static Function withdraw(String token) {
    return fn("withdraw", List.of(addr(token)), out());
  }

  static Function withdrawable(String account, String token) {
    return fn("withdrawable", List.of(addr(account), addr(token)), out(U256));
  }

  static Function isProven(long setId, long period) {
    return fn("isProven", List.of(u256(setId), u256(period)), out(BOOL));
  }

  static Function dealPeriods(BigInteger dealId) {
    return fn(
        "dealPeriods",
        List.of(u256(dealId)),
        out(U64, U64, U64, U64, BOOL, U256, U256, ADDRESS, U64));
  }

  static Function setOf(String provider, String client) {
    return fn("setOf", List.of(addr(provider), addr(client)), out(U256));
  }

  static Function setsOf(String provider) {
    return fn("setsOf", List.of(addr(provider)), out(IDS));
  }

  static Function pendingRemovals(long setId) {
    return fn("pendingRemovals", List.of(u256(setId)), out(IDS));
  }

  static Function consentProvider(BigInteger dealId, String expected) {
    return fn("consentProvider", List.of(u256(dealId), addr(expected)), out());
  }

  static Function setStatus(long setId) {
    return fn("setStatus", List.of(u256(setId)), out(ADDRESS, U64, U64, U64, U32));
  }

  static Function pieceAt(long setId, long index) {
    return fn("pieceAt", List.of(u256(setId), u256(index)), out(U256, U64));
  }

  static Function proposeProvider(BigInteger dealId, String provider) {
    return fn("proposeProvider", List.of(u256(dealId), addr(provider)), out());
  }

  static Function setStorageTerms(long maxPeriods, long minPieceBytes, int maxDealsInFlight) {
    return fn(
        "setStorageTerms",
        List.of(new Uint64(maxPeriods), new Uint64(minPieceBytes), new Uint32(maxDealsInFlight)),
        out());
  }

  static Function storageTermsOf(String provider) {
    return fn("storageTermsOf", List.of(addr(provider)), out(U256, U64, U64, U32));
  }

  static Function dealParties(BigInteger dealId) {
    return fn("dealParties", List.of(u256(dealId)), out(ADDRESS, ADDRESS, ADDRESS, BYTES));
  }

  static Function dealStatus(BigInteger dealId) {
    return fn(
        "dealStatus",
        List.of(u256(dealId)),
        out(U8, U64, U64, U256, U64, U256, U32, U32, U32, U256, U256));
  }
}
