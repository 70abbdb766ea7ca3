package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.p2p.NodeNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn daemon --enable-pubsub-experiment} and {@code Pubsub.Enabled} turn pubsub on; the
 * {@code pubsub/*} commands answer Kubo's errors when it is off or the daemon is offline.
 */
class PubsubDaemonTest {
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  private RepoPaths repo(String name, boolean enabled) {
    RepoPaths paths = new RepoPaths(dir.resolve(name));
    RepoInitializer.init(paths, List.of("test"));
    if (enabled) {
      ConfigEditor.open(paths).set("Pubsub.Enabled", "true", ConfigEditor.ValueType.JSON);
    }
    return paths;
  }

  private static Daemon start(RepoPaths paths, boolean offline, boolean flag) {
    return Daemon.start(
        paths,
        DaemonOptions.standard(false, List.of(), ANY, ANY, false, false, offline, flag),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  private static String ls(Daemon d) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + d.apiAddress().getPort() + "/api/v0/pubsub/ls");
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString())
        .body();
  }

  @Test
  void theFlagOrTheConfigTurnsPubsubOn() throws Exception {
    try (Daemon off = start(repo("off", false), false, false);
        Daemon flag = start(repo("flag", false), false, true);
        Daemon config = start(repo("config", true), false, false)) {
      assertThat(off.service(NodeNetwork.class).orElseThrow().pubsub()).isEmpty();
      assertThat(ls(off)).contains("experimental pubsub feature not enabled");
      assertThat(flag.service(NodeNetwork.class).orElseThrow().pubsub()).isPresent();
      assertThat(ls(flag)).isEqualTo("{\"Strings\":null}\n");
      assertThat(config.service(NodeNetwork.class).orElseThrow().pubsub()).isPresent();
    }
  }

  @Test
  void anOfflineDaemonSaysSoWhenPubsubIsEnabled() throws Exception {
    try (Daemon enabled = start(repo("enabled", true), true, false);
        Daemon disabled = start(repo("disabled", false), true, false)) {
      assertThat(ls(enabled)).contains("this command must be run in online mode");
      assertThat(ls(disabled)).contains("experimental pubsub feature not enabled");
    }
  }
}
