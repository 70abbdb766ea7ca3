package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Kubo's {@code name/publish} and {@code name/resolve} on the wire: shapes, options and errors. */
class NameRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon daemon;
  private PeerId self;

  @BeforeEach
  void start() {
    daemon = RpcWireTest.quietDaemon(dir);
    self = NodeConfig.load(new RepoPaths(dir.resolve("repo"))).identity().peerId();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private JsonNode ok(Daemon d, String target) throws IOException {
    RawHttp r = RawHttp.api(d, target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private String error(Daemon d, String target, int status) throws IOException {
    RawHttp r = RawHttp.api(d, target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(status);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  private String add(Daemon d, String text) throws IOException {
    RawHttp r = RawHttp.apiUpload(d, "add", "f.txt", text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body()).get("Hash").asText();
  }

  @Test
  void publishAndResolveAnswerInKubosShapes() throws IOException {
    String cid = add(daemon, "hello");

    JsonNode published = ok(daemon, "name/publish?arg=" + cid + "&allow-offline=true");
    assertThat(published.toString())
        .isEqualTo("{\"Name\":\"" + self.toBase36() + "\",\"Value\":\"/ipfs/" + cid + "\"}");
    assertThat(ok(daemon, "name/resolve").toString()).isEqualTo("{\"Path\":\"/ipfs/" + cid + "\"}");
    assertThat(ok(daemon, "name/resolve?arg=" + self + "&stream=true&dhtrc=4&dhtt=0").toString())
        .isEqualTo("{\"Path\":\"/ipfs/" + cid + "\"}");
    assertThat(ok(daemon, "resolve?arg=" + q("/ipns/" + self.toBase36())).toString())
        .isEqualTo("{\"Path\":\"/ipfs/" + cid + "\"}");
    assertThat(
            ok(daemon, "name/publish?arg=" + q("/ipfs/" + cid) + "&allow-offline&ipns-base=b58mh")
                .get("Name")
                .asText())
        .isEqualTo(self.toString());
  }

  @Test
  void errorsAreKubos() throws IOException {
    String cid = add(daemon, "errors");
    String publish = "name/publish?arg=" + cid;
    assertThat(error(daemon, publish, 500))
        .isEqualTo("can't publish while offline: pass `--allow-offline` to override");
    assertThat(error(daemon, publish + "&allow-offline&ttl=2h&lifetime=90m", 500))
        .isEqualTo("ttl (2h0m0s) must not be greater than lifetime (1h30m0s)");
    assertThat(error(daemon, publish + "&allow-offline&lifetime=nope", 500))
        .startsWith("error parsing lifetime option: ");
    assertThat(error(daemon, publish + "&allow-offline&sequence=x", 400)).contains("sequence");
    assertThat(error(daemon, publish + "&allow-offline&sequence=0", 500))
        .isEqualTo("the sequence number must be at least 1, not 0");
    assertThat(error(daemon, "name/publish", 400)).isEqualTo("argument \"ipfs-path\" is required");
    assertThat(error(daemon, "name/publish?arg=notacid&allow-offline", 500)).contains("notacid");
    assertThat(error(daemon, "name/resolve", 500))
        .isEqualTo(
            "could not resolve name "
                + self.toBase36()
                + ": no record of it is held here and the node is offline");
    assertThat(error(daemon, "name/resolve?dht-timeout=-1s", 500))
        .isEqualTo("DHT timeout value must be >= 0");
    assertThat(error(daemon, "name/resolve?arg=nope", 500)).contains("nope");
  }

  /** A daemon with its network: publishing needs a DHT peer to take the record, or the flag. */
  @Test
  void aNetworkDaemonWithoutPeersPublishesOnlyWithAllowOffline() throws IOException {
    Daemon online = NetworkDaemons.start(dir.resolve("online"));
    try {
      PeerId id = online.config().peerId();
      String cid = add(online, "online");
      assertThat(error(online, "name/publish?arg=" + cid, 500))
          .startsWith("no DHT peer took the record of " + id.toBase36());
      assertThat(ok(online, "name/publish?arg=" + cid + "&allow-offline").get("Name").asText())
          .isEqualTo(id.toBase36());
      assertThat(ok(online, "name/resolve?dhtt=2s").get("Path").asText()).isEqualTo("/ipfs/" + cid);
    } finally {
      online.close();
    }
  }
}
