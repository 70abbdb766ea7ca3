package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.PeerId;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code routing/get} and {@code routing/put} on the wire, on a daemon with its network but
 * no peers (values are kept by this node's DHT): Value events, keys in Kubo's forms, and errors.
 */
class RoutingValueRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon daemon;
  private PeerId self;

  @BeforeEach
  void start() {
    daemon = NetworkDaemons.start(dir.resolve("online"));
    self = daemon.config().peerId();
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private static String q(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8);
  }

  private JsonNode ok(String target) throws IOException {
    RawHttp r = RawHttp.api(daemon, target);
    assertThat(r.status()).as("%s: %s", target, r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  private RawHttp put(String key, String flags, byte[] value) throws IOException {
    return RawHttp.apiUpload(daemon, "routing/put?arg=" + q(key) + flags, "record", value);
  }

  private String error(RawHttp r, int status) throws IOException {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    return JSON.readTree(r.body()).get("Message").asText();
  }

  private String add(String text) throws IOException {
    RawHttp r = RawHttp.apiUpload(daemon, "add", "f.txt", text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body()).get("Hash").asText();
  }

  @Test
  void getReturnsThePublishedRecordAsAValueEvent() throws IOException {
    String cid = add("routing get");
    ok("name/publish?arg=" + cid + "&allow-offline");

    for (String name : new String[] {self.toBase36(), self.toString()}) {
      JsonNode event = ok("routing/get?arg=" + q("/ipns/" + name));
      assertThat(event.get("Type").asInt()).isEqualTo(5);
      assertThat(event.get("ID").asText()).isEmpty();
      assertThat(event.get("Responses").isNull()).isTrue();
      IpnsRecord record =
          IpnsRecord.decode(Base64.getDecoder().decode(event.get("Extra").asText()));
      record.validate(self, Instant.now());
      assertThat(record.value()).isEqualTo("/ipfs/" + cid);
    }
    assertThat(ok("routing/get?arg=" + q("/ipns/" + self)).fieldNames())
        .toIterable()
        .containsExactly("Extra", "ID", "Responses", "Type");
  }

  @Test
  void putOfAnotherKeysRecordMakesItsNameResolve() throws IOException {
    String cid = add("routing put");
    PeerId other = IpnsTestRecords.key((byte) 7).peerId();
    IpnsRecord record = IpnsTestRecords.fresh((byte) 7, "/ipfs/" + cid, 3);
    String key = "/ipns/" + other.toBase36();

    assertThat(error(put(key, "", record.bytes()), 500))
        .startsWith("no DHT peer took the value of " + key);
    assertThat(put(key, "&allow-offline", record.bytes()).bodyText())
        .isEqualTo("{\"Extra\":\"\",\"ID\":\"" + other + "\",\"Responses\":null,\"Type\":5}\n");
    assertThat(ok("name/resolve?arg=" + other.toBase36() + "&dhtt=2s").get("Path").asText())
        .isEqualTo("/ipfs/" + cid);
    assertThat(
            Base64.getDecoder()
                .decode(ok("routing/get?arg=" + q("/ipns/" + other)).get("Extra").asText()))
        .isEqualTo(record.bytes());
  }

  @Test
  void invalidValuesAreRefusedWithTheReason() throws IOException {
    IpnsRecord ofSeven = IpnsTestRecords.fresh((byte) 7, "/ipfs/" + add("x"), 1);
    String keyOfEight = "/ipns/" + IpnsTestRecords.key((byte) 8).peerId().toBase36();
    assertThat(error(put(keyOfEight, "&allow-offline", ofSeven.bytes()), 500))
        .startsWith("invalid value for " + keyOfEight + ": ")
        .contains("signatureV2 does not verify");
    assertThat(error(put(keyOfEight, "&allow-offline", "junk".getBytes()), 500))
        .startsWith("invalid value for " + keyOfEight + ": ");

    String keyOfSeven = "/ipns/" + IpnsTestRecords.key((byte) 7).peerId();
    put(keyOfSeven, "&allow-offline", IpnsTestRecords.fresh((byte) 7, ofSeven.value(), 5).bytes());
    assertThat(error(put(keyOfSeven, "&allow-offline", ofSeven.bytes()), 500))
        .startsWith("invalid value for " + keyOfSeven + ": cannot replace a newer record");
  }

  @Test
  void keysAndMissingValuesGetKubosErrors() throws IOException {
    assertThat(error(RawHttp.api(daemon, "routing/get?arg=" + q("/foo/bar")), 400))
        .startsWith("invalid key \"/foo/bar\": only /ipns/<name> and /pk/<peer-id>");
    assertThat(error(RawHttp.api(daemon, "routing/get?arg=" + q("/ipns/nope")), 400))
        .startsWith("invalid key \"/ipns/nope\": ");
    assertThat(error(RawHttp.api(daemon, "routing/get"), 400))
        .isEqualTo("argument \"key\" is required");
    assertThat(
            error(
                RawHttp.api(
                    daemon,
                    "routing/get?arg=" + q("/ipns/" + IpnsTestRecords.key((byte) 9).peerId())),
                500))
        .isEqualTo("routing: not found");
    assertThat(
            error(
                RawHttp.api(
                    daemon,
                    "routing/get?arg=" + q("/pk/" + IpnsTestRecords.key((byte) 9).peerId())),
                500))
        .isEqualTo("routing: not found");
    assertThat(error(RawHttp.api(daemon, "routing/put?arg=" + q("/ipns/" + self)), 400))
        .isEqualTo("file argument 'value-file' is required");
  }

  @Test
  void anOfflineDaemonAnswersWithKubosOfflineErrors() throws IOException {
    Daemon offline = RpcWireTest.quietDaemon(dir.resolve("offline"));
    try {
      String key = "/ipns/" + self.toBase36();
      assertThat(error(RawHttp.api(offline, "routing/get?arg=" + q(key)), 500))
          .startsWith("this action must be run in online mode");
      RawHttp put = RawHttp.apiUpload(offline, "routing/put?arg=" + q(key), "r", new byte[1]);
      assertThat(error(put, 500))
          .isEqualTo("can't put while offline: pass `--allow-offline` to override");
    } finally {
      offline.close();
    }
  }
}
