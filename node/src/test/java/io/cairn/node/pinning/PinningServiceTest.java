package io.cairn.node.pinning;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multicodec;
import io.cairn.storage.codec.DagPb;
import io.cairn.storage.codec.PbLink;
import io.cairn.storage.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinningServiceTest {
  @TempDir Path dir;
  private PinningNode node;

  @BeforeEach
  void start() {
    node = PinningNode.create(dir, "3s");
  }

  @AfterEach
  void stop() {
    node.close();
  }

  @Test
  void refusesRequestsWithoutTheRightTokenWithTheSpecsFailure() throws Exception {
    for (String auth : new String[] {null, "Bearer wrong", "Basic dGVzdHM6eA==", "Bearer"}) {
      PinningNode.Response r = node.call("GET", "/pinning/pins", null, auth);
      assertThat(r.status()).as(String.valueOf(auth)).isEqualTo(401);
      assertThat(r.reason()).isEqualTo("UNAUTHORIZED");
      assertThat(r.details()).isEqualTo("Access token is missing or invalid");
      assertThat(r.raw().headers().firstValue("WWW-Authenticate"))
          .get()
          .asString()
          .startsWith("Bearer");
      assertThat(r.raw().headers().firstValue("Content-Type")).contains("application/json");
    }
    PinningNode.Response post =
        node.call("POST", "/pinning/pins", "{\"cid\":\"" + someCid() + "\"}", "Bearer nope");
    assertThat(post.status()).isEqualTo(401);
    assertThat(node.get("/pinning/pins").status()).isEqualTo(200);
    assertThat(node.call("GET", "/pinning/pins", null, "bearer " + PinningNode.TOKEN).status())
        .isEqualTo(200);
  }

  @Test
  void addQueuesARequestThatBecomesPinnedWhenTheDagIsLocal() throws Exception {
    Cid root = node.addUnpinned("data.bin", TestData.bytes(1, 600_000));
    assertThat(node.recursivePins()).doesNotContainKey(root);
    Instant before = Instant.now().minusMillis(1);
    PinningNode.Response r =
        node.post(
            "/pinning/pins",
            "{\"cid\":\""
                + root
                + "\",\"name\":\"data.bin\",\"origins\":[\"/ip4/203.0.113.1/tcp/4001/p2p/"
                + node.daemon().config().peerId()
                + "\"],\"meta\":{\"app_id\":\"42\"}}");
    assertThat(r.status()).isEqualTo(202);
    JsonNode s = r.json();
    UUID id = UUID.fromString(s.path("requestid").asText());
    assertThat(id.version()).isEqualTo(7);
    assertThat(s.path("status").asText()).isIn("queued", "pinning", "pinned");
    assertThat(s.path("created").asText())
        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
    assertThat(Instant.parse(s.path("created").asText())).isAfter(before);
    assertThat(s.at("/pin/cid").asText()).isEqualTo(root.toString());
    assertThat(s.at("/pin/name").asText()).isEqualTo("data.bin");
    assertThat(s.at("/pin/meta/app_id").asText()).isEqualTo("42");
    assertThat(s.at("/pin/origins/0").asText()).startsWith("/ip4/203.0.113.1/tcp/4001/p2p/");
    assertThat(s.path("delegates").size()).isBetween(1, 20);
    s.path("delegates")
        .forEach(d -> assertThat(d.asText()).endsWith("/p2p/" + node.daemon().config().peerId()));

    JsonNode done = node.awaitStatus(id.toString(), "pinned");
    assertThat(done.path("requestid").asText()).isEqualTo(id.toString());
    assertThat(done.path("created").asText()).isEqualTo(s.path("created").asText());
    assertThat(node.recursivePins()).containsEntry(root, "data.bin");
  }

  @Test
  void aDagWithMissingBlocksStaysPinningUntilTheyArriveOrTheTimeoutFailsIt() throws Exception {
    // a root linking to two raw leaves, neither of them stored
    Block leafA = Block.create(Multicodec.RAW, "a".repeat(100).getBytes(StandardCharsets.UTF_8));
    Block leafB = Block.create(Multicodec.RAW, "b".repeat(100).getBytes(StandardCharsets.UTF_8));
    Block root =
        Block.create(
            Multicodec.DAG_PB,
            DagPb.encode(
                io.cairn.storage.codec.PbNode.of(
                    new byte[] {8, 1},
                    java.util.List.of(
                        new PbLink(leafA.cid(), "a", 100L), new PbLink(leafB.cid(), "b", 100L)))));
    node.daemon().storage().blocks().put(root);
    node.daemon().storage().blocks().put(leafA);

    String first = node.post("/pinning/pins", pinOf(root.cid())).json().path("requestid").asText();
    JsonNode waiting = node.await(first, "pinning", "waiting for block");
    assertThat(waiting.at("/info/status_details").asText())
        .contains("waiting for block " + leafB.cid(), "runs without a network");
    // the missing block arrives before the timeout: the next check pins the DAG
    node.daemon().storage().blocks().put(leafB);
    node.awaitStatus(first, "pinned");
    assertThat(node.recursivePins()).containsKey(root.cid());

    Block lonely =
        Block.create(
            Multicodec.DAG_PB,
            DagPb.encode(
                io.cairn.storage.codec.PbNode.of(
                    new byte[] {8, 1}, java.util.List.of(new PbLink(someCid(), "gone", 5L)))));
    node.daemon().storage().blocks().put(lonely);
    String second =
        node.post("/pinning/pins", pinOf(lonely.cid())).json().path("requestid").asText();
    JsonNode failed = node.awaitStatus(second, "failed");
    assertThat(node.daemon().service(PinningService.class).orElseThrow().requestCounts())
        .containsExactly(
            java.util.Map.entry("queued", 0L),
            java.util.Map.entry("pinning", 0L),
            java.util.Map.entry("pinned", 1L),
            java.util.Map.entry("failed", 1L));
    assertThat(node.metrics())
        .contains("cairn_pinning_requests{status=\"pinned\"} 1", "status=\"failed\"} 1");
    assertThat(failed.at("/info/status_details").asText())
        .contains("gave up after 3s", "block " + someCid() + " of the DAG is not on this node");
    assertThat(node.recursivePins()).doesNotContainKey(lonely.cid());
    assertThat(node.get("/pinning/pins?status=failed").json().path("count").asInt()).isEqualTo(1);
  }

  @Test
  void getReplaceAndDeleteFollowTheSpec() throws Exception {
    Cid a = node.addUnpinned("a.txt", "version one".getBytes(StandardCharsets.UTF_8));
    Cid b = node.addUnpinned("b.txt", "version two".getBytes(StandardCharsets.UTF_8));
    String ida = node.post("/pinning/pins", pinOf(a)).json().path("requestid").asText();
    node.awaitStatus(ida, "pinned");

    PinningNode.Response replaced =
        node.post("/pinning/pins/" + ida, "{\"cid\":\"" + b + "\",\"name\":\"v2\"}");
    assertThat(replaced.status()).isEqualTo(202);
    String idb = replaced.json().path("requestid").asText();
    assertThat(idb).isNotEqualTo(ida);
    assertThat(replaced.json().at("/pin/name").asText()).isEqualTo("v2");
    node.awaitStatus(idb, "pinned");
    assertThat(node.get("/pinning/pins/" + ida).status()).isEqualTo(404);
    assertThat(node.recursivePins()).containsKey(b).doesNotContainKey(a);

    PinningNode.Response deleted = node.call("DELETE", "/pinning/pins/" + idb, null);
    assertThat(deleted.status()).isEqualTo(202);
    assertThat(deleted.raw().body()).isEmpty();
    assertThat(node.get("/pinning/pins/" + idb).status()).isEqualTo(404);
    assertThat(node.recursivePins()).doesNotContainKey(b);
    assertThat(node.call("DELETE", "/pinning/pins/" + idb, null).status()).isEqualTo(404);
    assertThat(node.get("/pinning/pins").json().path("count").asInt()).isZero();
  }

  @Test
  void deleteKeepsAPinAnotherRequestOrTheUserStillHolds() throws Exception {
    Cid shared = node.addUnpinned("shared.txt", "shared".getBytes(StandardCharsets.UTF_8));
    String one = node.post("/pinning/pins", pinOf(shared)).json().path("requestid").asText();
    String two = node.post("/pinning/pins", pinOf(shared)).json().path("requestid").asText();
    node.awaitStatus(one, "pinned");
    node.awaitStatus(two, "pinned");
    node.call("DELETE", "/pinning/pins/" + one, null);
    assertThat(node.recursivePins()).containsKey(shared);
    node.call("DELETE", "/pinning/pins/" + two, null);
    assertThat(node.recursivePins()).doesNotContainKey(shared);

    // pinned by the user before the service was asked: the service never removes it
    Cid own = node.addUnpinned("own.txt", "mine".getBytes(StandardCharsets.UTF_8));
    node.daemon().storage().pins().add(own, true, "my pin");
    String three = node.post("/pinning/pins", pinOf(own)).json().path("requestid").asText();
    node.awaitStatus(three, "pinned");
    node.call("DELETE", "/pinning/pins/" + three, null);
    assertThat(node.recursivePins()).containsEntry(own, "my pin");
  }

  @Test
  void requestsSurviveARestartAndPendingOnesResume() throws Exception {
    Cid done = node.addUnpinned("done.txt", "done".getBytes(StandardCharsets.UTF_8));
    String pinned = node.post("/pinning/pins", pinOf(done)).json().path("requestid").asText();
    JsonNode before = node.awaitStatus(pinned, "pinned");
    Block later =
        Block.create(Multicodec.RAW, "arrives after the restart".getBytes(StandardCharsets.UTF_8));
    String pending =
        node.post("/pinning/pins", pinOf(later.cid())).json().path("requestid").asText();
    node.awaitStatus(pending, "pinning");

    // The resumed request must not give up (3 s) while the rest of the daemon is still starting,
    // before the block can arrive: this test is about resuming, not about the time limit.
    node.restart("60s");

    JsonNode after = node.get("/pinning/pins/" + pinned).json();
    assertThat(after).isEqualTo(before);
    node.daemon().storage().blocks().put(later);
    node.awaitStatus(pending, "pinned");
    assertThat(node.recursivePins()).containsKeys(done, later.cid());
    // new requests are still created after the old ones
    String next = node.post("/pinning/pins", pinOf(done)).json().path("requestid").asText();
    assertThat(UUID.fromString(next).compareTo(UUID.fromString(pending))).isPositive();
  }

  @Test
  void answersBadRequestsWithTheSpecsCodes() throws Exception {
    assertBad(node.post("/pinning/pins", "{\"cid\":\"QmNotACid\"}"), "Pin.cid 'QmNotACid'");
    assertBad(node.post("/pinning/pins", "{\"name\":\"x\"}"), "Pin.cid is missing");
    assertBad(node.post("/pinning/pins", "not json"), "the body is not JSON");
    assertBad(node.post("/pinning/pins", "[]"), "must be a Pin object");
    assertBad(
        node.post(
            "/pinning/pins",
            "{\"cid\":\"" + someCid() + "\",\"name\":\"" + "n".repeat(256) + "\"}"),
        "Pin.name is longer than 255");
    assertBad(
        node.post("/pinning/pins", "{\"cid\":\"" + someCid() + "\",\"meta\":{\"k\":1}}"),
        "Pin.meta.k must be a string");
    assertBad(
        node.post("/pinning/pins", "{\"cid\":\"" + someCid() + "\",\"origins\":[\"nope\"]}"),
        "Pin.origins");
    assertBad(node.get("/pinning/pins?limit=0"), "limit must be between 1 and 1000");
    assertBad(node.get("/pinning/pins?limit=1001"), "limit must be between 1 and 1000");
    assertBad(node.get("/pinning/pins?limit=ten"), "limit 'ten' is not a number");
    assertBad(node.get("/pinning/pins?status=done"), "unknown status 'done'");
    assertBad(node.get("/pinning/pins?match=fuzzy&name=x"), "match 'fuzzy'");
    assertBad(node.get("/pinning/pins?before=yesterday"), "before 'yesterday'");
    assertBad(node.get("/pinning/pins?meta=%7Bbroken"), "meta is not a JSON object");
    assertBad(node.get("/pinning/pins?cid=bad"), "cid 'bad' is not a valid CID");
    StringBuilder cids = new StringBuilder();
    for (int i = 0; i < 11; i++) {
      cids.append(i == 0 ? "" : ",")
          .append(Block.create(Multicodec.RAW, new byte[] {(byte) i}).cid());
    }
    assertBad(node.get("/pinning/pins?cid=" + cids), "cid takes at most 10 CIDs");

    String unknown = "018f0000-0000-7000-8000-000000000000";
    for (PinningNode.Response r :
        new PinningNode.Response[] {
          node.get("/pinning/pins/" + unknown),
          node.post("/pinning/pins/" + unknown, pinOf(someCid())),
          node.call("DELETE", "/pinning/pins/" + unknown, null),
          node.get("/pinning/pins/not-a-uuid"),
          node.get("/pinning/nothing-here")
        }) {
      assertThat(r.status()).isEqualTo(404);
      assertThat(r.reason()).isEqualTo("NOT_FOUND");
    }
    PinningNode.Response put = node.call("PUT", "/pinning/pins", "{}");
    assertThat(put.status()).isEqualTo(405);
    assertThat(put.raw().headers().firstValue("Allow")).contains("GET, POST");
  }

  @Test
  void aPinBodyIsHeldToOneMebibyteAndALargerOneRefusedWithTheSpecsFailure() throws Exception {
    // The spec's largest Pin: 1000 meta entries, here of 1000 characters each, fits.
    assertThat(node.post("/pinning/pins", pinWithMeta(1000)).status()).isEqualTo(202);

    PinningNode.Response tooLarge = node.post("/pinning/pins", pinWithMeta(1100));
    assertThat(tooLarge.status()).isEqualTo(413);
    assertThat(tooLarge.reason()).isEqualTo("PAYLOAD_TOO_LARGE");
    assertThat(tooLarge.details()).contains("/pinning/pins accepts at most 1048576 bytes");
    assertThat(node.get("/pinning/pins?status=queued,pinning,pinned,failed").json().get("count"))
        .hasToString("1");
  }

  private static String pinWithMeta(int valueLength) {
    StringBuilder b = new StringBuilder("{\"cid\":\"" + someCid() + "\",\"meta\":{");
    for (int i = 0; i < 1000; i++) {
      b.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"");
      b.append("v".repeat(valueLength)).append('"');
    }
    return b.append("}}").toString();
  }

  /** A request to the pins endpoint as a web page's script sends it: with an Origin. */
  private java.net.http.HttpResponse<String> fromPage(String method, String body, String... headers)
      throws Exception {
    return java.net.http.HttpClient.newHttpClient()
        .send(
            java.net.http.HttpRequest.newBuilder(java.net.URI.create(node.base() + "/pinning/pins"))
                .method(
                    method,
                    body == null
                        ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(body))
                .header("Origin", "https://app.example")
                .headers(headers)
                .build(),
            java.net.http.HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void browsersGetCorsHeadersAndAPreflightWithoutAToken() throws Exception {
    java.net.http.HttpResponse<String> preflight =
        fromPage("OPTIONS", null, "Access-Control-Request-Method", "POST");
    assertThat(preflight.statusCode()).isEqualTo(204);
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse(""))
        .contains("Authorization");
  }

  @Test
  void aBodyRefusedBeforeTheServiceRunsCarriesTheCorsHeaderForABrowser() throws Exception {
    java.net.http.HttpResponse<String> tooLarge =
        fromPage(
            "POST",
            pinWithMeta(1100),
            "Authorization",
            "Bearer " + PinningNode.TOKEN,
            "Content-Type",
            "application/json");
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("PAYLOAD_TOO_LARGE");
    // Without it a page could not read the answer, only see that its request failed.
    assertThat(tooLarge.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
  }

  private static void assertBad(PinningNode.Response r, String details) {
    assertThat(r.status()).as(r.raw().body()).isEqualTo(400);
    assertThat(r.reason()).isEqualTo("BAD_REQUEST");
    assertThat(r.details()).contains(details);
  }

  static String pinOf(Cid cid) {
    return "{\"cid\":\"" + cid + "\"}";
  }

  /** A CID of content no test stores. */
  static Cid someCid() {
    return Block.create(Multicodec.RAW, "nobody has this".getBytes(StandardCharsets.UTF_8)).cid();
  }
}
