package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.RepoPaths;
import io.cairn.node.api.ApiFile;
import io.cairn.node.http.RequestListener;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonTest {
  @TempDir Path dir;
  private Daemon daemon;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ByteArrayOutputStream log = new ByteArrayOutputStream();

  @BeforeEach
  void start() {
    daemon =
        Daemon.start(
            new RepoPaths(dir.resolve("repo")),
            bareOptions(),
            new PrintStream(log, true, StandardCharsets.UTF_8));
  }

  /** The API on a free loopback port and no other service; the repo made on first run. */
  private static DaemonOptions bareOptions() {
    return new DaemonOptions(
        true,
        List.of(),
        new InetSocketAddress("127.0.0.1", 0),
        node -> List.of(),
        node -> List.of(),
        RequestListener.NONE);
  }

  /** The API where the repo's config says, then {@code services}. */
  private static DaemonOptions configuredOptions(
      java.util.function.Function<io.cairn.node.api.NodeHandle, List<io.cairn.storage.Service>>
          services) {
    return new DaemonOptions(
        false, List.of(), null, node -> List.of(), services, RequestListener.NONE);
  }

  @AfterEach
  void stop() {
    daemon.close();
  }

  private HttpResponse<String> post(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private String base() {
    InetSocketAddress a = daemon.apiAddress();
    return "http://127.0.0.1:" + a.getPort();
  }

  @Test
  void createsTheRepoOnFirstRunAndTellsTheCliWhereItListens() {
    String out = log.toString(StandardCharsets.UTF_8);
    assertThat(out).contains("No repo found at", "initializing one", "peer identity: 12D3KooW");
    assertThat(out)
        .contains(
            "RPC API server listening on /ip4/127.0.0.1/tcp/" + daemon.apiAddress().getPort());
    assertThat(out).endsWith("Daemon is ready\n");
    assertThat(ApiFile.read(daemon.paths()))
        .contains(new InetSocketAddress("127.0.0.1", daemon.apiAddress().getPort()));
  }

  @Test
  void answersVersionAndIdAsKubo() throws Exception {
    HttpResponse<String> v = post("/api/v0/version");
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(v.headers().firstValue("Content-Type")).contains("application/json");
    assertThat(v.body()).contains("\"Version\":", "\"Repo\":\"1\"");
    HttpResponse<String> id = post("/api/v0/id");
    assertThat(id.body()).contains("\"ID\":\"" + daemon.config().peerId() + "\"");
  }

  @Test
  void refusesOtherMethodsAndForeignOrigins() throws Exception {
    HttpResponse<String> get =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/version")).GET().build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(get.statusCode()).isEqualTo(405);
    assertThat(get.headers().firstValue("Allow")).contains("OPTIONS, POST");
    HttpResponse<String> foreign =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/version"))
                .header("Origin", "https://evil.example")
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(foreign.statusCode()).isEqualTo(403);
    HttpResponse<String> local =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/version"))
                .header("Origin", base())
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(local.statusCode()).isEqualTo(200);
  }

  @Test
  void reportsCommandErrorsAsKuboErrorObjects() throws Exception {
    HttpResponse<String> bad = post("/api/v0/cat?arg=QmBAD");
    assertThat(bad.statusCode()).isEqualTo(500);
    assertThat(bad.body())
        .contains("\"Message\":\"invalid path \\\"QmBAD\\\"", "\"Type\":\"error\"");
    HttpResponse<String> client = post("/api/v0/cat?arg=x&offset=abc");
    assertThat(client.statusCode()).isEqualTo(400);
    assertThat(post("/api/v0/no/such/command").statusCode()).isEqualTo(404);
  }

  @Test
  void addsAMultipartUploadAndCatsIt() throws Exception {
    String boundary = "b0undary";
    String body =
        "--"
            + boundary
            + "\r\n"
            + "Content-Disposition: form-data; name=\"file\"; filename=\"hello.txt\"\r\n"
            + "Content-Type: application/octet-stream\r\n\r\n"
            + "hello world\n\r\n"
            + "--"
            + boundary
            + "--\r\n";
    HttpResponse<String> add =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v0/add"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(add.statusCode()).isEqualTo(200);
    assertThat(add.headers().firstValue("X-Chunked-Output")).contains("1");
    assertThat(add.body())
        .isEqualTo(
            "{\"Name\":\"hello.txt\",\"Hash\":\"QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o\",\"Size\":\"20\"}\n");
    HttpResponse<String> cat =
        post("/api/v0/cat?arg=QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
    assertThat(cat.headers().firstValue("X-Stream-Output")).contains("1");
    assertThat(cat.headers().firstValue("X-Content-Length")).contains("12");
    assertThat(cat.body()).isEqualTo("hello world\n");
  }

  @Test
  void shutdownStopsTheDaemonAndRemovesTheApiFile() throws Exception {
    RepoPaths paths = daemon.paths();
    assertThat(post("/api/v0/shutdown").statusCode()).isEqualTo(200);
    daemon.awaitStop();
    assertThat(ApiFile.read(paths)).isEmpty();
  }

  @Test
  void aSecondDaemonOnTheSameRepoFailsAndLeavesTheFirstOnesApiFile() throws Exception {
    RepoPaths paths = daemon.paths();
    ByteArrayOutputStream secondLog = new ByteArrayOutputStream();
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                Daemon.start(
                    paths, bareOptions(), new PrintStream(secondLog, true, StandardCharsets.UTF_8)))
        .hasMessageContaining("is locked by another process");
    assertThat(ApiFile.read(paths))
        .contains(new InetSocketAddress("127.0.0.1", daemon.apiAddress().getPort()));
    assertThat(io.cairn.config.RepoLock.daemon(paths).map(ProcessHandle::pid))
        .contains(ProcessHandle.current().pid());
    assertThat(post("/api/v0/version").statusCode()).isEqualTo(200);
  }

  @Test
  void aTakenPortIsNamedWithTheConfigKeyThatChoseIt() throws Exception {
    RepoPaths other = new RepoPaths(dir.resolve("other"));
    io.cairn.config.RepoInitializer.init(other, List.of());
    try (java.net.ServerSocket taken =
        new java.net.ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String address = "127.0.0.1:" + taken.getLocalPort();
      io.cairn.config.ConfigEditor config = io.cairn.config.ConfigEditor.open(other);
      config.set(
          "Addresses.API",
          "/ip4/127.0.0.1/tcp/" + taken.getLocalPort(),
          io.cairn.config.ConfigEditor.ValueType.STRING);
      DaemonOptions fromConfig = configuredOptions(node -> List.of());
      PrintStream quiet =
          new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Daemon.start(other, fromConfig, quiet))
          .hasMessageStartingWith("Addresses.API: ")
          .hasMessageContaining(address + " is already in use");

      config.set(
          "Addresses.API", "/ip4/127.0.0.1/tcp/0", io.cairn.config.ConfigEditor.ValueType.STRING);
      config.set(
          "Addresses.Gateway",
          "/ip4/127.0.0.1/tcp/" + taken.getLocalPort(),
          io.cairn.config.ConfigEditor.ValueType.STRING);
      DaemonOptions withGateway =
          configuredOptions(
              node ->
                  List.of(
                      new GatewayService(
                          node.config(),
                          node.storage().blocks(),
                          io.cairn.retrieval.GatewayListener.NONE)));
      org.assertj.core.api.Assertions.assertThatThrownBy(
              () -> Daemon.start(other, withGateway, quiet))
          .hasMessageStartingWith("Addresses.Gateway: ")
          .hasMessageContaining(address + " is already in use");
    }
    assertThat(ApiFile.read(other)).isEmpty();
  }

  /**
   * A shutdown through the API while the daemon still starts (the API answers before the other
   * services run) stops the start after the service being started: nothing starts after it, what
   * started is stopped, and the daemon closes cleanly (it used to go on starting and fail with
   * "storage ... is closed").
   */
  @Test
  void aShutdownWhileStartingStopsTheStartAndClosesCleanly() throws Exception {
    daemon.close();
    RepoPaths paths = daemon.paths();
    java.util.concurrent.CountDownLatch inSlowStart = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
    java.util.concurrent.atomic.AtomicBoolean slowStopped =
        new java.util.concurrent.atomic.AtomicBoolean();
    java.util.concurrent.atomic.AtomicBoolean laterStarted =
        new java.util.concurrent.atomic.AtomicBoolean();
    io.cairn.storage.Service slow =
        new TestService(
            "slow",
            () -> {
              inSlowStart.countDown();
              try {
                release.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            () -> slowStopped.set(true));
    io.cairn.storage.Service later =
        new TestService("later", () -> laterStarted.set(true), () -> {});
    DaemonOptions options =
        new DaemonOptions(
            false,
            List.of(),
            new InetSocketAddress("127.0.0.1", 0),
            node -> List.of(),
            node -> List.of(slow, later),
            RequestListener.NONE);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    java.util.concurrent.CompletableFuture<Daemon> starting =
        java.util.concurrent.CompletableFuture.supplyAsync(
            () -> Daemon.start(paths, options, new PrintStream(out, true, StandardCharsets.UTF_8)));
    assertThat(inSlowStart.await(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    InetSocketAddress api = ApiFile.read(paths).orElseThrow();
    HttpResponse<String> stop =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.getPort() + "/api/v0/shutdown"))
                .POST(HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(stop.statusCode()).isEqualTo(200);
    release.countDown();

    daemon = starting.get(30, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(daemon.service(io.cairn.storage.Service.class)).isEmpty();
    daemon.awaitStop(); // returns: the daemon is closed
    assertThat(laterStarted).isFalse();
    assertThat(slowStopped).isTrue();
    assertThat(ApiFile.read(paths)).isEmpty();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("Shutdown asked for while starting: stopping")
        .doesNotContain("Daemon is ready");
  }

  /** A service whose start and stop run what the test gives. */
  private record TestService(String name, Runnable onStart, Runnable onStop)
      implements io.cairn.storage.Service {
    @Override
    public void start() {
      onStart.run();
    }

    @Override
    public void stop() {
      onStop.run();
    }
  }

  @Test
  void warnsAtStartAboutAPrivateKeyFileOtherUsersCanRead() throws Exception {
    daemon.close();
    RepoPaths paths = daemon.paths();
    java.nio.file.Files.setPosixFilePermissions(
        paths.config(), java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    daemon =
        Daemon.start(paths, bareOptions(), new PrintStream(again, true, StandardCharsets.UTF_8));
    assertThat(again.toString(StandardCharsets.UTF_8))
        .contains(
            "WARNING: "
                + paths.config()
                + " holds a private key or its password and other users can use it (rw-r--r--);"
                + " make it owner-only: chmod 600 '"
                + paths.config()
                + "'");
    assertThat(log.toString(StandardCharsets.UTF_8)).doesNotContain("WARNING");
  }

  @Test
  void survivesABurstOfMalformedRequestsAndKeepsServing() throws Exception {
    int port = daemon.apiAddress().getPort();
    java.util.List<byte[]> garbage =
        java.util.List.of(
            "GARBAGE\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            "POST /api/v0/version HTTP/9.9\r\n\r\n".getBytes(StandardCharsets.US_ASCII),
            ("POST /api/v0/version HTTP/1.1\r\nX-Big: " + "x".repeat(64 * 1024) + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            ("POST /" + "a".repeat(40_000) + " HTTP/1.1\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII),
            new byte[] {0, 1, 2, 3, (byte) 0xff, (byte) 0xfe, '\r', '\n', '\r', '\n'},
            ("POST /api/v0/add HTTP/1.1\r\nContent-Type: multipart/form-data; boundary=x\r\n"
                    + "Content-Length: 19\r\n\r\n--x\r\nbroken headers")
                .getBytes(StandardCharsets.US_ASCII));
    for (int round = 0; round < 20; round++) {
      for (byte[] bytes : garbage) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
          s.setSoTimeout(5000);
          s.getOutputStream().write(bytes);
          s.getOutputStream().flush();
          byte[] head = s.getInputStream().readNBytes(12);
          if (head.length > 0) {
            String status = new String(head, StandardCharsets.US_ASCII);
            assertThat(status).matches("HTTP/1.1 (4..|505)");
          }
        } catch (java.net.SocketException e) {
          // the server may close a garbage connection before the answer is read
        }
      }
    }
    HttpResponse<String> v = post("/api/v0/version");
    assertThat(v.statusCode()).isEqualTo(200);
    assertThat(v.body()).contains("\"Version\"");
  }
}
