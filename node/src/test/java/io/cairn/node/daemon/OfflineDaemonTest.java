package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code cairn daemon --offline}: no network, and the gateway answers from the repo alone. */
class OfflineDaemonTest {
  @TempDir Path dir;

  @Test
  void anOfflineDaemonStartsNoNetworkAndItsGatewayAnswers404AtOnce() throws Exception {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    try (Daemon daemon =
        Daemon.start(
            paths,
            DaemonOptions.standard(false, List.of(), any, any, false, false, true),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8))) {
      assertThat(daemon.service(NodeNetwork.class)).isEmpty();
      InetSocketAddress gw = daemon.service(GatewayService.class).orElseThrow().boundAddress();
      String absent = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
      HttpRequest get =
          HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.getPort() + "/ipfs/" + absent))
              .timeout(Duration.ofSeconds(30)) // online, it would wait 60 s for peers
              .build();
      HttpResponse<String> r =
          HttpClient.newHttpClient().send(get, HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(404);
      assertThat(r.body()).contains(absent);
    }
  }
}
