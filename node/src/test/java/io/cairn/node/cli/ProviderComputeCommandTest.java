package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.NodeConfig;
import io.cairn.config.ProviderConfig;
import io.cairn.config.RepoPaths;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn provider compute} and {@code provider verify} write {@code Provider.*} in the config
 * (without a chain no offer is sent), and the market job commands refuse what they cannot do.
 */
@BothModes
class ProviderComputeCommandTest {
  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private ProviderConfig config() {
    return NodeConfig.load(new RepoPaths(cli.repo())).provider();
  }

  @Test
  void computeOnWithLimitsWritesTheOfferToTheConfig() {
    String out =
        cli.ok(
                "provider",
                "compute",
                "on",
                "--engines",
                "wasm,cuda",
                "--cpu",
                "4",
                "--memory",
                "2GiB",
                "--concurrency",
                "3",
                "--min-price",
                "1000",
                "--energy",
                "solar")
            .out();
    assertThat(out)
        .isEqualTo(
            "compute on: engines wasm,cuda, 4 cores, 2.1 GB, 3 at once, min price 1000, energy"
                + " solar\n");
    assertThat(config().compute())
        .isEqualTo(
            new ProviderConfig.Compute(
                true,
                List.of("wasm", "cuda"),
                4,
                2L << 30,
                3,
                BigInteger.valueOf(1000),
                "solar",
                false));

    cli.ok("provider", "compute", "limits", "--cpu", "2");
    assertThat(config().compute().cpuCores()).isEqualTo(2);
    assertThat(config().compute().enabled()).isTrue();
    JsonNode off = cli.ok("--enc=json", "provider", "compute", "off").json();
    assertThat(off.path("Enabled").asBoolean()).isFalse();
    assertThat(off.has("Tx")).isFalse();
    assertThat(config().compute().enabled()).isFalse();
    assertThat(config().compute().minJobPrice()).isEqualTo(BigInteger.valueOf(1000));
  }

  @Test
  void badLimitsAreRefusedNamingTheKeyAndLeaveTheConfigAsItWas() throws Exception {
    String before = Files.readString(cli.repo().resolve("config"));
    assertThat(cli.fails("provider", "compute", "limits", "--engines", "tpu"))
        .contains("Provider.Compute.Engines: 'tpu' is not an engine");
    assertThat(cli.fails("provider", "compute", "sometimes"))
        .isEqualTo("provider compute takes on, off or limits, not 'sometimes'");
    assertThat(Files.readString(cli.repo().resolve("config"))).isEqualTo(before);
    // one bad value among good ones: none of them is written, compute stays off
    assertThat(cli.fails("provider", "compute", "on", "--cpu", "2", "--engines", "tpu"))
        .contains("Provider.Compute.Engines: 'tpu' is not an engine");
    assertThat(Files.readString(cli.repo().resolve("config"))).isEqualTo(before);
  }

  @Test
  void verifyOnAndOff() {
    assertThat(cli.ok("provider", "verify", "on").out()).isEqualTo("verify on\n");
    assertThat(config().verify().enabled()).isTrue();
    assertThat(cli.ok("provider", "verify", "off").out()).isEqualTo("verify off\n");
    assertThat(config().verify().enabled()).isFalse();
    assertThat(cli.fails("provider", "verify", "maybe"))
        .isEqualTo("provider verify takes on or off, not 'maybe'");
  }

  @Test
  void marketCommandsNeedTheDaemonsChain() throws Exception {
    Path spec =
        Files.writeString(
            tmp.resolve("spec.json"), "{\"engine\":\"wasm\",\"module\":\"bafkqaaa\"}");
    assertThat(
            cli.fails(
                "job", "submit", spec.toString(), "--market", "--price", "10", "--verifiers", "1"))
        .contains("chain");
    assertThat(cli.fails("job", "ls", "--market")).contains("chain");
    assertThat(cli.fails("job", "dispute", "1")).contains("chain");
    assertThat(cli.fails("job", "show", "1")).contains("--market");
  }
}
