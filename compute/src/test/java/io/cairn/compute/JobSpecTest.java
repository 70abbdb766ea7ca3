package io.cairn.compute;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.spec.JobSpecCodec;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecTest {
  static Cid raw(String text) {
    return Cid.compute(
        1, Multicodec.RAW.code(), HashFunction.SHA2_256, text.getBytes(StandardCharsets.UTF_8));
  }

  static JobSpec sample() {
    return JobSpec.wasm(raw("module"))
        .withArgs(List.of("--words", "x y"))
        .withEnv(Map.of("LANG", "C", "A", "1"))
        .withInputs(Map.of("data", raw("data"), "more.csv", raw("csv")))
        .withLimits(Limits.DEFAULTS.withFuel(1234).withWallTime(Duration.ofSeconds(5)));
  }

  static JobSpec cudaSample() {
    var launch =
        new CudaLaunch(
            "saxpy",
            new CudaLaunch.Dim3(4, 1, 1),
            new CudaLaunch.Dim3(256, 1, 1),
            List.of(
                new KernelArg.Scalar(KernelArg.ScalarType.I32, 1024),
                new KernelArg.Scalar(KernelArg.ScalarType.F32, 2.5),
                new KernelArg.InputBuffer("x"),
                new KernelArg.OutputBuffer("y.bin", 4096)));
    return new JobSpec(
        Engine.CUDA,
        raw("ptx"),
        null,
        launch,
        List.of(),
        Map.of(),
        Map.of("x", raw("x")),
        null,
        new Market(BigInteger.valueOf(10).pow(18), Instant.ofEpochSecond(1_800_000_000L)));
  }

  @Test
  void defaultsEntrypointAndLimits() {
    JobSpec spec = JobSpec.wasm(raw("m"));
    assertThat(spec.entrypoint()).isEqualTo("_start");
    assertThat(spec.limits()).isEqualTo(Limits.DEFAULTS);
    assertThat(spec.market()).isEqualTo(Market.NONE);
  }

  @Test
  void dagCborRoundTripsAndGivesAStableCid() {
    JobSpec spec = sample();
    assertThat(JobSpec.fromDagCbor(spec.toDagCbor())).isEqualTo(spec);
    assertThat(spec.cid().codec()).isEqualTo(Multicodec.DAG_CBOR.code());
    // the order maps were built in does not change the bytes
    var env = new LinkedHashMap<String, String>();
    env.put("LANG", "C");
    env.put("A", "1");
    assertThat(spec.withEnv(env).cid()).isEqualTo(spec.cid());
    assertThat(spec.withArgs(List.of("--words")).cid()).isNotEqualTo(spec.cid());
  }

  @Test
  void cudaSpecRoundTripsThroughBothForms() {
    JobSpec spec = cudaSample();
    assertThat(JobSpec.fromDagCbor(spec.toDagCbor())).isEqualTo(spec);
    assertThat(JobSpec.fromJson(spec.toJson())).isEqualTo(spec);
    assertThat(JobSpec.fromJson(spec.toJson()).cid()).isEqualTo(spec.cid());
  }

  @Test
  void jsonRoundTripsWithCidsAsStrings() {
    JobSpec spec = sample();
    String json = spec.toJson();
    assertThat(json).contains("\"module\" : \"" + raw("module") + "\"");
    assertThat(JobSpec.fromJson(json)).isEqualTo(spec);
  }

  @Test
  void seedIsSha256OfTheCidBytes() {
    JobSpec spec = sample();
    assertThat(spec.seed()).hasSize(32).isEqualTo(HashFunction.SHA2_256.digest(spec.cid().bytes()));
    assertThat(spec.withArgs(List.of()).seed()).isNotEqualTo(spec.seed());
  }

  @Test
  void minimalJsonTakesDefaults() {
    String json = "{\"version\":1,\"engine\":\"wasm\",\"module\":\"" + raw("m") + "\"}";
    assertThat(JobSpec.fromJson(json)).isEqualTo(JobSpec.wasm(raw("m")));
  }

  @Test
  void theJsonFormMayLeaveOutTheVersionButNotGiveAnotherOne() {
    String json = "{\"engine\":\"wasm\",\"module\":\"" + raw("m") + "\"}";
    JobSpec spec = JobSpec.fromJson(json);
    assertThat(spec).isEqualTo(JobSpec.wasm(raw("m")));
    assertThat(spec.cid()).isEqualTo(JobSpec.wasm(raw("m")).cid());
    assertThat(spec.toJson()).containsPattern("\"version\" ?: ?1");
    assertThatThrownBy(() -> JobSpec.fromJson("{\"version\":2," + json.substring(1)))
        .hasMessageContaining("'version'")
        .hasMessageContaining("is 2; this node reads version 1");
    // The stored (dag-cbor) form is written by nodes, always with its version.
    var stored = new LinkedHashMap<String, Ipld>(((Ipld.Map) JobSpecCodec.toIpld(spec)).entries());
    stored.remove("version");
    assertThatThrownBy(() -> JobSpecCodec.fromDagCbor(DagCbor.encode(Ipld.map(stored))))
        .hasMessage("job spec field 'version' is missing");
  }

  @Test
  void refusesInputNamesThatAreNotOnePathComponent() {
    for (String bad : List.of("a/b", "..", ".", "", "x\\y")) {
      assertThatThrownBy(() -> JobSpec.wasm(raw("m")).withInputs(Map.of(bad, raw("d"))))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("input name");
    }
  }

  @Test
  void refusesNegativeAndAbsurdLimitsNamingTheField() {
    assertThatThrownBy(() -> Limits.DEFAULTS.withFuel(-1))
        .hasMessageContaining("limits.fuel")
        .hasMessageContaining("-1");
    assertThatThrownBy(() -> Limits.DEFAULTS.withMemoryBytes(8L << 40))
        .hasMessageContaining("limits.memory");
    assertThatThrownBy(() -> Limits.DEFAULTS.withWallTime(Duration.ofDays(30)))
        .hasMessageContaining("limits.wallTime");
    assertThatThrownBy(() -> new Limits(1 << 20, 1, Duration.ofSeconds(1), -5, 0, 0, 0))
        .hasMessageContaining("limits.output");
  }

  @Test
  void decodeErrorsNameTheField() {
    String m = raw("m").toString();
    assertThatThrownBy(
            () ->
                JobSpec.fromJson("{\"version\":1,\"engine\":\"docker\",\"module\":\"" + m + "\"}"))
        .hasMessage("job spec field 'engine': unknown engine 'docker': use 'wasm' or 'cuda'");
    assertThatThrownBy(() -> JobSpec.fromJson("{\"version\":1,\"engine\":\"wasm\"}"))
        .hasMessage("job spec field 'module' is missing");
    assertThatThrownBy(
            () -> JobSpec.fromJson("{\"version\":1,\"engine\":\"wasm\",\"module\":\"Qmnope\"}"))
        .hasMessageStartingWith("job spec field 'module' is not a valid CID");
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\""
                        + m
                        + "\",\"limits\":{\"fuel\":\"lots\"}}"))
        .hasMessage("job spec field 'limits.fuel': expected integer, found string");
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\""
                        + m
                        + "\",\"limits\":{\"fuel\":-3}}"))
        .hasMessageContaining("limits.fuel must be between 1 and");
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\"" + m + "\",\"fule\":3}"))
        .hasMessage("job spec field 'fule' is not a known field");
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\""
                        + m
                        + "\",\"inputs\":{\"../etc\":\""
                        + m
                        + "\"}}"))
        .hasMessageContaining("input name '../etc' must be a single path component");
    assertThatThrownBy(() -> JobSpec.fromDagCbor(new byte[] {(byte) 0xff}))
        .hasMessageStartingWith("job spec is not valid dag-cbor");
  }

  /** A name given twice is refused: taking the last would run a job over other inputs. */
  @Test
  void refusesAnInputOrFieldGivenTwice() {
    String m = raw("m").toString();
    String d = raw("d").toString();
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\""
                        + m
                        + "\",\"inputs\":{\"data\":\""
                        + m
                        + "\",\"data\":\""
                        + d
                        + "\"}}"))
        .hasMessageStartingWith("job spec is not valid JSON: Duplicate field 'data'");
    assertThatThrownBy(
            () ->
                JobSpec.fromJson(
                    "{\"version\":1,\"engine\":\"wasm\",\"module\":\""
                        + m
                        + "\",\"module\":\""
                        + d
                        + "\"}"))
        .hasMessageStartingWith("job spec is not valid JSON: Duplicate field 'module'");
  }

  @Test
  void cudaSpecsAreChecked() {
    JobSpec ok = cudaSample();
    assertThatThrownBy(
            () ->
                new JobSpec(
                    Engine.CUDA, ok.module(), null, ok.cuda(), null, null, Map.of(), null, null))
        .hasMessageContaining("input buffer 'x' names no entry of inputs");
    assertThatThrownBy(
            () -> new JobSpec(Engine.CUDA, ok.module(), null, null, null, null, null, null, null))
        .hasMessageContaining("cuda: a cuda job needs a kernel");
    assertThatThrownBy(
            () ->
                new CudaLaunch(
                    "k", new CudaLaunch.Dim3(1, 1, 1), new CudaLaunch.Dim3(64, 32, 1), List.of()))
        .hasMessageContaining("at most 1024");
    assertThatThrownBy(() -> new KernelArg.Scalar(KernelArg.ScalarType.I32, 1L << 40))
        .hasMessageContaining("does not fit 32 bits");
  }
}
