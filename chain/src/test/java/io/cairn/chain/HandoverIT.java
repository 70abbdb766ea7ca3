package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.web3j.abi.datatypes.Type;

/**
 * A deal that changes hands twice, A to B and back to A, before A took its first copy of the piece
 * out of its set: A's set then holds the piece twice, and once the deal has ended A can remove only
 * one of them. The other stays in A's set for good: its leaves keep counting in A's challenge
 * range, so A must keep storing and proving a piece nobody pays for.
 */
@Tag("chain")
// web3j's ABI API returns the raw Type
@SuppressWarnings("rawtypes")
class HandoverIT {
  /** Opens a four-period deal with {@code a} for {@code piece} and has {@code a} accept it. */
  private static BigInteger accepted(DevChain chain, ChainClient a, DevChain.Piece piece) {
    BigInteger x =
        chain
            .client
            .openDeal(
                new DealTerms(
                    piece.cid(), 4, ETHER.divide(BigInteger.valueOf(1000)), a.address(), true))
            .id();
    a.acceptDeal(x);
    return x;
  }

  /** {@code from} hands deal {@code x} to {@code to} with the client's consent. */
  private static void handOver(DevChain chain, BigInteger x, ChainClient from, ChainClient to) {
    from.proposeProvider(x, to.address());
    chain.client.consentProvider(x);
    to.takeOverDeal(x);
  }

  @Test
  @Disabled(
      "StorageMarket._remove finds a deal's piece only at deal.pieceIndex or, for the previous"
          + " provider, at the handover's previousIndex: a piece left in a set before a second"
          + " change of provider can never be removed")
  void aProviderEmptiesItsSetAfterADealWentToAnotherProviderAndCameBack() {
    try (DevChain chain = new DevChain(MarketParams.dev());
        ChainClient b = chain.connect(4)) {
      ChainClient a = chain.provider;
      chain.registerProvider();
      b.registerProvider(DevChain.offer("12D3KooWOtherProvider"), ETHER);
      DevChain.Piece piece = DevChain.piece(61, 3000);
      BigInteger x = accepted(chain, a, piece);
      long first = a.deal(x).firstPeriod();
      Map<BigInteger, DevChain.Piece> pieces = Map.of(x, piece);

      // A hands the deal to B at once; B proves the first period, and it is settled
      handOver(chain, x, a, b);
      chain.proveSet(b, first, pieces, List.of());
      chain.stranger.settle(x);
      // within the same window, before A proved (and so removed) its copy, B hands it back
      handOver(chain, x, b, a);
      assertThat(a.deal(x).provider()).isEqualTo(a.address());

      // A serves the rest and removes the deal's piece with its last proof
      for (long k = first + 1; k < first + 4; k++) {
        chain.proveSet(a, k, pieces, k == first + 3 ? List.of(x) : List.of());
      }
      chain.mineTo(chain.genesis() + (first + 4) * chain.params.periodBlocks());
      chain.stranger.settle(x);
      assertThat(a.deal(x).state()).isEqualTo(DealState.ENDED);

      long set = a.setOf(a.address());
      List<Type> status =
          ((Web3ChainClient) a).view(chain.deployment.market(), Calls.setStatus(set));
      assertThat(((BigInteger) status.get(2).getValue()).longValueExact())
          .as("leaves left in the set of a provider whose only deal has ended and been removed")
          .isZero();
    }
  }

  @Test
  @Disabled(
      "StorageMarket._end judges a deal failed on all its faulted periods, the previous"
          + " provider's included, and slashes only the provider at the end; _switch always ends"
          + " the previous provider's part well")
  void theProviderThatFaultedIsTheOneSlashedWhenItHandsTheDealOver() {
    try (DevChain chain = new DevChain(MarketParams.dev());
        ChainClient b = chain.connect(4)) {
      ChainClient a = chain.provider;
      chain.registerProvider();
      b.registerProvider(DevChain.offer("12D3KooWOtherProvider"), ETHER);
      DevChain.Piece piece = DevChain.piece(62, 3000);
      BigInteger x = accepted(chain, a, piece);
      long first = a.deal(x).firstPeriod();
      // A proves none of the three periods it serves, then hands over the last one to B
      chain.mineTo(chain.genesis() + (first + 2) * chain.params.periodBlocks());
      handOver(chain, x, a, b);
      chain.proveSet(b, first + 3, Map.of(x, piece), List.of());
      chain.mineTo(chain.genesis() + (first + 4) * chain.params.periodBlocks());
      chain.stranger.settle(x);
      DealInfo d = a.deal(x);
      assertThat(d.state()).isEqualTo(DealState.ENDED);
      assertThat(d.periodsFaulted()).isEqualTo(3);
      ProviderInfo faulty = a.provider(a.address()).orElseThrow();
      ProviderInfo served = b.provider(b.address()).orElseThrow();
      assertThat(served.dealsFailed())
          .as("deals failed by B, which proved its one period")
          .isZero();
      assertThat(served.stake()).as("B's stake").isEqualTo(ETHER);
      assertThat(faulty.dealsFailed()).as("deals failed by A, which faulted all three").isOne();
    }
  }
}
