package io.cairn.chain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
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
            num(s.get(7)).longValueExact(),
            num(s.get(8))));
  }

  static DealInfo deal(Web3ChainClient c, BigInteger dealId) {
    String market = c.deployment().market();
    List<Type> p = c.view(market, Calls.dealParties(dealId));
    List<Type> s = c.view(market, Calls.dealStatus(dealId));
    List<Type> q = c.view(market, Calls.dealPeriods(dealId));
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
        num(s.get(10)),
        num(q.get(0)).longValueExact(),
        num(q.get(2)).longValueExact(),
        num(q.get(3)).longValueExact(),
        num(q.get(5)),
        (Boolean) q.get(4).getValue());
  }

  static StorageTerms storageTerms(Web3ChainClient c, String provider) {
    List<Type> t = c.view(c.deployment().registry(), Calls.storageTermsOf(provider));
    return new StorageTerms(
        num(t.get(0)),
        num(t.get(1)).longValueExact(),
        num(t.get(2)).longValueExact(),
        num(t.get(3)).intValueExact());
  }

  static long setOf(Web3ChainClient c, String provider, String client) {
    return num(c.view(c.deployment().market(), Calls.setOf(provider, client)).get(0))
        .longValueExact();
  }

  static List<Long> setsOf(Web3ChainClient c, String provider) {
    return ids(c.view(c.deployment().market(), Calls.setsOf(provider)).get(0)).stream()
        .map(BigInteger::longValueExact)
        .toList();
  }

  private static List<BigInteger> ids(Type array) {
    List<BigInteger> out = new ArrayList<>();
    for (Object t : (List<?>) array.getValue()) {
      out.add(num((Type) t));
    }
    return out;
  }

  private static BigInteger num(Type t) {
    return (BigInteger) t.getValue();
  }

  /**
   * The challenge open for a proof of set {@code setId} mined in block {@code next}: the period
   * whose window holds that block, unless the set has nothing to prove or it is already proven. The
   * pieces are read from the set's views: one call per piece appended; the pieces that taking the
   * period's range removes (their deals over) are left out, as the proof will find them.
   */
  static Optional<Challenge> challenge(Web3ChainClient c, long setId, long next) {
    if (setId == 0) {
      return Optional.empty();
    }
    String market = c.deployment().market();
    MarketParams params = c.params();
    long genesis = c.genesisBlock();
    long k = params.periodOf(genesis, next);
    long seedBlock = params.seedBlock(genesis, k);
    if (next <= seedBlock) {
      return Optional.empty();
    }
    if ((Boolean) c.view(market, Calls.isProven(setId, k)).get(0).getValue()) {
      return Optional.empty();
    }
    List<Type> s = c.view(market, Calls.setStatus(setId));
    long count = num(s.get(1)).longValueExact();
    long range = num(s.get(3)).longValueExact();
    if (range == 0) {
      return Optional.empty();
    }
    Set<BigInteger> leaving =
        new HashSet<>(ids(c.view(market, Calls.pendingRemovals(setId)).get(0)));
    List<SetPiece> pieces = new ArrayList<>();
    long sum = 0;
    for (long i = 1; i <= count && sum < range; i++) {
      List<Type> p = c.view(market, Calls.pieceAt(setId, i));
      long leaves = num(p.get(1)).longValueExact();
      BigInteger dealId = num(p.get(0));
      if (leaves == 0 || leaving.contains(dealId)) {
        continue;
      }
      String cid =
          PieceCids.toText((byte[]) c.view(market, Calls.dealParties(dealId)).get(3).getValue());
      pieces.add(new SetPiece(i, dealId, cid, leaves));
      sum += leaves;
    }
    byte[] header = c.header(seedBlock);
    return Optional.of(
        new Challenge(
            setId,
            k,
            mixHash(header),
            header,
            seedBlock,
            params.windowEnd(genesis, k),
            params.challengesPerProof(),
            range,
            pieces));
  }

  /** Field 13 ({@code mixHash}, the {@code prevrandao}) of an RLP block header. */
  static byte[] mixHash(byte[] header) {
    int p = 1 + ((header[0] & 0xff) - 0xf7);
    for (int field = 0; field < 13; field++) {
      int x = header[p] & 0xff;
      if (x < 0x80) {
        p += 1;
      } else if (x < 0xb8) {
        p += 1 + (x - 0x80);
      } else {
        int n = x - 0xb7;
        int len =
            new BigInteger(1, java.util.Arrays.copyOfRange(header, p + 1, p + 1 + n))
                .intValueExact();
        p += 1 + n + len;
      }
    }
    if ((header[p] & 0xff) != 0xa0) {
      throw new ChainException("block header has no 32-byte mixHash", null, null);
    }
    return java.util.Arrays.copyOfRange(header, p + 1, p + 33);
  }
}
