package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.NetworkDaemons;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code pubsub pub|sub|ls|peers}: Kubo's RPC shapes, errors and text between two daemons on
 * 127.0.0.1 with pubsub on.
 */
class PubsubCommandTest {
  @TempDir Path dir;

  private static void await(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(50);
    }
  }

  private static HttpResponse<InputStream> post(Daemon d, String path) throws Exception {
    URI uri = URI.create("http://127.0.0.1:" + d.apiAddress().getPort() + "/api/v0/" + path);
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofInputStream());
  }

  @Test
  void messagesGoFromOneDaemonToAnotherWithKubosShapes() throws Exception {
    try (Daemon a = NetworkDaemons.startWithPubsub(dir.resolve("a"));
        Daemon b = NetworkDaemons.startWithPubsub(dir.resolve("b"))) {
      Cli cliA = new Cli(a.paths().root(), Cli.Mode.IN_PROCESS);
      Cli cliB = new Cli(b.paths().root(), Cli.Mode.IN_PROCESS);
      cliB.ok("swarm", "connect", NetworkDaemons.dialAddress(a));
      String topic = "cairn news";
      String wire = PubsubCommand.topicArg(topic);
      assertThat(wire).isEqualTo("uY2Fpcm4gbmV3cw");

      // the RPC's stream starts before any message, as Kubo's
      HttpResponse<InputStream> sub = post(b, "pubsub/sub?arg=" + wire);
      assertThat(sub.statusCode()).isEqualTo(200);
      assertThat(sub.headers().firstValue("X-Chunked-Output")).hasValue("1");
      assertThat(cliB.ok("pubsub", "ls").out()).isEqualTo(topic + "\n");
      assertThat(cliB.ok("--enc=json", "pubsub", "ls").json().path("Strings").get(0).asText())
          .isEqualTo(wire);
      String peerB = NetworkDaemons.peerId(b);
      await(() -> cliA.ok("pubsub", "peers", topic).out().contains(peerB), "B's subscription");
      assertThat(cliA.ok("pubsub", "peers").out()).isEqualTo(peerB + "\n");

      assertThat(
              cliA.okWithInput("hello".getBytes(StandardCharsets.UTF_8), "pubsub", "pub", topic)
                  .out())
          .isEmpty();
      try (BufferedReader lines =
          new BufferedReader(new InputStreamReader(sub.body(), StandardCharsets.UTF_8))) {
        JsonNode m = Output.mapper().readTree(lines.readLine());
        assertThat(m.path("from").asText()).isEqualTo(NetworkDaemons.peerId(a));
        assertThat(m.path("data").asText()).isEqualTo("uaGVsbG8");
        assertThat(m.path("seqno").asText()).startsWith("u").hasSize(12);
        assertThat(m.path("topicIDs").get(0).asText()).isEqualTo(wire);
      }
      // the client went away: the subscription ends, and A hears of it
      await(() -> cliB.ok("pubsub", "ls").out().isEmpty(), "the subscription to end");
      await(() -> cliA.ok("pubsub", "peers", topic).out().isEmpty(), "B to leave the topic");

      // the CLI's sub prints each message's bytes as they are
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      Thread cliSub =
          new Thread(() -> cliA.runInto(out, new byte[0], "pubsub", "sub", topic), "cli-sub");
      cliSub.setDaemon(true);
      cliSub.start();
      await(
          () -> cliB.ok("pubsub", "peers", topic).out().contains(NetworkDaemons.peerId(a)),
          "A's subscription");
      cliB.okWithInput("one\n".getBytes(StandardCharsets.UTF_8), "pubsub", "pub", topic);
      cliB.okWithInput("two".getBytes(StandardCharsets.UTF_8), "pubsub", "pub", topic);
      await(
          () -> out.toString(StandardCharsets.UTF_8).equals("one\ntwo"),
          "the CLI to print both messages");
    }
  }

  @Test
  void refusesWithKubosErrors() throws Exception {
    try (Daemon off = NetworkDaemons.start(dir.resolve("off"));
        Daemon on = NetworkDaemons.startWithPubsub(dir.resolve("on"))) {
      Cli cli = new Cli(off.paths().root(), Cli.Mode.IN_PROCESS);
      assertThat(cli.fails("pubsub", "ls"))
          .isEqualTo(
              "experimental pubsub feature not enabled, run daemon with"
                  + " --enable-pubsub-experiment to use");
      String notMultibase = new String(post(on, "pubsub/peers?arg=%21x").body().readAllBytes());
      assertThat(notMultibase).contains("URL arg must be multibase encoded");
      String base64 = new String(post(on, "pubsub/peers?arg=mdG9waWM").body().readAllBytes());
      assertThat(base64).contains("URL arg must be base64url encoded");
    }
    Cli none = Cli.init(dir.resolve("none"), Cli.Mode.IN_PROCESS);
    assertThat(none.fails("pubsub", "ls")).contains("needs a running daemon");
  }
}
