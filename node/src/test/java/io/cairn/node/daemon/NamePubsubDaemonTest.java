package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.p2p.NodeNetwork;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * IPNS over pubsub between two daemons ({@code --enable-namesys-pubsub}, {@code Ipns.UsePubsub})
 * and Kubo's {@code name/pubsub/state|subs|cancel}.
 */
class NamePubsubDaemonTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final InetSocketAddress ANY = new InetSocketAddress("127.0.0.1", 0);

  @TempDir Path dir;

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private static RawHttp call(Daemon d, String target) throws IOException {
    return RawHttp.api(d, target);
  }

  private static JsonNode ok(Daemon d, String target) throws IOException {
    RawHttp r = call(d, target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private static String add(Daemon d, String text) throws IOException {
    RawHttp r = RawHttp.apiUpload(d, "add", "f.txt", text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body()).get("Hash").asText();
  }

  private RepoPaths repo(String name, boolean usePubsub) {
    RepoPaths paths = new RepoPaths(dir.resolve(name));
    RepoInitializer.init(paths, List.of("test"));
    if (usePubsub) {
      ConfigEditor.open(paths).set("Ipns.UsePubsub", "true", ConfigEditor.ValueType.JSON);
    }
    return paths;
  }

  private static Daemon start(RepoPaths paths, boolean flag) {
    return Daemon.start(
        paths,
        DaemonOptions.standard(false, List.of(), ANY, ANY, false, false, false, false, flag),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @Test
  void theFlagOrTheConfigTurnsItOnWithPubsub() throws Exception {
    try (Daemon off = start(repo("off", false), false);
        Daemon flag = start(repo("flag", false), true);
        Daemon config = start(repo("config", true), false)) {
      assertThat(ok(off, "name/pubsub/state").toString()).isEqualTo("{\"Enabled\":false}");
      RawHttp subs = call(off, "name/pubsub/subs");
      assertThat(subs.status()).isEqualTo(400);
      assertThat(subs.bodyText()).contains("IPNS pubsub subsystem is not enabled");
      assertThat(call(off, "name/pubsub/cancel?arg=x").bodyText())
          .contains("IPNS pubsub subsystem is not enabled");
      for (Daemon on : List.of(flag, config)) {
        assertThat(ok(on, "name/pubsub/state").toString()).isEqualTo("{\"Enabled\":true}");
        assertThat(on.service(NodeNetwork.class).orElseThrow().pubsub()).isPresent();
        assertThat(ok(on, "name/pubsub/subs").toString()).isEqualTo("{\"Strings\":null}");
      }
      RawHttp bad = call(flag, "name/pubsub/cancel?arg=nope");
      assertThat(bad.status()).isEqualTo(400);
      assertThat(bad.bodyText()).contains("not a valid IPNS name");
    }
  }

  @Test
  void aNameResolvesThroughFetchThenItsUpdateArrivesByPubsub() throws Exception {
    Daemon a = NetworkDaemons.startWithNamesysPubsub(dir.resolve("a"));
    Daemon b = null;
    try {
      b = NetworkDaemons.startWithNamesysPubsub(dir.resolve("b"));
      ok(b, "swarm/connect?arg=" + q(NetworkDaemons.dialAddress(a)));
      String name = a.config().peerId().toBase36();
      String first = add(a, "first");
      ok(a, "name/publish?arg=" + first + "&allow-offline");

      // A follows its name's topic; once B knows, B fetches the record from A
      String resolve = "name/resolve?arg=" + name + "&dht-timeout=5s";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      RawHttp r = call(b, resolve);
      while (r.status() != 200 && System.nanoTime() < deadline) {
        Thread.sleep(200);
        r = call(b, resolve);
      }
      assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
      assertThat(JSON.readTree(r.body()).get("Path").asText()).isEqualTo("/ipfs/" + first);
      assertThat(ok(b, "name/pubsub/subs").toString())
          .isEqualTo("{\"Strings\":[\"/ipns/" + name + "\"]}");
      assertThat(ok(b, "name/pubsub/subs?ipns-base=b58mh").get("Strings").get(0).asText())
          .isEqualTo("/ipns/" + a.config().peerId());

      // the newer record reaches B as a pubsub message; B's cached answer gives way to it
      String second = add(a, "second");
      ok(a, "name/publish?arg=" + second + "&allow-offline");
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      String path = "";
      while (!path.equals("/ipfs/" + second) && System.nanoTime() < deadline) {
        Thread.sleep(100);
        path = ok(b, resolve).get("Path").asText();
      }
      assertThat(path).isEqualTo("/ipfs/" + second);

      assertThat(ok(b, "name/pubsub/cancel?arg=" + q("/ipns/" + name)).toString())
          .isEqualTo("{\"Canceled\":true}");
      assertThat(ok(b, "name/pubsub/cancel?arg=" + name).toString())
          .isEqualTo("{\"Canceled\":false}");
      assertThat(ok(b, "name/pubsub/subs").toString()).isEqualTo("{\"Strings\":null}");
    } finally {
      NetworkDaemons.closeAll(a, b);
    }
  }
}
