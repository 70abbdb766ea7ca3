package io.cairn.node.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.GatewayService;
import io.cairn.retrieval.ipns.IpnsRecord;
import io.cairn.storage.Cid;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** A name published on one daemon, served by another's gateway and resolved by its RPC API. */
class IpnsDaemonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  @RegisterExtension final StandardDaemons daemons = new StandardDaemons();
  private final HttpClient http = HttpClient.newHttpClient();

  private HttpResponse<byte[]> post(Daemon d, String target) throws Exception {
    return daemons.post(d, target);
  }

  private HttpResponse<byte[]> gateway(Daemon d, String path) throws Exception {
    InetSocketAddress gw = d.service(GatewayService.class).orElseThrow().boundAddress();
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + gw.getPort() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void aNamePublishedOnOneDaemonIsServedByAnothersGatewayWithItsContentFetched() throws Exception {
    Daemon a = daemons.start(dir.resolve("a"));
    Daemon b = daemons.start(dir.resolve("b"));
    byte[] page = "<h1>published under a name</h1>".getBytes(StandardCharsets.UTF_8);
    Cid cid = daemons.add(a, "", page);
    StandardDaemons.connect(b, a);
    // The publish puts the record to the peers of A's routing table, which B enters once its
    // Identify (announcing the DHT protocol) has arrived.
    var peerB = StandardDaemons.net(b).p2p().peerId();
    var tableOfA = StandardDaemons.net(a).dht().orElseThrow();
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!tableOfA.routingTable().contains(peerB) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(tableOfA.routingTable()).contains(peerB);

    HttpResponse<byte[]> published = post(a, "name/publish?arg=" + cid + "&ttl=2m");
    assertThat(published.statusCode())
        .as(new String(published.body(), StandardCharsets.UTF_8))
        .isEqualTo(200);
    String name = JSON.readTree(published.body()).get("Name").asText();

    HttpResponse<byte[]> served = gateway(b, "/ipns/" + name);
    assertThat(served.statusCode()).isEqualTo(200);
    assertThat(served.body()).isEqualTo(page);
    assertThat(served.headers().firstValue("Cache-Control")).contains("public, max-age=120");
    assertThat(served.headers().firstValue("X-Ipfs-Path")).contains("/ipns/" + name);

    HttpResponse<byte[]> record = gateway(b, "/ipns/" + name + "?format=ipns-record");
    assertThat(record.statusCode()).isEqualTo(200);
    IpnsRecord.decode(record.body()).validate(IpnsRecord.parseName(name), Instant.now());

    HttpResponse<byte[]> resolved = post(b, "name/resolve?arg=" + name + "&nocache=true");
    assertThat(JSON.readTree(resolved.body()).get("Path").asText()).isEqualTo("/ipfs/" + cid);
  }
}
