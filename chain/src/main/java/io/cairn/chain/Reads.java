package io.cairn.chain;

import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.datatypes.Type;

/** Decodes the registry's and market's views into records. */
// web3j's ABI API takes and returns the raw Type
@SuppressWarnings("rawtypes")
final class Reads {
  private Reads() {}

  static Optional<ProviderInfo> provider(Web3ChainClient c, String address) {
    List<Type> s = c.view(c.deployment().registry(), Calls.statusOf(address));
    if (!(Boolean) s.get(0).getValue()) {
      return Optional.empty();
    }
    List<Type> o = c.view(c.deployment().registry(), Calls.offerOf(address));
    ProviderOffer offer =
        new ProviderOffer(
            (String) o.get(0).getValue(),
            (String) o.get(1).getValue(),
            num(o.get(2)).longValueExact(),
            num(o.get(3)),
            (String) o.get(4).getValue(),
            num(o.get(5)).longValueExact(),
            num(o.get(6)));
    return Optional.of(
        new ProviderInfo(
            address,
            offer,
            num(s.get(2)),
            (Boolean) s.get(1).getValue(),
            num(s.get(4)).longValueExact(),
            num(s.get(5)).longValueExact(),
            num(s.get(6)).longValueExact(),
            num(s.get(7)).longValueExact()));
  }

  static DealInfo deal(Web3ChainClient c, BigInteger dealId) {
    String market = c.deployment().market();
    List<Type> p = c.view(market, Calls.dealParties(dealId));
    List<Type> s = c.view(market, Calls.dealStatus(dealId));
    return new DealInfo(
        dealId,
        Addresses.check((String) p.get(0).getValue(), "client"),
        Addresses.check((String) p.get(1).getValue(), "provider"),
        PieceCids.toText((byte[]) p.get(3).getValue()),
        num(s.get(1)).longValueExact(),
        num(s.get(2)).intValueExact(),
        num(s.get(3)),
        Addresses.check((String) p.get(2).getValue(), "token"),
        DealState.values()[num(s.get(0)).intValueExact()],
        num(s.get(4)).longValueExact(),
        num(s.get(5)),
        num(s.get(6)).intValueExact(),
        num(s.get(7)).intValueExact(),
        num(s.get(8)).intValueExact(),
        num(s.get(9)),
        num(s.get(10)));
  }

  private static BigInteger num(Type t) {
    return (BigInteger) t.getValue();
  }

  /**
   * The challenge open for a proof mined in block {@code next}: the period whose window holds that
   * block, unless it is already proven.
   */
  static Optional<Challenge> challenge(Web3ChainClient c, DealInfo d, long next) {
    if (d.state() != DealState.ACTIVE) {
      return Optional.empty();
    }
    MarketParams params = c.params();
    long start = d.startBlock();
    long period = params.periodBlocks();
    if (next <= start) {
      return Optional.empty();
    }
    long k = (next - start - 1) / period;
    long seedBlock = start + k * period + period - params.windowBlocks();
    if (k >= d.periods() || next <= seedBlock) {
      return Optional.empty();
    }
    if ((Boolean) c.view(c.deployment().market(), Calls.isProven(d.id(), k)).get(0).getValue()) {
      return Optional.empty();
    }
    return Optional.of(
        new Challenge(
            d.id(),
            (int) k,
            c.blockHash(seedBlock),
            seedBlock,
            start + (k + 1) * period,
            params.challengesPerProof()));
  }
}
