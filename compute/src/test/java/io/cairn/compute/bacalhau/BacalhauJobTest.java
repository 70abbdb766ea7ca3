package io.cairn.compute.bacalhau;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.JobSpec;
import io.cairn.storage.Cid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BacalhauJobTest {
  static final String MODULE = "bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e";
  static final String DATA = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  static final String WASM_JOB =
      """
      Name: word-count
      Type: batch
      Count: 1
      Tasks:
        - Name: main
          Engine:
            Type: wasm
            Params:
              EntryModule:
                Source:
                  Type: ipfs
                  Params:
                    CID: %s
              Entrypoint: _start
              Parameters:
                - /inputs/text
                - --top
                - "10"
              EnvironmentVariables:
                LANG: C
          InputSources:
            - Alias: text
              Target: /inputs/text
              Source:
                Type: ipfs
                Params:
                  CID: %s
          ResultPaths:
            - Name: outputs
              Path: /outputs
          Resources:
            CPU: "1"
            Memory: 64mb
          Network:
            Type: None
          Timeouts:
            ExecutionTimeout: 120
      """
          .formatted(MODULE, DATA);

  @Test
  void mapsAWasmJobToASpec() {
    JobSpec spec = BacalhauJob.parse(WASM_JOB);
    assertThat(spec.module()).isEqualTo(Cid.parse(MODULE));
    assertThat(spec.entrypoint()).isEqualTo("_start");
    assertThat(spec.args()).containsExactly("/inputs/text", "--top", "10");
    assertThat(spec.env()).isEqualTo(Map.of("LANG", "C"));
    assertThat(spec.inputs()).isEqualTo(Map.of("text", Cid.parse(DATA)));
    assertThat(spec.limits().memoryBytes()).isEqualTo(64L << 20);
    assertThat(spec.limits().wallTime()).isEqualTo(Duration.ofSeconds(120));
  }

  @Test
  void readsTheJsonFormAndAPlainCidEntryModule() {
    String json =
        """
        {"Name": "hello", "Type": "batch", "Count": 1,
         "Tasks": [{"Name": "t", "Engine": {"Type": "WASM",
           "Params": {"EntryModule": "%s", "Parameters": ["a"]}},
           "Resources": {"Memory": "1Gb"}}]}
        """
            .formatted(MODULE);
    JobSpec spec = BacalhauJob.parse(json);
    assertThat(spec.module()).isEqualTo(Cid.parse(MODULE));
    assertThat(spec.entrypoint()).isEqualTo("_start");
    assertThat(spec.args()).isEqualTo(List.of("a"));
    assertThat(spec.limits().memoryBytes()).isEqualTo(1L << 30);
  }

  @Test
  void parsesMemorySizes() {
    assertThat(ByteSizes.parse("m", "64mb")).isEqualTo(64L << 20);
    assertThat(ByteSizes.parse("m", "1Gb")).isEqualTo(1L << 30);
    assertThat(ByteSizes.parse("m", "512MiB")).isEqualTo(512L << 20);
    assertThat(ByteSizes.parse("m", "1.5gb")).isEqualTo(3L << 29);
    assertThat(ByteSizes.parse("m", "65536")).isEqualTo(65536);
    assertThatThrownBy(() -> ByteSizes.parse("Resources.Memory", "lots"))
        .hasMessage("Bacalhau Resources.Memory 'lots' is not a size such as 64mb or 1Gb");
  }

  @Test
  void refusesWhatCairnCannotHonourByName() {
    assertThatThrownBy(
            () ->
                BacalhauJob.parse(
                    """
                    Type: batch
                    Tasks:
                      - Name: main
                        Engine:
                          Type: docker
                          Params:
                            Image: ubuntu:latest
                            Entrypoint: [echo, hello]
                    """))
        .hasMessage("Bacalhau engine 'docker' is not supported: Cairn runs wasm jobs");
    int lastIpfs = WASM_JOB.lastIndexOf("Type: ipfs");
    String s3 = WASM_JOB.substring(0, lastIpfs) + "Type: s3" + WASM_JOB.substring(lastIpfs + 10);
    assertThatThrownBy(() -> BacalhauJob.parse(s3))
        .hasMessageContaining("input source type 's3'")
        .hasMessageContaining("not supported");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Type: None", "Type: Full")))
        .hasMessage("Bacalhau Network Type 'Full' is not supported: Cairn jobs have no network");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("CPU: \"1\"", "GPU: \"1\"")))
        .hasMessageContaining("Resources.GPU '1' is not supported");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Path: /outputs", "Path: /data")))
        .hasMessageContaining("path '/data' is not supported: Cairn collects /outputs only");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Type: batch", "Type: service")))
        .hasMessageContaining("job Type 'service' is not supported");
    assertThatThrownBy(
            () -> BacalhauJob.parse(WASM_JOB.replace("Target: /inputs/text", "Target: /data")))
        .hasMessageContaining("input Target '/data' is not supported");
    assertThatThrownBy(
            () -> BacalhauJob.parse(WASM_JOB.replace("Target: /inputs/text", "Target: /inputs/..")))
        .hasMessageContaining("input name '..' is not a file name");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Memory: 64mb", "Memory: 8Gb")))
        .hasMessageContaining("limits.memory");
    assertThatThrownBy(() -> BacalhauJob.parse("Tasks: [ {"))
        .hasMessageStartingWith("the Bacalhau job is not valid YAML or JSON");
  }

  /**
   * Parameters and environment values of the wrong shape are refused by name: a single string, a
   * map or a list where Bacalhau takes a list of strings or a string was read as nothing or as ''.
   */
  @Test
  void refusesParametersAndEnvironmentOfTheWrongShape() {
    String oneString =
        WASM_JOB.replace(
            "Parameters:\n          - /inputs/text\n          - --top\n          - \"10\"\n",
            "Parameters: \"/inputs/text --top 10\"\n");
    assertThat(oneString).isNotEqualTo(WASM_JOB);
    assertThatThrownBy(() -> BacalhauJob.parse(oneString))
        .hasMessage("Bacalhau Engine.Params.Parameters must be a list of strings, not a string");
    String mapParameter = WASM_JOB.replace("- --top\n", "- {top: 10}\n");
    assertThat(mapParameter).isNotEqualTo(WASM_JOB);
    assertThatThrownBy(() -> BacalhauJob.parse(mapParameter))
        .hasMessage("Bacalhau Engine.Params.Parameters[1] must be a string, not a map");
    String listValue = WASM_JOB.replace("LANG: C\n", "LANG: [C, en]\n");
    assertThatThrownBy(() -> BacalhauJob.parse(listValue))
        .hasMessage(
            "Bacalhau Engine.Params.EnvironmentVariables.LANG must be a string, not a list");
    String envList = WASM_JOB.replace("LANG: C\n", "- LANG=C\n");
    assertThatThrownBy(() -> BacalhauJob.parse(envList))
        .hasMessage("Bacalhau Engine.Params.EnvironmentVariables must be a map, not a list");
    // Numbers and booleans are strings to Bacalhau's YAML as they are here.
    assertThat(BacalhauJob.parse(WASM_JOB.replace("- \"10\"", "- 10")).args())
        .containsExactly("/inputs/text", "--top", "10");
  }

  /** A fraction of a second or of a copy is refused, not cut to a whole number. */
  @Test
  void refusesFractionalTimeoutsAndCounts() {
    assertThatThrownBy(
            () ->
                BacalhauJob.parse(
                    WASM_JOB.replace("ExecutionTimeout: 120", "ExecutionTimeout: 0.5")))
        .hasMessage("Bacalhau Timeouts.ExecutionTimeout must be whole seconds, not 0.5");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Count: 1", "Count: 1.5")))
        .hasMessage("Bacalhau Count 1.5 is not supported: Cairn runs one copy of a job");
    assertThatThrownBy(() -> BacalhauJob.parse(WASM_JOB.replace("Count: 1", "Count: true")))
        .hasMessage("Bacalhau Count true is not supported: Cairn runs one copy of a job");
    assertThat(BacalhauJob.parse(WASM_JOB).limits().wallTime()).isEqualTo(Duration.ofSeconds(120));
  }

  /** A key given twice is refused in YAML and JSON alike, never the last one taken. */
  @Test
  void refusesAKeyGivenTwice() {
    String twiceEnv = WASM_JOB.replace("      LANG: C\n", "      LANG: C\n          LANG: en\n");
    assertThatThrownBy(() -> BacalhauJob.parse(twiceEnv))
        .hasMessageStartingWith(
            "the Bacalhau job is not valid YAML or JSON: Duplicate field 'LANG'");
    String twiceTimeouts =
        WASM_JOB.replace(
            "    Timeouts:\n", "    Timeouts:\n      ExecutionTimeout: 5\n    Timeouts:\n");
    assertThatThrownBy(() -> BacalhauJob.parse(twiceTimeouts))
        .hasMessageStartingWith(
            "the Bacalhau job is not valid YAML or JSON: Duplicate field 'Timeouts'");
    String json =
        "{\"Type\":\"batch\",\"Tasks\":[{\"Engine\":{\"Type\":\"wasm\",\"Params\":"
            + "{\"EntryModule\":\""
            + MODULE
            + "\",\"EntryModule\":\""
            + DATA
            + "\"}}}]}";
    assertThatThrownBy(() -> BacalhauJob.parse(json))
        .hasMessageStartingWith(
            "the Bacalhau job is not valid YAML or JSON: Duplicate field 'EntryModule'");
  }
}
