package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code Pinning.RemoteServices}: Kubo's shape, its endpoint rules, and the key kept secret. */
class PinningConfigTest {
  @TempDir Path dir;

  @Test
  void normalizesEndpointsAsKubo() {
    assertThat(PinningConfig.normalizeEndpoint("https://pin.example.com/api/v1/"))
        .isEqualTo("https://pin.example.com/api/v1");
    assertThat(PinningConfig.normalizeEndpoint("http://127.0.0.1:5001//pinning//"))
        .isEqualTo("http://127.0.0.1:5001/pinning");
    assertThat(PinningConfig.normalizeEndpoint("https://pin.example.com/"))
        .isEqualTo("https://pin.example.com");
    assertThatThrownBy(() -> PinningConfig.normalizeEndpoint("ftp://pin.example.com"))
        .hasMessage("service endpoint must be a valid HTTP URL");
    assertThatThrownBy(() -> PinningConfig.normalizeEndpoint("not a url"))
        .hasMessage("service endpoint must be a valid HTTP URL");
    assertThatThrownBy(() -> PinningConfig.normalizeEndpoint("https://pin.example.com/?a=b"))
        .hasMessage("service endpoint should be provided without any query parameters");
    assertThatThrownBy(() -> PinningConfig.normalizeEndpoint("https://pin.example.com/api/pins/"))
        .hasMessage("service endpoint should be provided without the /pins suffix");
  }

  @Test
  void addWritesKubosShapeAndRemoveTakesItOut() {
    RepoPaths paths = repo();
    RemotePinningServices.add(paths, "svc", "https://pin.example.com/api/", "s3cret");

    JsonNode file = ConfigJson.read(paths.config());
    assertThat(file.at("/Pinning/RemoteServices/svc/API/Endpoint").asText())
        .isEqualTo("https://pin.example.com/api");
    assertThat(file.at("/Pinning/RemoteServices/svc/API/Key").asText()).isEqualTo("s3cret");
    assertThat(file.at("/Pinning/RemoteServices/svc/Policies/MFS/Enable").asBoolean()).isFalse();
    PinningConfig.RemoteService read = NodeConfig.load(paths).pinning().remoteServices().get("svc");
    assertThat(read.endpoint()).isEqualTo("https://pin.example.com/api");
    assertThat(read.key()).isEqualTo("s3cret");
    assertThat(read.toString()).doesNotContain("s3cret");

    // The key is a secret: config show leaves it out, and config may not read or set it.
    ConfigEditor editor = ConfigEditor.open(paths);
    assertThat(editor.show()).contains("https://pin.example.com/api").doesNotContain("s3cret");
    assertThatThrownBy(() -> editor.get("Pinning.RemoteServices.svc.API.Key"))
        .hasMessageContaining("cannot show or change pinning services credentials");

    assertThatThrownBy(() -> RemotePinningServices.add(paths, "svc", "https://other", "k"))
        .hasMessage("service already present");
    assertThatThrownBy(() -> RemotePinningServices.add(paths, "other", "https://x/pins", "k"))
        .hasMessage("service endpoint should be provided without the /pins suffix");

    RemotePinningServices.remove(paths, "svc");
    RemotePinningServices.remove(paths, "never-added");
    assertThat(NodeConfig.load(paths).pinning().remoteServices()).isEmpty();
  }

  @Test
  void readsAKuboConfigWithPoliciesAndRefusesWrongTypes() {
    RepoPaths paths = repo();
    // As Kubo writes it (a file copied from a Kubo repo).
    ConfigJson.writeAtomically(
        paths.config(),
        ConfigJson.pretty(
            TestConfigs.with(
                ConfigJson.read(paths.config()),
                "Pinning",
                "{\"RemoteServices\": {\"k\": {\"API\": {\"Endpoint\": \"https://k.example\","
                    + " \"Key\": \"x\"}, \"Policies\": {\"MFS\": {\"Enable\": true,"
                    + " \"PinName\": \"mfs-root\", \"RepinInterval\": \"10m\"}}}}}")));
    PinningConfig.MfsPolicy mfs = NodeConfig.load(paths).pinning().remoteServices().get("k").mfs();
    assertThat(mfs).isEqualTo(new PinningConfig.MfsPolicy(true, "mfs-root", "10m"));

    assertThatThrownBy(
            () ->
                TestConfigs.read(
                    TestConfigs.with(
                        TestConfigs.defaults(),
                        "Pinning",
                        "{\"RemoteServices\": {\"k\": {\"API\": {\"Endpoint\": 7}}}}")))
        .hasMessageContaining("Pinning.RemoteServices.k.API.Endpoint must be a string");
  }

  private RepoPaths repo() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    return paths;
  }
}
