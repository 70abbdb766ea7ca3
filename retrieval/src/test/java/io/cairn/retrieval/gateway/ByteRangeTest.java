package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ByteRangeTest {
  @Test
  void parsesTheThreeSingleRangeForms() {
    assertThat(ByteRange.parse("bytes=6-16", 31)).isEqualTo(new ByteRange(6, 16, 31));
    assertThat(ByteRange.parse("bytes=6-", 31)).isEqualTo(new ByteRange(6, 30, 31));
    assertThat(ByteRange.parse("bytes=-3", 31)).isEqualTo(new ByteRange(28, 30, 31));
    assertThat(ByteRange.parse("bytes=28-30", 31).contentRange()).isEqualTo("bytes 28-30/31");
  }

  @Test
  void clampsRangesPastTheEnd() {
    assertThat(ByteRange.parse("bytes=10-1000", 31)).isEqualTo(new ByteRange(10, 30, 31));
    assertThat(ByteRange.parse("bytes=-1000", 31)).isEqualTo(new ByteRange(0, 30, 31));
  }

  @Test
  void servesTheFirstSatisfiableOfSeveralRanges() {
    assertThat(ByteRange.parse("bytes=6-16, 0-4", 31)).isEqualTo(new ByteRange(6, 16, 31));
    assertThat(ByteRange.parse("bytes=100-200,0-1", 20)).isEqualTo(new ByteRange(0, 1, 20));
    assertThat(ByteRange.parse("bytes=-0, 3-", 20)).isEqualTo(new ByteRange(3, 19, 20));
  }

  @Test
  void otherUnitsAndInvalidRangesAreIgnored() {
    // RFC 9110 §14.2: an unknown range unit is ignored, and so may be an invalid range.
    assertThat(ByteRange.parse("items=0-1", 31)).isNull();
    assertThat(ByteRange.parse("bytes=5-2", 31)).isNull();
    assertThat(ByteRange.parse("bytes=0-1, 5-2", 31)).isNull();
  }

  @Test
  void noRangeHeaderOrAnEmptyRepresentationMeansTheWholeThing() {
    assertThat(ByteRange.parse(null, 31)).isNull();
    assertThat(ByteRange.parse("bytes=0-10", 0)).isNull();
  }

  @Test
  void unsatisfiableRangesAre416WithTheSize() {
    assertThatThrownBy(() -> ByteRange.parse("bytes=31-", 31))
        .isInstanceOfSatisfying(
            GatewayException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(416);
              assertThat(e.headers()).containsValue("bytes */31");
            });
    assertThatThrownBy(() -> ByteRange.parse("bytes=100-200, 40-", 20))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(416));
    assertThatThrownBy(() -> ByteRange.parse("bytes=-0", 31))
        .isInstanceOfSatisfying(
            GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(416));
  }

  @Test
  void malformedRangesAre400() {
    for (String bad :
        new String[] {"bytes=a-b", "bytes", "bytes=", "bytes=1", "bytes=--1", "bytes=0-1,x"}) {
      assertThatThrownBy(() -> ByteRange.parse(bad, 31))
          .as(bad)
          .isInstanceOfSatisfying(
              GatewayException.class, e -> assertThat(e.status().code()).isEqualTo(400));
    }
  }
}
