package io.cairn.chain;

import static io.cairn.chain.DevChain.ETHER;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A market without a notice period (0 is a valid {@code noticePeriods}): a deal terminated in the
 * period it was accepted in keeps none of its periods, and must still end, its stake unlocked.
 */
@Tag("chain")
class NoNoticeIT {
  @Test
  void aDealTerminatedBeforeItsFirstPeriodEndsAndUnlocksTheStake() {
    MarketParams noNotice =
        new MarketParams(20, 10, 5, 50, 50, 0, 50, 2, MarketParams.dev().stakePerDeal(), 0);
    try (DevChain chain = new DevChain(noNotice)) {
      chain.registerProvider();
      DevChain.Piece piece = DevChain.piece(71, 3000);
      BigInteger x =
          chain
              .client
              .openDeal(
                  new DealTerms(
                      piece.cid(),
                      3,
                      ETHER.divide(BigInteger.valueOf(1000)),
                      chain.provider.address(),
                      true))
              .id();
      chain.provider.acceptDeal(x);
      long first = chain.provider.deal(x).firstPeriod();
      chain.client.terminateDeal(x);
      assertThat(chain.provider.deal(x).endPeriod()).isEqualTo(first);

      chain.mineTo(chain.genesis() + (first + 1) * noNotice.periodBlocks());
      if (chain.provider.deal(x).state() == DealState.ACTIVE) {
        chain.stranger.settle(x);
      }
      DealInfo d = chain.provider.deal(x);
      assertThat(d.state()).as("a deal left with no period").isEqualTo(DealState.ENDED);
      assertThat(d.escrowLeft()).isZero();
      ProviderInfo p = chain.provider.provider(chain.provider.address()).orElseThrow();
      assertThat(p.dealsCompleted()).isOne();
      chain.provider.retireProvider();
      chain.provider.withdrawStake();
    }
  }
}
