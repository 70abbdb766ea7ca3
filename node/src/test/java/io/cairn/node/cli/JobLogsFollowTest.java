package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code job/logs?follow=true} against a daemon: a running job's output arrives while it runs, and
 * the stream ends when the job does.
 */
@ExtendWith(Cli.StopDaemons.class)
class JobLogsFollowTest {
  @TempDir Path tmp;

  private Path fixture(String name) throws IOException {
    try (InputStream in = JobLogsFollowTest.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      return Files.write(tmp.resolve(name + ".wasm"), in.readAllBytes());
    }
  }

  /** Queues the test module {@code name} without waiting; returns the job's id. */
  private String submit(Cli cli, String name) throws IOException {
    return cli.ok("--enc=json", "job", "run", "--wasm", fixture(name).toString())
        .json()
        .path("Id")
        .asText();
  }

  @Test
  void followStreamsARunningJobsOutputAndEndsWithTheJob() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.DAEMON);
    String id = submit(cli, "tick");
    InetSocketAddress api = cli.apiAddress();
    URI uri =
        URI.create(
            "http://127.0.0.1:" + api.getPort() + "/api/v0/job/logs?arg=" + id + "&follow=true");
    HttpClient client = HttpClient.newHttpClient();
    HttpResponse<InputStream> res =
        client.send(
            HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofInputStream());
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("X-Stream-Output")).hasValue("1");
    try (InputStream body = res.body()) {
      // tick.wasm prints once, then loops until cancelled: these bytes come while it runs.
      assertThat(new String(body.readNBytes(5), StandardCharsets.UTF_8)).isEqualTo("tick\n");
      assertThat(cli.ok("--enc=json", "job", "status", id).json().path("State").asText())
          .isEqualTo("running");
      cli.ok("job", "cancel", id);
      assertThat(body.readAllBytes()).as("nothing more, then the end").isEmpty();
    }
    assertThat(cli.ok("--enc=json", "job", "status", id).json().path("State").asText())
        .isEqualTo("cancelled");
    client.close();
  }

  /**
   * {@code job/status?wait=true} holds a running job's answer for about a second (so a waiting
   * client asks once a second, not in a busy loop), and answers an ended job at once.
   */
  @Test
  void statusWithWaitHoldsARunningJobsAnswerForASecond() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.DAEMON);
    String id = submit(cli, "tick");
    InetSocketAddress api = cli.apiAddress();
    URI uri =
        URI.create(
            "http://127.0.0.1:" + api.getPort() + "/api/v0/job/status?arg=" + id + "&wait=true");
    HttpClient client = HttpClient.newHttpClient();
    HttpRequest post =
        HttpRequest.newBuilder(uri).POST(HttpRequest.BodyPublishers.noBody()).build();
    long start = System.nanoTime();
    String running = client.send(post, HttpResponse.BodyHandlers.ofString()).body();
    long waitedMillis = (System.nanoTime() - start) / 1_000_000;
    assertThat(running).containsPattern("\"State\":\"(queued|running)\"");
    assertThat(waitedMillis).isGreaterThanOrEqualTo(900);

    cli.ok("job", "cancel", id);
    String ended = client.send(post, HttpResponse.BodyHandlers.ofString()).body();
    assertThat(ended).contains("\"State\":\"cancelled\"");
    client.close();
  }

  @Test
  void theCliFollowsAJobToItsEnd() throws IOException {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.DAEMON);
    String id = submit(cli, "hello");
    assertThat(cli.ok("job", "logs", "--follow", id).out()).isEqualTo("hello\n");
    assertThat(cli.ok("job", "logs", "-f", "--stderr", id).out()).isEmpty();
    assertThat(cli.fails("job", "logs", "--follow", "99")).isEqualTo("no job 99 here");
  }
}
