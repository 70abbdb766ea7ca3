package io.cairn.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.GatewayService;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Cid;
import io.cairn.storage.PeerId;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Daemons on 127.0.0.1 fetching each other's content over Bitswap, found through the DHT. */
@Tag("p2p")
class NetworkFetchTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @RegisterExtension final StandardDaemons daemons = new StandardDaemons();
  private final HttpClient http = HttpClient.newHttpClient();

  private Daemon start(String name) {
    return daemons.start(dir.resolve(name));
  }

  private static NodeNetwork net(Daemon d) {
    return StandardDaemons.net(d);
  }

  private static void connect(Daemon from, Daemon to) throws Exception {
    StandardDaemons.connect(from, to);
  }

  private HttpResponse<byte[]> post(Daemon d, String target) throws Exception {
    return daemons.post(d, target);
  }

  private Cid add(Daemon d, byte[] data) throws Exception {
    return daemons.add(d, "", data);
  }

  private static byte[] random(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  private static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting until " + what);
      }
      Thread.sleep(50);
    }
  }

  @Test
  void catGatewayAndPinFetchWhatAConnectedPeerAddedAndOfflineRefuses() throws Exception {
    Daemon a = start("a");
    Daemon b = start("b");
    byte[] file = random(3 * 1024 * 1024 + 17, 1);
    byte[] page = random(300_000, 2);
    byte[] pinned = random(700_000, 3);
    Cid fileCid = add(a, file);
    Cid pageCid = add(a, page);
    Cid pinnedCid = add(a, pinned);
    connect(b, a);

    HttpResponse<byte[]> offline = post(b, "cat?arg=" + fileCid + "&offline=true");
    assertThat(offline.statusCode()).isEqualTo(500);
    assertThat(new String(offline.body(), StandardCharsets.UTF_8))
        .contains("is not in the repo, and the node is offline");

    HttpResponse<byte[]> cat = post(b, "cat?arg=" + fileCid);
    assertThat(cat.statusCode()).isEqualTo(200);
    assertThat(cat.body()).isEqualTo(file);

    InetSocketAddress gw = b.service(GatewayService.class).orElseThrow().boundAddress();
    HttpResponse<byte[]> fromGateway =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + gw.getPort() + "/ipfs/" + pageCid))
                .build(),
            HttpResponse.BodyHandlers.ofByteArray());
    assertThat(fromGateway.statusCode()).isEqualTo(200);
    assertThat(fromGateway.body()).isEqualTo(page);

    assertThat(post(b, "pin/add?arg=" + pinnedCid).statusCode()).isEqualTo(200);
    net(a).p2p().host().disconnect(net(b).p2p().peerId()).get(10, TimeUnit.SECONDS);
    HttpResponse<byte[]> local = post(b, "cat?arg=" + pinnedCid + "&offline=true");
    assertThat(local.statusCode()).isEqualTo(200);
    assertThat(local.body()).isEqualTo(pinned);
  }

  @Test
  void aNodeFindsTheProviderThroughTheDhtAndFetches() throws Exception {
    Daemon a = start("a");
    Daemon b = start("b");
    Daemon c = start("c");
    PeerId peerA = net(a).p2p().peerId();
    PeerId peerB = net(b).p2p().peerId();
    connect(a, b);
    Kademlia dhtA = net(a).dht().orElseThrow();
    Kademlia dhtB = net(b).dht().orElseThrow();
    await(
        "A and B have each other in their routing tables",
        () -> dhtA.routingTable().contains(peerB) && dhtB.routingTable().contains(peerA));

    byte[] file = random(2 * 1024 * 1024 + 5, 4);
    Cid root = add(a, file);
    await(
        "B holds A's provider record for the root",
        () ->
            dhtB.localProviders(root.multihash(), 5).stream()
                .anyMatch(p -> p.peer().equals(peerA)));

    connect(c, b);
    assertThat(net(c).p2p().host().connection(peerA)).isEmpty();
    HttpResponse<byte[]> cat = post(c, "cat?arg=" + root);
    assertThat(cat.statusCode()).isEqualTo(200);
    assertThat(cat.body()).isEqualTo(file);
    assertThat(net(c).p2p().host().connection(peerA)).isPresent();
  }

  @Test
  void aFloodOfJunkConnectionsLeavesTheGatewayAndRealPeersServed() throws Exception {
    Daemon a = start("a");
    Daemon b = start("b");
    byte[] file = random(500_000, 5);
    Cid cid = add(a, file);
    InetSocketAddress swarm = net(a).p2p().host().listenAddresses().get(0).socketAddress();
    List<Socket> junk = new ArrayList<>();
    try {
      byte[] garbage = random(4096, 6);
      for (int i = 0; i < 300; i++) {
        // from another address than the real peer's: what one address may hold in the handshakes
        // is limited, so junk from the peer's own address would crowd it out
        Socket s =
            new Socket(
                swarm.getAddress(),
                swarm.getPort(),
                java.net.InetAddress.getByName("127.0.0.2"),
                0);
        junk.add(s);
        if (i % 2 == 0) {
          s.getOutputStream().write(garbage); // not multistream-select: dropped
        } // the others stay silent until the handshake deadline
      }
      await(
          "the garbage-sending connections are dropped",
          () ->
              net(a).p2p().metrics().drops().values().stream().mapToLong(Long::longValue).sum()
                  >= 150);

      InetSocketAddress gw = a.service(GatewayService.class).orElseThrow().boundAddress();
      HttpResponse<byte[]> fromGateway =
          http.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + gw.getPort() + "/ipfs/" + cid))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      assertThat(fromGateway.statusCode()).isEqualTo(200);
      assertThat(fromGateway.body()).isEqualTo(file);

      connect(b, a);
      HttpResponse<byte[]> cat = post(b, "cat?arg=" + cid);
      assertThat(cat.statusCode()).isEqualTo(200);
      assertThat(cat.body()).isEqualTo(file);
    } finally {
      for (Socket s : junk) {
        s.close();
      }
    }
  }

  @Test
  void aJobReadsItsModuleAndInputFromAPeer() throws Exception {
    Daemon a = start("a");
    Daemon b = start("b");
    byte[] module;
    try (java.io.InputStream in = NetworkFetchTest.class.getResourceAsStream("/wasm/copy.wasm")) {
      module = in.readAllBytes();
    }
    Cid moduleCid = add(a, module);
    Cid input = add(a, "0123456789".getBytes(StandardCharsets.UTF_8));
    connect(b, a);

    HttpResponse<byte[]> run =
        post(b, "job/run?wasm=" + moduleCid + "&input=in=" + input + "&arg=3");
    assertThat(run.statusCode()).as(new String(run.body(), StandardCharsets.UTF_8)).isEqualTo(200);
    String id = JSON.readTree(run.body()).path("Id").asText();
    JsonNode[] job = {null};
    await(
        "the job ends",
        () -> {
          try {
            job[0] = JSON.readTree(post(b, "job/status?arg=" + id).body());
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return job[0].has("Status");
        });
    assertThat(job[0].path("Status").asText()).isEqualTo("done");
    String out = job[0].path("Result").path("OutputRoot").asText();
    HttpResponse<byte[]> copied = post(b, "cat?arg=" + out + "/out&offline=true");
    assertThat(new String(copied.body(), StandardCharsets.UTF_8)).isEqualTo("3456789");
  }
}
