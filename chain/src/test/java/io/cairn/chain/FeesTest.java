package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigInteger;
import org.junit.jupiter.api.Test;

/** The fees of a first send and of a replacement. */
class FeesTest {
  private static final BigInteger GWEI = BigInteger.TEN.pow(9);

  private static BigInteger gwei(long n) {
    return GWEI.multiply(BigInteger.valueOf(n));
  }

  @Test
  void aFirstSendOffersTwiceTheBaseFeePlusTheTip() {
    assertThat(Fees.initial(gwei(10), gwei(1))).isEqualTo(new Fees(gwei(1), gwei(21)));
  }

  @Test
  void aReplacementRaisesBothFeesByAnEighthRoundedUp() {
    Fees bumped =
        new Fees(BigInteger.valueOf(9), BigInteger.valueOf(17))
            .bumped(BigInteger.ONE, BigInteger.ONE);
    // 9 × 1.125 = 10.125 and 17 × 1.125 = 19.125, rounded up: both over the 10 % nodes require.
    assertThat(bumped).isEqualTo(new Fees(BigInteger.valueOf(11), BigInteger.valueOf(20)));
  }

  @Test
  void aReplacementCoversTwiceTheNextBaseFeeAndTheSuggestedTip() {
    Fees bumped = new Fees(gwei(1), gwei(3)).bumped(gwei(100), gwei(2));
    assertThat(bumped).isEqualTo(new Fees(gwei(2), gwei(202)));
  }

  @Test
  void feesWithATipOverTheMaxFeeAreRefused() {
    assertThatThrownBy(() -> new Fees(gwei(2), gwei(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("tip <= max fee");
  }

  @Test
  void feesOverTheCapPerGasAreLoweredToItWithTheTipAtMostTheMaxFee() {
    assertThat(new Fees(gwei(1), gwei(21)).cappedAt(gwei(15)))
        .isEqualTo(new Fees(gwei(1), gwei(15)));
    assertThat(new Fees(gwei(5), gwei(21)).cappedAt(gwei(3))).isEqualTo(new Fees(gwei(3), gwei(3)));
    assertThat(new Fees(gwei(1), gwei(21)).cappedAt(gwei(21)))
        .isEqualTo(new Fees(gwei(1), gwei(21)));
  }

  @Test
  void aReplacementMustRaiseBothFeesByAnEighth() {
    Fees sent = new Fees(BigInteger.valueOf(8), BigInteger.valueOf(16));
    assertThat(new Fees(BigInteger.valueOf(9), BigInteger.valueOf(18)).replaces(sent)).isTrue();
    assertThat(new Fees(BigInteger.valueOf(9), BigInteger.valueOf(17)).replaces(sent)).isFalse();
    assertThat(new Fees(BigInteger.valueOf(8), BigInteger.valueOf(18)).replaces(sent)).isFalse();
    assertThat(sent.replaces(sent)).isFalse();
  }
}
