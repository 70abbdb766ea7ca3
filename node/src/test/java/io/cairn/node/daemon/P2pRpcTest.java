package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.storage.Cid;
import io.cairn.storage.HashFunction;
import io.cairn.storage.Multicodec;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The peer-to-peer commands on the wire, between two daemons with their networks on 127.0.0.1 (the
 * {@code test} profile): swarm, ping, id, routing and bitswap, with Kubo's output shapes; and
 * fetches that stop when nothing will come of them (Kubo's {@code timeout}, a client that goes
 * away).
 */
class P2pRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @BeforeEach
  void start() {
    a = daemon("a");
    b = daemon("b");
  }

  @AfterEach
  void stop() {
    a.close();
    b.close();
  }

  private Daemon daemon(String name) {
    return NetworkDaemons.start(dir.resolve(name));
  }

  static RawHttp post(Daemon d, String command, String... args) throws IOException {
    StringBuilder target = new StringBuilder("/api/v0/" + command);
    for (int i = 0; i < args.length; i++) {
      target
          .append(i == 0 && !command.contains("?") ? '?' : '&')
          .append("arg=")
          .append(URLEncoder.encode(args[i], StandardCharsets.UTF_8));
    }
    return RawHttp.post(d.apiAddress(), target.toString(), null, null);
  }

  /** POSTs {@code data} as the one file of a multipart body, named {@code field}. */
  static RawHttp upload(Daemon d, String target, String field, byte[] data) throws IOException {
    return RawHttp.post(
        d.apiAddress(),
        target,
        "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
        RpcWireTest.multipart(field, data));
  }

  static JsonNode json(Daemon d, String command, String... args) throws IOException {
    RawHttp r = post(d, command, args);
    assertThat(r.status()).as("%s: %s", command, r.bodyText()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** The values of a streamed (NDJSON) answer. */
  static List<JsonNode> stream(Daemon d, String command, String... args) throws IOException {
    RawHttp r = post(d, command, args);
    assertThat(r.status()).as("%s: %s", command, r.bodyText()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.bodyText().split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  static String peerId(Daemon d) throws IOException {
    return json(d, "id").get("ID").asText();
  }

  /** The address {@code d} is dialed at, with its peer ID. */
  static String dialAddress(Daemon d) throws IOException {
    return json(d, "id").get("Addresses").get(0).asText();
  }

  private void connectAToB() throws IOException {
    JsonNode connected = json(a, "swarm/connect", dialAddress(b));
    assertThat(connected.get("Strings").get(0).asText())
        .isEqualTo("connect " + peerId(b) + " success");
  }

  @Test
  void swarmConnectListsThePeerOnBothSidesAndDisconnectDropsIt() throws IOException {
    assertThat(json(a, "swarm/peers").get("Peers")).isEmpty();
    connectAToB();

    JsonNode peers = json(a, "swarm/peers?direction=true&latency=true").get("Peers");
    assertThat(peers).hasSize(1);
    JsonNode p = peers.get(0);
    assertThat(p.get("Peer").asText()).isEqualTo(peerId(b));
    assertThat(dialAddress(b)).startsWith(p.get("Addr").asText() + "/p2p/");
    assertThat(p.get("Direction").asInt()).isEqualTo(2);
    assertThat(p.get("Latency").asText()).matches("[0-9.]+(ns|µs|ms|s)");
    assertThat(p.has("Muxer")).isFalse();
    // Kubo declares Muxer but never fills it (its swarm.go leaves the assignment commented out),
    // so it is never there, verbose or not; kubo-rpc-client's test expects it undefined.
    JsonNode verbose = json(a, "swarm/peers?verbose=true").get("Peers").get(0);
    assertThat(verbose.has("Muxer")).isFalse();
    assertThat(verbose.get("Latency").asText()).matches("n/a|[0-9.]+(ns|µs|ms|s)");
    assertThat(verbose.get("Streams").isArray()).isTrue();
    assertThat(p.has("Streams")).isFalse();
    JsonNode streams = json(a, "swarm/peers?streams=true").get("Peers").get(0).get("Streams");
    assertThat(streams.isArray()).isTrue();
    streams.forEach(s -> assertThat(s.get("Protocol").asText()).startsWith("/"));

    JsonNode fromB = json(b, "swarm/peers?direction=true").get("Peers");
    assertThat(fromB).hasSize(1);
    assertThat(fromB.get(0).get("Peer").asText()).isEqualTo(peerId(a));
    assertThat(fromB.get(0).get("Direction").asInt()).isEqualTo(1);
    assertThat(json(a, "swarm/addrs").get("Addrs").has(peerId(b))).isTrue();

    JsonNode gone = json(a, "swarm/disconnect", peerId(b));
    assertThat(gone.get("Strings").get(0).asText())
        .isEqualTo("disconnect " + peerId(b) + " success");
    assertThat(json(a, "swarm/peers").get("Peers")).isEmpty();
    RawHttp again = post(a, "swarm/disconnect", peerId(b));
    assertThat(again.status()).isEqualTo(400);
    assertThat(again.bodyText()).contains("not connected");
  }

  @Test
  void swarmConnectToANodeThatDoesNotListenNamesThePeer() throws IOException {
    String b58 = peerId(b);
    String addr = dialAddress(b);
    b.close();
    RawHttp r = post(a, "swarm/connect", addr);
    assertThat(r.status()).isEqualTo(500);
    assertThat(JSON.readTree(r.body()).get("Message").asText())
        .startsWith("connect " + b58 + " failure: ");
  }

  @Test
  void idShowsDialAddressesAndProtocolsAndIdentifiesAnotherPeer() throws IOException {
    JsonNode self = json(a, "id");
    assertThat(self.get("Addresses")).isNotEmpty();
    for (JsonNode addr : self.get("Addresses")) {
      assertThat(addr.asText()).startsWith("/ip4/127.0.0.1/tcp/").endsWith("/p2p/" + peerId(a));
    }
    assertThat(self.get("Protocols").toString())
        .contains("/ipfs/id/1.0.0", "/ipfs/ping/1.0.0", "/ipfs/bitswap/1.2.0", "/ipfs/kad/1.0.0");

    json(a, "swarm/connect", dialAddress(b));
    JsonNode other = json(a, "id", peerId(b));
    assertThat(other.get("ID").asText()).isEqualTo(peerId(b));
    assertThat(other.get("PublicKey").asText()).isEqualTo(json(b, "id").get("PublicKey").asText());
    // What Identify announced is what the peer's own id shows, as with Kubo.
    assertThat(other.get("AgentVersion").asText())
        .startsWith("cairn/")
        .isEqualTo(json(b, "id").get("AgentVersion").asText());
    assertThat(other.get("Addresses").toString()).contains(dialAddress(b));
    assertThat(other.get("Protocols").toString()).contains("/ipfs/bitswap/1.2.0");
  }

  @Test
  void pingStreamsKubosLinesWithRoundTrips() throws IOException {
    connectAToB();
    List<JsonNode> lines = stream(a, "ping?count=2", peerId(b));
    assertThat(lines).hasSize(4);
    assertThat(lines.get(0).get("Text").asText()).isEqualTo("PING " + peerId(b) + ".");
    for (JsonNode pong : lines.subList(1, 3)) {
      assertThat(pong.get("Success").asBoolean()).isTrue();
      assertThat(pong.get("Time").asLong()).isPositive();
      assertThat(pong.get("Text").asText()).isEmpty();
    }
    assertThat(lines.get(3).get("Text").asText()).startsWith("Average latency: ").endsWith("ms");
    assertThat(post(a, "ping", peerId(a)).bodyText()).contains("peer ID refers to own node");
  }

  @Test
  void catOfABlockOnlyThePeerHasShowsInBitswapStatAndLedgers() throws IOException {
    byte[] data = "a block only b holds\n".getBytes(StandardCharsets.UTF_8);
    RawHttp put = upload(b, "/api/v0/block/put", "block", data);
    String cid = JSON.readTree(put.body()).get("Key").asText();
    connectAToB();

    RawHttp got = post(a, "block/get", cid);
    assertThat(got.status()).isEqualTo(200);
    assertThat(got.body()).isEqualTo(data);

    JsonNode statA = json(a, "bitswap/stat");
    assertThat(statA.get("BlocksReceived").asLong()).isEqualTo(1);
    assertThat(statA.get("DataReceived").asLong()).isEqualTo(data.length);
    assertThat(statA.get("Wantlist")).isEmpty();
    assertThat(statA.get("Peers").toString()).contains(peerId(b));
    assertThat(json(a, "stats/bitswap").get("BlocksReceived").asLong()).isEqualTo(1);
    JsonNode statB = json(b, "bitswap/stat");
    assertThat(statB.get("BlocksSent").asLong()).isEqualTo(1);
    assertThat(statB.get("DataSent").asLong()).isEqualTo(data.length);

    JsonNode ledger = json(a, "bitswap/ledger", peerId(b));
    assertThat(ledger.get("Peer").asText()).isEqualTo(peerId(b));
    assertThat(ledger.get("Recv").asLong()).isEqualTo(data.length);
    assertThat(ledger.get("Sent").asLong()).isZero();
    assertThat(ledger.get("Exchanged").asLong()).isEqualTo(1);
    assertThat(json(a, "bitswap/wantlist").get("Keys")).isEmpty();
  }

  /**
   * As Kubo's blockservice: a block stored on b while a waits for it goes to a at once, not at a's
   * next rebroadcast of its wants (10 s later).
   */
  @Test
  void aBlockPutWhileAPeerWantsItIsSentAtOnce() throws Exception {
    byte[] data = "put on b while a waits for it\n".getBytes(StandardCharsets.UTF_8);
    Cid cid = Cid.compute(1, Multicodec.RAW.code(), HashFunction.SHA2_256, data);
    connectAToB();
    CompletableFuture<RawHttp> got =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return post(a, "block/get", cid.toString());
              } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
              }
            });
    String wantsOfA = "bitswap/wantlist?peer=" + peerId(a);
    await(
        "b holds a's want",
        Duration.ofSeconds(10),
        () -> {
          try {
            return json(b, wantsOfA).path("Keys").toString().contains(cid.toString());
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });
    assertThat(upload(b, "/api/v0/block/put", "block", data).status()).isEqualTo(200);

    RawHttp r = got.get(5, TimeUnit.SECONDS);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).isEqualTo(data);
  }

  /**
   * Kubo's stats/bw: the host's totals grow with what a fetch moves, the rate over the second that
   * saw it is above 0, poll streams a value per interval until the client's deadline, and the
   * streams' bytes are counted by peer and by protocol.
   */
  @Test
  void statsBwCountsTheHostsBytesAndPollsUntilTheDeadline() throws Exception {
    connectAToB();
    JsonNode before = json(a, "stats/bw");
    byte[] data = TestData.bytes(9, 300_000);
    RawHttp added = upload(b, "/api/v0/add?pin=false", "file", data);
    String cid = JSON.readTree(added.body()).get("Hash").asText();
    assertThat(post(a, "cat", cid).body()).isEqualTo(data);
    JsonNode after = json(a, "stats/bw");
    assertThat(after.get("TotalIn").asLong() - before.get("TotalIn").asLong())
        .isGreaterThan(data.length);
    assertThat(after.get("TotalOut").asLong()).isGreaterThan(before.get("TotalOut").asLong());
    await(
        "a rate above 0",
        Duration.ofSeconds(5),
        () -> {
          try {
            return json(a, "stats/bw").get("RateIn").asDouble() > 0;
          } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
          }
        });

    RawHttp polled = post(a, "stats/bw?poll=true&interval=100ms&timeout=1s");
    assertThat(polled.status()).isEqualTo(200);
    assertThat(polled.trailers()).containsEntry("x-stream-error", "context deadline exceeded");
    List<String> values = polled.bodyText().lines().toList();
    assertThat(values).hasSizeBetween(4, 12);
    assertThat(JSON.readTree(values.get(0)).fieldNames())
        .toIterable()
        .containsExactly("TotalIn", "TotalOut", "RateIn", "RateOut");

    // By peer and by protocol: the bytes of streams, the block's among them (their rates are
    // checked in BandwidthMeterTest).
    JsonNode fromB = json(a, "stats/bw?peer=" + peerId(b));
    assertThat(fromB.get("TotalIn").asLong()).isGreaterThan(data.length);
    // Less than the host's bytes on the sockets, which add frame headers and encryption.
    assertThat(fromB.get("TotalIn").asLong())
        .isLessThan(json(a, "stats/bw").get("TotalIn").asLong());
    assertThat(fromB.get("TotalOut").asLong()).isPositive();
    JsonNode toA = json(b, "stats/bw?peer=" + peerId(a));
    assertThat(toA.get("TotalOut").asLong()).isGreaterThanOrEqualTo(fromB.get("TotalIn").asLong());
    JsonNode bitswap = json(a, "stats/bw?proto=/ipfs/bitswap/1.2.0");
    assertThat(bitswap.get("TotalIn").asLong()).isGreaterThan(data.length);
    assertThat(bitswap.get("TotalIn").asLong()).isLessThanOrEqualTo(fromB.get("TotalIn").asLong());
    assertThat(json(a, "stats/bw?proto=/no/such/1.0.0").get("TotalIn").asLong()).isZero();
    RawHttp badPeer = post(a, "stats/bw?peer=x");
    assertThat(badPeer.status()).isEqualTo(400);
    assertThat(badPeer.bodyText()).contains("'x' is not a peer ID");
    assertThat(post(a, "stats/bw?peer=x&proto=y").bodyText())
        .contains("please only specify peer OR protocol");
    RawHttp zero = post(a, "stats/bw?poll=true&interval=0");
    assertThat(zero.status()).isEqualTo(400);
    assertThat(zero.bodyText()).contains("interval");
  }

  @Test
  void aProvidedBlockIsFoundThroughTheDht() throws IOException {
    RawHttp put =
        RawHttp.post(
            b.apiAddress(),
            "/api/v0/block/put",
            "multipart/form-data; boundary=" + RpcWireTest.BOUNDARY,
            RpcWireTest.multipart("block", "provided by b\n".getBytes(StandardCharsets.UTF_8)));
    String cid = JSON.readTree(put.body()).get("Key").asText();
    // The DHT takes a peer into its routing table when a connection opens and the peer store
    // already says the peer speaks Kademlia; the first connection teaches that (Identify), the
    // second puts each peer in the other's table.
    json(b, "swarm/connect", dialAddress(a));
    json(b, "id", peerId(a));
    json(a, "id", peerId(b));
    json(b, "swarm/disconnect", peerId(a));
    json(b, "swarm/connect", dialAddress(a));

    List<JsonNode> provided = stream(b, "routing/provide", cid);
    assertThat(provided).hasSize(1);
    assertThat(provided.get(0).get("Type").asInt()).isEqualTo(4);
    assertThat(provided.get(0).get("Extra").asText()).isEqualTo(cid);

    List<JsonNode> found = stream(a, "routing/findprovs?num-providers=1", cid);
    assertThat(found).hasSize(1);
    assertThat(found.get(0).get("Type").asInt()).isEqualTo(4);
    assertThat(found.get(0).get("Responses").get(0).get("ID").asText()).isEqualTo(peerId(b));

    List<JsonNode> peer = stream(a, "routing/findpeer", peerId(b));
    assertThat(peer.get(0).get("Type").asInt()).isEqualTo(2);
    assertThat(peer.get(0).get("Responses").get(0).get("Addrs").toString())
        .contains(dialAddress(b).substring(0, dialAddress(b).indexOf("/p2p/")));

    JsonNode status = json(b, "stats/reprovide");
    assertThat(status.get("TotalProvides").asLong()).isEqualTo(1);
    assertThat(json(b, "stats/provide").get("Sweep").get("schedule").get("keys").asLong())
        .isEqualTo(1);
    assertThat(post(b, "routing/reprovide").status()).isEqualTo(200);
    assertThat(json(b, "stats/reprovide").get("RegionsReprovided").asLong())
        .isGreaterThanOrEqualTo(
            status.get("RegionsReprovided").asLong() + status.get("Regions").asLong());

    // Kubo's stats dht: b is in a's table, connected, and answers a's lookup of a peer no one
    // knows, though without any peer (b knows only a): queried, never useful.
    assertThat(
            post(a, "routing/findpeer", "Qmd7qZS4T7xXtsNFdRoK1trfMs5zU94EpokQ9WFtxdPxsZ").status())
        .isEqualTo(200);
    List<JsonNode> tables = stream(a, "stats/dht");
    assertThat(tables).extracting(t -> t.get("Name").asText()).containsExactly("wan", "lan");
    // on loopback, without Routing.LoopbackAddressesOnLanDHT, no peer is on the LAN DHT
    assertThat(tables.get(1).get("Buckets")).isEmpty();
    JsonNode buckets = tables.get(0).get("Buckets");
    JsonNode last = buckets.get(buckets.size() - 1);
    for (int i = 0; i < buckets.size() - 1; i++) {
      assertThat(buckets.get(i).get("Peers").isNull()).isTrue();
    }
    assertThat(last.get("Peers")).hasSize(1);
    JsonNode listed = last.get("Peers").get(0);
    assertThat(listed.get("ID").asText()).isEqualTo(peerId(b));
    assertThat(listed.get("Connected").asBoolean()).isTrue();
    assertThat(listed.get("AgentVersion").asText()).startsWith("cairn/");
    assertThat(listed.get("LastQueriedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*");
    assertThat(listed.get("LastUsefulAt").asText()).isEmpty();
    assertThat(stream(a, "stats/dht?arg=wan&arg=wanserver")).hasSize(2);
    assertThat(stream(a, "stats/dht?arg=lanserver"))
        .extracting(t -> t.get("Name").asText())
        .containsExactly("lanserver");
    assertThat(post(a, "stats/dht?arg=dht").bodyText()).contains("unknown dht type: dht");
  }

  /**
   * As Kubo: a peer no one knows is a QueryError event streamed with status 200, and the error in
   * the X-Stream-Error trailer, not a 500 before any output.
   */
  @Test
  void findPeerOfAnUnknownPeerStreamsKubosQueryErrorAndTheTrailer() throws IOException {
    connectAToB();
    RawHttp r = post(a, "routing/findpeer", "Qmd7qZS4T7xXtsNFdRoK1trfMs5zU94EpokQ9WFtxdPxsZ");

    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
    List<JsonNode> events = new ArrayList<>();
    for (String line : r.bodyText().split("\n")) {
      events.add(JSON.readTree(line));
    }
    assertThat(events).hasSize(1);
    assertThat(events.get(0).toString())
        .isEqualTo("{\"Extra\":\"routing: not found\",\"ID\":\"\",\"Responses\":null,\"Type\":3}");
    assertThat(r.trailers()).containsEntry("x-stream-error", "routing: not found");
  }

  // Network fetches behind the API stop when nothing will come of them: at the deadline of Kubo's
  // global timeout option and when the client goes away (with no peer to ask they wait for one, as
  // AskBeforeConnectTest shows). a fetches what b does not have, so its wants stay unanswered.

  private static Cid absent(String seed) {
    return Cid.compute(
        1, Multicodec.RAW.code(), HashFunction.SHA2_256, seed.getBytes(StandardCharsets.UTF_8));
  }

  private static List<String> wantlist(Daemon d) throws IOException {
    JsonNode keys = json(d, "bitswap/wantlist").get("Keys");
    return keys == null || keys.isNull()
        ? List.of()
        : java.util.stream.StreamSupport.stream(keys.spliterator(), false)
            .map(k -> k.get("/").asText())
            .toList();
  }

  static void await(String what, Duration limit, BooleanSupplier done) throws InterruptedException {
    long end = System.nanoTime() + limit.toNanos();
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as(what).isLessThan(end);
      Thread.sleep(50);
    }
  }

  @Test
  void timeoutEndsAFetchWithKubosDeadlineError() throws Exception {
    connectAToB();
    Cid cid = absent("b does not have this");

    long start = System.nanoTime();
    RawHttp r = post(a, "block/get?timeout=1s", cid.toString());
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(r.status()).as(r.bodyText()).isEqualTo(500);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("Message").asText()).isEqualTo("context deadline exceeded");
    assertThat(error.get("Code").asInt()).isZero();
    assertThat(error.get("Type").asText()).isEqualTo("error");
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(10));
    assertThat(wantlist(a)).isEmpty();
  }

  @Test
  void timeoutAfterOutputBeganIsTheStreamErrorTrailer() throws Exception {
    connectAToB();
    byte[] data = TestData.bytes(7, 3000);
    RawHttp added =
        upload(
            a,
            "/api/v0/add?pin=false&chunker=size-1000&raw-leaves=true&cid-version=1",
            "file",
            data);
    assertThat(added.status()).as(added.bodyText()).isEqualTo(200);
    String root = JSON.readTree(added.body()).get("Hash").asText();
    String[] leaves = post(a, "refs", root).bodyText().split("\n");
    String last = JSON.readTree(leaves[leaves.length - 1]).get("Ref").asText();
    assertThat(post(a, "block/rm", last).status()).isEqualTo(200);

    RawHttp r = post(a, "cat?timeout=1500ms", root);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("X-Stream-Output")).isEqualTo("1");
    assertThat(r.trailers()).containsEntry("x-stream-error", "context deadline exceeded");
    assertThat(r.body().length).isLessThan(data.length);
    assertThat(wantlist(a)).isEmpty();
  }

  @Test
  void malformedTimeoutIsAClientErrorNamingTheOption() throws Exception {
    RawHttp r = post(a, "block/get?timeout=10", absent("x").toString());

    assertThat(r.status()).isEqualTo(400);
    JsonNode error = JSON.readTree(r.body());
    assertThat(error.get("Message").asText())
        .isEqualTo(
            "option 'timeout' must be a duration such as 500ms, 30s or 1h30m: '10' has a number"
                + " without a unit (ns, us, ms, s, m or h)");
    assertThat(error.get("Code").asInt()).isEqualTo(1);
  }

  @Test
  void aClientThatGoesAwayStopsItsFetchAndItsWant() throws Exception {
    connectAToB();
    Cid cid = absent("nobody will send this");
    try (Socket s = new Socket(a.apiAddress().getAddress(), a.apiAddress().getPort())) {
      OutputStream out = s.getOutputStream();
      out.write(
          ("POST /api/v0/block/get?arg="
                  + cid
                  + " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Length: 0\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      await("the want is out", Duration.ofSeconds(10), () -> wants(cid));
    }
    await("the want is withdrawn after the disconnect", Duration.ofSeconds(5), () -> !wants(cid));
  }

  private boolean wants(Cid cid) {
    try {
      return wantlist(a).contains(cid.toString());
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
