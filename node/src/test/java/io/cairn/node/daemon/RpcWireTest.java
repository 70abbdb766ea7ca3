package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.RepoPaths;
import io.cairn.node.http.RequestListener;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RPC API on the wire, as go-ipfs-cmds frames Kubo's answers: value streams with {@code
 * X-Chunked-Output}, single values without, raw output with {@code X-Stream-Output} and {@code
 * X-Content-Length}; an error before any output as a JSON error object with status 500 (400 for the
 * client's mistakes), an error after output began in the {@code X-Stream-Error} trailer.
 */
class RpcWireTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BOUNDARY = "wire-test-boundary";

  @TempDir Path dir;
  private Daemon daemon;

  @BeforeEach
  void start() {
    daemon =
        Daemon.start(
            new RepoPaths(dir.resolve("repo")),
            new DaemonOptions(
                true,
                List.of(),
                new InetSocketAddress("127.0.0.1", 0),
                node -> List.of(),
                node -> List.of(),
                RequestListener.NONE),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private RawHttp post(String target) throws IOException {
    return RawHttp.post(daemon.apiAddress(), "/api/v0/" + target, null, null);
  }

  private RawHttp upload(String target, String name, byte[] data) throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.writeBytes(
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.writeBytes(data);
    body.writeBytes(("\r\n--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return RawHttp.post(
        daemon.apiAddress(),
        "/api/v0/" + target,
        "multipart/form-data; boundary=" + BOUNDARY,
        body.toByteArray());
  }

  private static JsonNode json(RawHttp r) throws IOException {
    return JSON.readTree(r.body());
  }

  @Test
  void valueStreamsAreChunkedOutputAndSingleValuesAreNot() throws IOException {
    RawHttp add = upload("add", "hello.txt", "hello world\n".getBytes(StandardCharsets.UTF_8));
    assertThat(add.status()).isEqualTo(200);
    assertThat(add.header("X-Chunked-Output")).isEqualTo("1");
    assertThat(add.header("Content-Type")).isEqualTo("application/json");

    RawHttp pins = post("pin/ls");
    assertThat(pins.status()).isEqualTo(200);
    assertThat(pins.header("X-Chunked-Output")).isNull();
    assertThat(json(pins).get("Keys").has("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"))
        .isTrue();
    RawHttp streamed = post("pin/ls?stream=true");
    assertThat(streamed.header("X-Chunked-Output")).isEqualTo("1");
    assertThat(json(streamed).get("Type").asText()).isEqualTo("recursive");
    assertThat(post("version").header("X-Chunked-Output")).isNull();
  }

  @Test
  void rawOutputCarriesStreamOutputAndContentLength() throws IOException {
    upload("add", "hello.txt", "hello world\n".getBytes(StandardCharsets.UTF_8));
    RawHttp cat = post("cat?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(cat.status()).isEqualTo(200);
    assertThat(cat.header("X-Stream-Output")).isEqualTo("1");
    assertThat(cat.header("X-Content-Length")).isEqualTo("12");
    assertThat(cat.header("Trailer")).isEqualTo("X-Stream-Error");
    assertThat(cat.bodyText()).isEqualTo("hello world\n");
    assertThat(cat.trailers()).doesNotContainKey("x-stream-error");

    RawHttp get = post("get?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(get.header("Content-Type")).isEqualTo("application/x-tar");
    // Kubo's X-Content-Length for get is the size of the content, for the progress bar.
    assertThat(get.header("X-Content-Length")).isEqualTo("12");
    assertThat(get.body().length % 512).isZero();
  }

  @Test
  void errorsBeforeOutputAreKuboErrorObjectsWith500Or400() throws IOException {
    String missing = "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";
    RawHttp notFound = post("block/get?arg=" + missing);
    assertThat(notFound.status()).isEqualTo(500);
    assertThat(notFound.header("Content-Type")).isEqualTo("application/json");
    JsonNode error = json(notFound);
    assertThat(error.get("Message").asText()).contains(missing);
    assertThat(error.get("Code").asInt()).isZero();
    assertThat(error.get("Type").asText()).isEqualTo("error");

    RawHttp noArgument = post("pin/add");
    assertThat(noArgument.status()).isEqualTo(400);
    assertThat(json(noArgument).get("Message").asText())
        .isEqualTo("argument \"ipfs-path\" is required");
    assertThat(json(noArgument).get("Code").asInt()).isEqualTo(1);
    assertThat(post("pin/ls?type=bogus").status()).isEqualTo(400);

    RawHttp noBoundary =
        RawHttp.post(
            daemon.apiAddress(), "/api/v0/block/put", "multipart/form-data", new byte[] {1});
    assertThat(noBoundary.status()).isEqualTo(400);
    assertThat(json(noBoundary).get("Message").asText())
        .isEqualTo("multipart body has no valid boundary");
  }

  @Test
  void anErrorAfterOutputBeganArrivesInTheStreamErrorTrailer() throws IOException {
    byte[] data = TestData.bytes(7, 600_000);
    String root = json(upload("add?pin=false", "data", data)).get("Hash").asText();
    JsonNode links = json(post("ls?arg=" + root)).get("Objects").get(0).get("Links");
    String lastLeaf = links.get(2).get("Hash").asText();
    assertThat(json(post("block/rm?arg=" + lastLeaf)).has("Error")).isFalse();

    RawHttp cat = post("cat?arg=" + root);
    assertThat(cat.status()).isEqualTo(200);
    assertThat(cat.header("X-Stream-Output")).isEqualTo("1");
    assertThat(cat.header("X-Content-Length")).isEqualTo("600000");
    // The leaves before the missing one were sent, then the error came as a trailer.
    assertThat(cat.body().length).isBetween(262_144, 524_288);
    assertThat(cat.body()).isEqualTo(Arrays.copyOf(data, cat.body().length));
    assertThat(cat.trailers().get("x-stream-error"))
        .isEqualTo("block " + lastLeaf + " is not in the repo");
  }

  @Test
  void aCommandThatFailsBeforeReadingItsWholeUploadStillAnswers() throws IOException {
    // The body goes on after the command refused it: its answer must still reach the client.
    RawHttp tooBig = upload("block/put", "big", new byte[6 * 1024 * 1024]);
    assertThat(tooBig.status()).isEqualTo(500);
    assertThat(json(tooBig).get("Message").asText()).startsWith("produced block is over 2MiB");
    assertThat(tooBig.header("Connection")).isEqualTo("close");
  }
}
