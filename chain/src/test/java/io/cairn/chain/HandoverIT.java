package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A change of provider judges each provider on the periods it served: a provider that faulted the
 * periods it served and then handed the deal over must not leave its faults to the new provider,
 * whose stake the deal's end slashes, while its own part counts as completed.
 */
@Tag("chain")
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
    chain.client.consentProvider(x, to.address());
    to.takeOverDeal(x);
  }

  @Test
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
      chain.proveSet(b, first + 3, Map.of(x, piece));
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
