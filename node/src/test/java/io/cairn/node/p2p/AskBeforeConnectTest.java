package io.cairn.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.GatewayService;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.testing.TestData;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ask first, connect later, as Kubo allows: a command that needs a block no peer can be asked for
 * keeps its want open (and shown in {@code bitswap/wantlist}) until its {@code timeout} or the
 * fetch time-out, so a peer connected meanwhile is asked at once and the command completes. The
 * gateway still answers 504 at once when there is nobody to ask. Two daemons on 127.0.0.1.
 */
@Tag("p2p")
class AskBeforeConnectTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Longer than the isolation check (1 s) that used to fail such a fetch. */
  private static final Duration PAST_THE_OLD_FAILURE = Duration.ofMillis(2500);

  @TempDir Path dir;
  @RegisterExtension final StandardDaemons daemons = new StandardDaemons();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpRequest post(Daemon d, String target) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + d.apiAddress().getPort() + "/api/v0/" + target))
        .POST(HttpRequest.BodyPublishers.noBody())
        .build();
  }

  private Cid add(Daemon d, byte[] data) throws Exception {
    return daemons.add(d, "?chunker=size-1024&raw-leaves=true", data);
  }

  /** A CID of bytes no node holds. */
  private static Cid absent(String seed) {
    return Cid.compute(
        1, Multicodec.RAW.code(), HashFunction.SHA2_256, seed.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> wantlist(Daemon d) throws Exception {
    return wantlist(d, "bitswap/wantlist");
  }

  private List<String> wantlist(Daemon d, String command) throws Exception {
    HttpResponse<String> r = http.send(post(d, command), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    JsonNode keys = JSON.readTree(r.body()).get("Keys");
    List<String> out = new ArrayList<>();
    if (keys != null) {
      keys.forEach(k -> out.add(k.get("/").asText()));
    }
    return out;
  }

  private void awaitWanted(Daemon d, Cid cid) throws Exception {
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!wantlist(d).contains(cid.toString())) {
      assertThat(System.nanoTime()).as("%s is wanted", cid).isLessThan(end);
      Thread.sleep(50);
    }
  }

  /**
   * Sends {@code command} to {@code d} and checks that it still waits, {@code cid} wanted, past the
   * time the old isolation check would have failed it.
   */
  private <T> CompletableFuture<HttpResponse<T>> stillWaiting(
      Daemon d, Cid cid, String command, HttpResponse.BodyHandler<T> body) throws Exception {
    CompletableFuture<HttpResponse<T>> sent = http.sendAsync(post(d, command), body);
    awaitWanted(d, cid);
    Thread.sleep(PAST_THE_OLD_FAILURE.toMillis());
    assertThat(sent).as("%s waits for a peer", command).isNotDone();
    assertThat(wantlist(d)).contains(cid.toString());
    return sent;
  }

  @Test
  void pinAddStartedBeforeThePeerIsConnectedCompletesOnceItIs() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Daemon b = daemons.start(dir.resolve("b"));
    byte[] data = TestData.bytes(11, 5000);
    Cid root = add(b, data);

    CompletableFuture<HttpResponse<String>> pin =
        stillWaiting(a, root, "pin/add?arg=" + root, HttpResponse.BodyHandlers.ofString());

    StandardDaemons.connect(a, b);

    HttpResponse<String> pinned = pin.get(30, TimeUnit.SECONDS);
    assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
    assertThat(JSON.readTree(pinned.body()).get("Pins").get(0).asText()).isEqualTo(root.toString());
    HttpResponse<byte[]> cat =
        http.send(
            post(a, "cat?arg=" + root + "&offline=true"), HttpResponse.BodyHandlers.ofByteArray());
    assertThat(cat.statusCode()).isEqualTo(200);
    assertThat(cat.body()).isEqualTo(data);
    assertThat(wantlist(a)).isEmpty();
  }

  @Test
  void catStartedBeforeAPeerDialsInCompletesOnceItHasDialled() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Daemon b = daemons.start(dir.resolve("b"));
    byte[] data = TestData.bytes(12, 3000);
    Cid root = add(b, data);

    CompletableFuture<HttpResponse<byte[]>> cat =
        stillWaiting(a, root, "cat?arg=" + root, HttpResponse.BodyHandlers.ofByteArray());

    StandardDaemons.connect(b, a);

    HttpResponse<byte[]> r = cat.get(30, TimeUnit.SECONDS);
    assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
  }

  /**
   * kubo-rpc-client's {@code bitswap.wantlistForPeer} interface test: b waits for a block nobody
   * has, a connects to b, and a lists b's want in {@code bitswap/wantlist?peer=b} (a answered it
   * DONT_HAVE; Kubo keeps such a want until b cancels it).
   */
  @Test
  void aPeerThatConnectsListsTheWantOfTheNodeItConnectedTo() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Daemon b = daemons.start(dir.resolve("b"));
    Cid absent = absent("wanted by b, asked of a");
    CompletableFuture<HttpResponse<String>> get =
        stillWaiting(b, absent, "block/get?arg=" + absent, HttpResponse.BodyHandlers.ofString());

    StandardDaemons.connect(a, b);

    String peerB = StandardDaemons.net(b).p2p().peerId().toString();
    long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!wantlist(a, "bitswap/wantlist?peer=" + peerB).contains(absent.toString())) {
      assertThat(System.nanoTime()).as("a lists b's want of %s", absent).isLessThan(end);
      Thread.sleep(100);
    }
    assertThat(get).isNotDone();
    assertThat(wantlist(a)).isEmpty();
  }

  @Test
  void aFetchWithNoPeerToAskWaitsUntilTheRequestsTimeout() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Cid absent = absent("no peer to ask for this");

    long start = System.nanoTime();
    CompletableFuture<HttpResponse<String>> get =
        stillWaiting(
            a, absent, "block/get?timeout=4s&arg=" + absent, HttpResponse.BodyHandlers.ofString());
    HttpResponse<String> r = get.get(30, TimeUnit.SECONDS);
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.statusCode()).isEqualTo(500);
    assertThat(JSON.readTree(r.body()).get("Message").asText())
        .isEqualTo("context deadline exceeded");
    assertThat(took).isBetween(Duration.ofMillis(3900), Duration.ofSeconds(20));
    assertThat(wantlist(a)).isEmpty();
  }

  @Test
  void theGatewayStillAnswers504AtOnceWhenNoPeerCanBeAsked() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Cid absent = absent("the gateway has no peer to ask");
    InetSocketAddress gw = a.service(GatewayService.class).orElseThrow().boundAddress();

    long start = System.nanoTime();
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.getPort() + "/ipfs/" + absent))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.statusCode()).isEqualTo(504);
    assertThat(r.headers().firstValue("Retry-After")).hasValue("30");
    assertThat(r.body())
        .contains(absent.toString())
        .contains("no peer is connected to ask for it, and the provider search found none");
    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(wantlist(a)).isEmpty();
  }
}
