package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.RemoteApi;
import io.cairn.node.api.ResultSink;
import io.cairn.node.http.RequestListener;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
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
  static final String BOUNDARY = "wire-test-boundary";

  @TempDir Path dir;
  private Daemon daemon;

  @BeforeEach
  void start() {
    daemon = quietDaemon(dir);
  }

  /** A daemon with no routes on a free port, its console output dropped. */
  static Daemon quietDaemon(Path dir) {
    return Daemon.start(
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
    return RawHttp.api(daemon, target);
  }

  private RawHttp upload(String target, String name, byte[] data) throws IOException {
    return RawHttp.apiUpload(daemon, target, name, data);
  }

  static byte[] multipart(String name, byte[] data) {
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
    return body.toByteArray();
  }

  /** The head of a one-connection multipart upload to {@code command} of {@code length} bytes. */
  static byte[] uploadHead(String command, int length) {
    return ("POST /api/v0/"
            + command
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
            + "Content-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nContent-Length: "
            + length
            + "\r\n\r\n")
        .getBytes(StandardCharsets.UTF_8);
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
  void optionsParseAsKuboParsesThem() throws IOException {
    // Booleans as Go's strconv.ParseBool reads them, after Kubo lowercases them.
    assertThat(post("pin/ls?stream=t").header("X-Chunked-Output")).isEqualTo("1");
    assertThat(post("pin/ls?stream=TRUE").header("X-Chunked-Output")).isEqualTo("1");
    RawHttp notStreamed = post("pin/ls?stream=F");
    assertThat(notStreamed.status()).isEqualTo(200);
    assertThat(notStreamed.header("X-Chunked-Output")).isNull();
    assertThat(post("pin/ls?stream=yes").status()).isEqualTo(400);

    // An option that takes one value, given twice, is the client's mistake, not a silent pick.
    RawHttp twice = post("pin/ls?type=recursive&type=direct");
    assertThat(twice.status()).isEqualTo(400);
    assertThat(json(twice).get("Message").asText())
        .isEqualTo("expected key type to have only a single value, received [recursive direct]");
    RawHttp pinTwice = upload("add?pin=false&pin=true", "a.txt", new byte[] {1});
    assertThat(pinTwice.status()).isEqualTo(400);
    assertThat(json(post("pin/ls")).get("Keys")).isEmpty();
  }

  @Test
  void cidFormatAndBase32AnswerOneValuePerCidAsKubo() throws IOException {
    String v0 = "QmS4ustL54uo8FzR9455qaxZwuMiUhyvMcX9Ba8nUH4uVv";
    RawHttp format = post("cid/format?arg=" + v0 + "&v=1&b=base58btc&f=%25s%20%25c");
    assertThat(format.status()).isEqualTo(200);
    assertThat(format.header("X-Chunked-Output")).isEqualTo("1");
    JsonNode formatted = json(format);
    assertThat(formatted.get("CidStr").asText()).isEqualTo(v0);
    assertThat(formatted.get("Formatted").asText())
        .isEqualTo("zdj7WZAAFKPvYPPzyJLso2hhxo8a7ZACFQ4DvvfrNXTHidofr dag-pb");
    assertThat(formatted.get("ErrorMsg").asText()).isEmpty();

    List<JsonNode> base32 = new ArrayList<>();
    JSON.readerFor(JsonNode.class)
        .<JsonNode>readValues(post("cid/base32?arg=not-a-cid&arg=" + v0).body())
        .forEachRemaining(base32::add);
    assertThat(base32).hasSize(2);
    assertThat(base32.get(0).get("CidStr").asText()).isEqualTo("not-a-cid");
    assertThat(base32.get(0).get("Formatted").asText()).isEmpty();
    assertThat(base32.get(0).get("ErrorMsg").asText()).isNotEmpty();
    assertThat(base32.get(1).get("Formatted").asText())
        .isEqualTo("bafybeibxm2nsadl3fnxv2sxcxmxaco2jl53wpeorjdzidjwf5aqdg7wa6u");

    RawHttp badVersion = post("cid/format?arg=" + v0 + "&v=2");
    assertThat(badVersion.status()).isEqualTo(400);
    assertThat(json(badVersion).get("Message").asText()).isEqualTo("invalid cid version: \"2\"");
    assertThat(json(post("cid/base32")).get("Message").asText())
        .isEqualTo("argument \"cid\" is required");
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

  /** Two file parts under one name: add emits the first, then fails naming the path. */
  private static byte[] duplicateUpload(String escapedName) {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (String data : List.of("one", "two")) {
      body.writeBytes(
          ("--"
                  + BOUNDARY
                  + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
                  + escapedName
                  + "\"\r\nContent-Type: application/octet-stream\r\n\r\n"
                  + data
                  + "\r\n")
              .getBytes(StandardCharsets.UTF_8));
    }
    body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
    return body.toByteArray();
  }

  @Test
  void aStreamErrorNamingAFileWithControlCharactersStillEndsTheResponse() throws IOException {
    // A file name may hold a carriage return; the trailer cannot, so the message must be cleaned
    // rather than the response left without its end.
    byte[] body = duplicateUpload("a%0Db%09c%00d");
    try (Socket s = connect()) {
      s.setSoTimeout(10_000);
      send(s, uploadHead("add?pin=false", body.length));
      send(s, body);
      RawHttp add = RawHttp.read(s.getInputStream());
      assertThat(add.status()).isEqualTo(200);
      assertThat(json(add).get("Name").asText()).isEqualTo("a\rb\tc\u0000d");
      assertThat(add.trailers().get("x-stream-error"))
          .isEqualTo("import entry 'a b c d' comes twice");
    }
  }

  @Test
  void aStreamErrorKeepsTheUtf8OfTheNamesInIt() throws IOException {
    String name = "donn\u00e9es-\u20ac.txt";
    ApiRequest add =
        ApiRequest.to("add")
            .option("pin", false)
            .body(
                List.of(
                        BodyPart.file(name, () -> new ByteArrayInputStream(new byte[] {1})),
                        BodyPart.file(name, () -> new ByteArrayInputStream(new byte[] {2})))
                    .iterator())
            .build();
    ResultSink ignore =
        new ResultSink() {
          @Override
          public void value(JsonNode value) {}

          @Override
          public OutputStream binary(long length) {
            return OutputStream.nullOutputStream();
          }
        };
    assertThatThrownBy(() -> new RemoteApi(daemon.apiAddress(), null, "test").call(add, ignore))
        .isInstanceOf(ApiException.class)
        .hasMessage("import entry '" + name + "' comes twice");
  }

  @Test
  void aSymlinkTargetTooLongToKeepIsRefusedNotCut() throws IOException {
    String target = "t/".repeat(40_000);
    byte[] body =
        ("--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d\"\r\n"
                + "Content-Type: application/x-directory\r\n\r\n\r\n--"
                + BOUNDARY
                + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d%2Fl\"\r\n"
                + "Content-Type: application/symlink\r\n\r\n"
                + target
                + "\r\n--"
                + BOUNDARY
                + "--\r\n")
            .getBytes(StandardCharsets.UTF_8);
    RawHttp add =
        RawHttp.post(
            daemon.apiAddress(),
            "/api/v0/add?pin=false",
            "multipart/form-data; boundary=" + BOUNDARY,
            body);
    assertThat(add.status()).isEqualTo(400);
    assertThat(json(add).get("Message").asText())
        .isEqualTo("symlink d/l: its target is longer than 65536 bytes");
  }

  @Test
  void aCommandThatFailsBeforeReadingItsWholeUploadStillAnswers() throws IOException {
    // The body goes on after the command refused it: its answer must still reach the client.
    RawHttp tooBig = upload("block/put", "big", new byte[6 * 1024 * 1024]);
    assertThat(tooBig.status()).isEqualTo(500);
    assertThat(json(tooBig).get("Message").asText()).startsWith("produced block is over 2MiB");
    assertThat(tooBig.header("Connection")).isEqualTo("close");
  }

  // One connection carrying many requests, as HTTP/1.1 clients use it: kept alive unless a reply
  // says Connection: close, and pipelined requests answered in order.

  private Socket connect() throws IOException {
    InetSocketAddress api = daemon.apiAddress();
    Socket s = new Socket(api.getAddress(), api.getPort());
    s.setSoTimeout(30_000);
    return s;
  }

  private static String postRequest(String target, String... headers) {
    StringBuilder b = new StringBuilder("POST /api/v0/" + target + " HTTP/1.1\r\n");
    b.append("Host: 127.0.0.1\r\n");
    for (String h : headers) {
      b.append(h).append("\r\n");
    }
    return b.append("Content-Length: 0\r\n\r\n").toString();
  }

  /** A multipart upload request, its Content-Length {@code contentLength} or the true one (-1). */
  private static byte[] uploadRequest(String target, byte[] data, int contentLength) {
    byte[] b = multipart("f", data);
    String head =
        "POST /api/v0/"
            + target
            + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nContent-Length: "
            + (contentLength < 0 ? b.length : contentLength)
            + "\r\n\r\n";
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    all.writeBytes(b);
    return all.toByteArray();
  }

  private static void send(Socket s, String text) throws IOException {
    send(s, text.getBytes(StandardCharsets.UTF_8));
  }

  private static void send(Socket s, byte[] bytes) throws IOException {
    OutputStream out = s.getOutputStream();
    out.write(bytes);
    out.flush();
  }

  /** Reads one answer that must keep the connection open. */
  private static RawHttp keptAlive(InputStream in) throws IOException {
    RawHttp r = RawHttp.read(in);
    assertThat(r.header("Connection")).isNull();
    return r;
  }

  @Test
  void oneConnectionCarriesAHundredCallsInARow() throws IOException {
    try (Socket s = connect()) {
      InputStream in = s.getInputStream();
      for (int i = 0; i < 100; i++) {
        send(s, postRequest("version"));
        RawHttp version = keptAlive(in);
        assertThat(version.status()).isEqualTo(200);
        assertThat(json(version).has("Version")).isTrue();
        send(s, postRequest("id"));
        RawHttp id = keptAlive(in);
        assertThat(id.status()).isEqualTo(200);
        assertThat(json(id).has("ID")).isTrue();
      }
      send(s, postRequest("version", "Connection: close"));
      RawHttp last = RawHttp.read(in);
      assertThat(last.header("Connection")).isEqualTo("close");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void errorRepliesKeepTheConnectionToo() throws IOException {
    String missing = "bafkreibmlvvgdyihetgocpof6xk64kjjzdeq2e4c7hqs3krdheosk4tgj4";
    try (Socket s = connect()) {
      InputStream in = s.getInputStream();
      for (int i = 0; i < 20; i++) {
        send(s, postRequest("block/stat?arg=" + missing));
        assertThat(keptAlive(in).status()).isEqualTo(500);
        send(s, postRequest("no/such/command"));
        assertThat(keptAlive(in).status()).isEqualTo(404);
      }
    }
  }

  @Test
  void pipelinedRequestsAreAnsweredInOrder() throws IOException {
    List<String> cids = new ArrayList<>();
    try (Socket s = connect()) {
      InputStream in = s.getInputStream();
      for (int i = 0; i < 4; i++) {
        send(s, uploadRequest("block/put", TestData.bytes(i, 1000 + i * 100_000), -1));
        cids.add(json(keptAlive(in)).get("Key").asText());
      }
    }
    for (int round = 0; round < 5; round++) {
      try (Socket s = connect()) {
        StringBuilder all = new StringBuilder();
        for (String cid : cids) {
          all.append(postRequest("block/stat?arg=" + cid));
        }
        all.append(postRequest("version", "Connection: close"));
        send(s, all.toString());
        InputStream in = s.getInputStream();
        for (int i = 0; i < 4; i++) {
          JsonNode stat = json(keptAlive(in));
          assertThat(stat.get("Key").asText()).isEqualTo(cids.get(i));
          assertThat(stat.get("Size").asInt()).isEqualTo(1000 + i * 100_000);
        }
        RawHttp version = RawHttp.read(in);
        assertThat(json(version).has("Version")).isTrue();
        assertThat(in.read()).isEqualTo(-1);
      }
    }
  }

  @Test
  void moreRequestsPipelinedThanTheCodecQueuesAreAllAnswered() throws IOException {
    int n = 300;
    try (Socket s = connect()) {
      send(s, postRequest("version").repeat(n - 1) + postRequest("id", "Connection: close"));
      InputStream in = s.getInputStream();
      for (int i = 0; i < n - 1; i++) {
        assertThat(json(keptAlive(in)).has("Version")).as("reply %d", i).isTrue();
      }
      assertThat(json(RawHttp.read(in)).has("ID")).isTrue();
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void anUploadWithBrokenChunkedFramingIsRefusedAndItsConnectionClosed() throws IOException {
    byte[] body = multipart("f", "hello world\n".getBytes(StandardCharsets.UTF_8));
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(
        ("POST /api/v0/add?pin=false HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Content-Type: multipart/form-data; boundary="
                + BOUNDARY
                + "\r\nTransfer-Encoding: chunked\r\n\r\n14\r\n")
            .getBytes(StandardCharsets.UTF_8));
    all.write(body, 0, 20);
    // Not a chunk size: the decoder gives up on the body here.
    all.writeBytes("\r\nZZZ\r\n".getBytes(StandardCharsets.UTF_8));
    all.write(body, 20, body.length - 20);
    all.writeBytes("\r\n0\r\n\r\n".getBytes(StandardCharsets.UTF_8));
    all.writeBytes(postRequest("version").getBytes(StandardCharsets.UTF_8));
    try (Socket s = connect()) {
      s.setSoTimeout(5000);
      send(s, all.toByteArray());
      InputStream in = s.getInputStream();
      RawHttp add = RawHttp.read(in);
      assertThat(add.status()).isEqualTo(500);
      assertThat(json(add).get("Message").asText())
          .startsWith("cannot read the multipart body: the request body is malformed");
      assertThat(add.header("Connection")).isEqualTo("close");
      // What follows cannot be told apart from the broken body: the connection ends.
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void anUploadThatExpectsContinueIsToldToGoOn() throws IOException {
    // curl sends Expect: 100-continue with bodies over 1 MiB and waits for the go-ahead before
    // sending the body; Go's server gives it for Kubo once the command reads the body.
    byte[] body = multipart("f", "hello world\n".getBytes(StandardCharsets.UTF_8));
    String head =
        "POST /api/v0/add?pin=false HTTP/1.1\r\nHost: 127.0.0.1\r\nExpect: 100-continue\r\n"
            + "Content-Type: multipart/form-data; boundary="
            + BOUNDARY
            + "\r\nContent-Length: "
            + body.length
            + "\r\n\r\n";
    try (Socket s = connect()) {
      s.setSoTimeout(5000);
      send(s, head);
      InputStream in = s.getInputStream();
      // An interim response: a status line and headers, never a body.
      String interim =
          new String(
              in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length()), StandardCharsets.UTF_8);
      assertThat(interim).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      send(s, body);
      RawHttp add = keptAlive(in);
      assertThat(add.status()).isEqualTo(200);
      assertThat(json(add).get("Hash").asText())
          .isEqualTo("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    }
  }

  @Test
  void aRefusedRequestThatExpectsContinueClosesInsteadOfReadingItsBodyAsTheNextRequest()
      throws IOException {
    try (Socket s = connect()) {
      s.setSoTimeout(5000);
      send(
          s,
          postRequest("no/such/command", "Expect: 100-continue")
              .replace("Content-Length: 0", "Content-Length: 5"));
      InputStream in = s.getInputStream();
      RawHttp refused = RawHttp.read(in);
      assertThat(refused.status()).isEqualTo(404);
      assertThat(refused.header("Connection")).isEqualTo("close");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void anUploadShorterThanItsBodyGetsItsOwnAnswerBeforeTheRest() throws IOException {
    byte[] data = "hello world\n".getBytes(StandardCharsets.UTF_8);
    byte[] request = uploadRequest("add", data, 100);
    try (Socket s = connect()) {
      send(s, request);
      InputStream in = s.getInputStream();
      RawHttp add = RawHttp.read(in);
      assertThat(add.status()).isEqualTo(400);
      assertThat(json(add).get("Message").asText()).contains("multipart body");
      // What followed the declared length is taken as the next request, which is malformed.
      RawHttp rest = RawHttp.read(in);
      assertThat(rest.status()).isEqualTo(400);
      assertThat(rest.header("Connection")).isEqualTo("close");
      assertThat(in.read()).isEqualTo(-1);
    }
  }

  @Test
  void aRequestPipelinedBehindAnUploadWaitsForItsAnswer() throws IOException {
    byte[] data = TestData.bytes(3, 3 << 20);
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(uploadRequest("add?pin=false", data, -1));
    all.writeBytes(postRequest("version", "Connection: close").getBytes(StandardCharsets.UTF_8));
    try (Socket s = connect()) {
      send(s, all.toByteArray());
      InputStream in = s.getInputStream();
      RawHttp add = keptAlive(in);
      assertThat(add.status()).isEqualTo(200);
      assertThat(json(add).get("Size").asLong()).isGreaterThan(data.length);
      assertThat(json(RawHttp.read(in)).has("Version")).isTrue();
      assertThat(in.read()).isEqualTo(-1);
    }
  }
}
