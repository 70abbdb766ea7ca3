package io.cairn.compute;

import static io.cairn.compute.JobSpecTest.raw;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class JobResultTest {
  static JobResult done() {
    return new JobResult(
        JobStatus.DONE,
        raw("out"),
        raw("stdout"),
        raw("stderr"),
        123_456,
        Duration.ofMillis(42),
        OptionalLong.of(1 << 20),
        OptionalLong.empty(),
        OptionalLong.empty());
  }

  @Test
  void everyStatusLabelParsesBack() {
    List<JobStatus> all =
        List.of(
            JobStatus.DONE,
            new JobStatus.Exit(3),
            new JobStatus.Exit(-1),
            JobStatus.FUEL_EXHAUSTED,
            JobStatus.MEMORY_LIMIT,
            JobStatus.TIMEOUT,
            JobStatus.OUTPUT_LIMIT,
            new JobStatus.Trap("unreachable"),
            new JobStatus.Failed("block bafy… not found"));
    for (JobStatus s : all) {
      assertThat(JobStatus.parse(s.label())).isEqualTo(s);
    }
    assertThat(new JobStatus.Exit(3).label()).isEqualTo("exit 3");
    assertThat(new JobStatus.Trap("unreachable").label()).isEqualTo("trap: unreachable");
    assertThatThrownBy(() -> JobStatus.parse("exploded"))
        .hasMessageContaining("unknown job status");
  }

  @Test
  void roundTripsThroughDagCborAndJson() {
    JobResult r = done();
    assertThat(JobResult.fromDagCbor(r.toDagCbor())).isEqualTo(r);
    assertThat(JobResult.fromJson(r.toJson())).isEqualTo(r);
    JobResult failed = JobResult.failed("module does not validate", Duration.ZERO);
    assertThat(JobResult.fromDagCbor(failed.toDagCbor())).isEqualTo(failed);
  }

  @Test
  void unmeasuredFieldsReadNotMeasuredAndAreLeftOutOfDagCbor() {
    JobResult r = done();
    assertThat(r.toJson()).contains("\"energyMj\" : \"not measured\"");
    assertThat(new String(r.toDagCbor(), java.nio.charset.StandardCharsets.ISO_8859_1))
        .doesNotContain("energyMj")
        .contains("peakMemory");
  }

  @Test
  void refusesNegativeMeasurements() {
    assertThatThrownBy(
            () ->
                new JobResult(
                    JobStatus.DONE, null, null, null, -1, Duration.ZERO, null, null, null))
        .hasMessageContaining("fuelUsed");
  }
}
