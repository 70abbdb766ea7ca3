package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands that take a path take an {@code /ipns/} one, as Kubo's do. */
class IpnsPathsRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] TEXT = "published text".getBytes(StandardCharsets.UTF_8);

  @TempDir Path dir;
  private Daemon daemon;
  private String name;
  private String cid;

  @BeforeEach
  void start() throws IOException {
    daemon = RpcWireTest.quietDaemon(dir);
    RawHttp added = RawHttp.apiUpload(daemon, "add", "f.txt", TEXT);
    cid = JSON.readTree(added.body()).get("Hash").asText();
    RawHttp published = RawHttp.api(daemon, "name/publish?arg=" + cid + "&allow-offline=true");
    assertThat(published.status()).as(published.bodyText()).isEqualTo(200);
    name = "/ipns/" + NodeConfig.load(new RepoPaths(dir.resolve("repo"))).identity().peerId();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private RawHttp ok(String command, String path) throws IOException {
    String q = URLEncoder.encode(path, StandardCharsets.UTF_8);
    RawHttp r = RawHttp.api(daemon, command + (command.contains("?") ? "&" : "?") + "arg=" + q);
    assertThat(r.status()).as("%s %s: %s", command, path, r.bodyText()).isEqualTo(200);
    return r;
  }

  private JsonNode json(String command, String path) throws IOException {
    return JSON.readTree(ok(command, path).body());
  }

  @Test
  void catBlockDagPinAndRefsFollowTheName() throws IOException {
    assertThat(ok("cat", name).body()).isEqualTo(TEXT);
    assertThat(ok("block/get", name).body()).isNotEmpty();
    assertThat(json("block/stat", name).get("Key").asText()).isEqualTo(cid);
    assertThat(json("dag/resolve", name).get("Cid").get("/").asText()).isEqualTo(cid);
    assertThat(json("dag/stat?progress=false", name).toString()).contains(cid);
    assertThat(json("pin/add", name).get("Pins").get(0).asText()).isEqualTo(cid);
    assertThat(json("pin/ls", name).get("Keys").has(cid)).isTrue();
    assertThat(ok("refs", name).status()).isEqualTo(200);
    // Kubo's ls names each object by the argument given
    assertThat(json("ls", name).get("Objects").get(0).get("Hash").asText()).isEqualTo(name);
  }

  @Test
  void getNamesItsArchiveAfterTheName() throws IOException {
    byte[] tar = ok("get", name).body();
    String entry = new String(tar, 0, 100, StandardCharsets.US_ASCII).replace("\0", "");
    assertThat(entry).endsWith("/" + name.substring("/ipns/".length())); // after PaxHeaders.0
  }

  @Test
  void anUnknownNameFailsWithTheResolversReason() throws IOException {
    RawHttp r =
        RawHttp.api(
            daemon,
            "cat?arg="
                + URLEncoder.encode(
                    "/ipns/k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8",
                    StandardCharsets.UTF_8));
    assertThat(r.status()).isEqualTo(500);
    assertThat(r.bodyText()).contains("could not resolve name");
  }
}
