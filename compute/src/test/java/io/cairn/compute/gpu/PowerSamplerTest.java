package io.cairn.compute.gpu;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.gpu.PowerSampler.Sample;
import java.util.List;
import org.junit.jupiter.api.Test;

class PowerSamplerTest {
  @Test
  void energyIsTheMeanPowerOfTheSamplesInTheRunTimesItsLength() {
    List<Sample> samples =
        List.of(
            new Sample(0, 500), // before the run: left out
            new Sample(1_000_000_000L, 100),
            new Sample(1_500_000_000L, 300),
            new Sample(5_000_000_000L, 900)); // after: left out
    // mean 200 W over 2 s = 400 J
    assertThat(PowerSampler.energy(samples, 1_000_000_000L, 3_000_000_000L)).hasValue(400_000);
  }

  @Test
  void aRunWithNoSampleInItIsNotMeasured() {
    List<Sample> samples = List.of(new Sample(0, 500), new Sample(9_000_000_000L, 100));
    assertThat(PowerSampler.energy(samples, 1_000_000_000L, 3_000_000_000L)).isEmpty();
    assertThat(PowerSampler.energy(List.of(), 0, 10)).isEmpty();
  }

  @Test
  void readsNvidiaSmiNumbersAndSkipsWhatIsNotOne() {
    assertThat(PowerSampler.parseWatts("71.23")).hasValue(71.23);
    assertThat(PowerSampler.parseWatts(" 300.00 ")).hasValue(300.0);
    assertThat(PowerSampler.parseWatts("[N/A]")).isEmpty();
    assertThat(PowerSampler.parseWatts("[Not Supported]")).isEmpty();
    assertThat(PowerSampler.parseWatts("-5")).isEmpty();
    assertThat(PowerSampler.parseWatts("NaN")).isEmpty();
  }

  @Test
  void withoutNvidiaSmiNothingIsMeasured() {
    try (PowerSampler sampler = PowerSampler.start(List.of("/nonexistent/nvidia-smi"))) {
      assertThat(sampler.millijoules(0, Long.MAX_VALUE)).isEmpty();
    }
  }
}
