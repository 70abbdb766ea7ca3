package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.config.RepoPaths;
import io.cairn.node.api.Api;
import io.cairn.node.api.RemoteApi;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.node.http.RequestListener;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Service;
import io.cairn.storage.testing.ChildJvm;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commands started while a daemon is still starting use its API; they never fail on the lock. */
class DaemonStartupTest {
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path tmp;

  @Test
  void aCommandUsesTheApiAsSoonAsItAnswersWhileSlowServicesStillStart() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    CountDownLatch chainMayStart = new CountDownLatch(1);
    Service slowChain = new SlowService(chainMayStart);
    int port = freePort();
    CompletableFuture<Daemon> daemon =
        inThread(
            () ->
                Daemon.start(
                    new RepoPaths(cli.repo()),
                    new DaemonOptions(
                        false,
                        List.of(),
                        new InetSocketAddress("127.0.0.1", port),
                        node -> List.of(),
                        node -> List.of(slowChain),
                        RequestListener.NONE),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    try {
      awaitVersion(port);
      assertThat(daemon).isNotDone();

      Run add = cli.runWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add");
      assertThat(add.exit()).as("add while the daemon starts; stderr: %s", add.err()).isZero();
      assertThat(add.out()).isEqualTo("added " + HELLO + " " + HELLO + "\n");
    } finally {
      chainMayStart.countDown();
      daemon.get(60, TimeUnit.SECONDS).close();
    }
    assertThat(cli.ok("cat", HELLO).out()).isEqualTo("hello world\n");
  }

  /**
   * A daemon on a new repo, started on a thread of its own, whose network starts when the test says
   * so; its API answers meanwhile.
   */
  private record SlowNetworkDaemon(
      CompletableFuture<Daemon> daemon, CountDownLatch networkMayStart, Cli cli)
      implements AutoCloseable {
    static SlowNetworkDaemon start(Path repo) throws Exception {
      CountDownLatch networkMayStart = new CountDownLatch(1);
      int port = freePort();
      CompletableFuture<Daemon> daemon =
          inThread(
              () ->
                  Daemon.start(
                      new RepoPaths(repo),
                      new DaemonOptions(
                          true,
                          List.of("test"),
                          new InetSocketAddress("127.0.0.1", port),
                          node -> List.of(),
                          node ->
                              List.of(
                                  new SlowService(networkMayStart),
                                  new NodeNetwork(node.config(), node.storage(), null)),
                          RequestListener.NONE),
                      new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
      awaitVersion(port);
      return new SlowNetworkDaemon(daemon, networkMayStart, new Cli(repo, Cli.Mode.IN_PROCESS));
    }

    /** Lets the network start; returns the daemon once it has. */
    Daemon startNetwork() throws Exception {
      networkMayStart.countDown();
      return daemon.get(60, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
      startNetwork().close();
    }
  }

  /**
   * The API answers before the network is up: a p2p command that comes meanwhile waits for it
   * (within its {@code --timeout}) instead of saying that no daemon runs.
   */
  @Test
  void aP2pCommandWaitsForTheNetworkOfADaemonStillStarting() throws Exception {
    try (SlowNetworkDaemon starting = SlowNetworkDaemon.start(tmp.resolve("net"))) {
      Cli cli = starting.cli();
      assertThat(cli.fails("--timeout", "300ms", "swarm", "peers"))
          .isEqualTo("context deadline exceeded");
      assertThat(cli.fails("--timeout", "300ms", "bitswap", "stat"))
          .isEqualTo("context deadline exceeded");

      CompletableFuture<Run> peers = inThread(() -> cli.run("swarm", "peers"));
      CompletableFuture<Run> id = inThread(() -> cli.run("id", "--enc=json"));
      Thread.sleep(500);
      assertThat(peers).as("swarm peers waits for the network").isNotDone();
      starting.startNetwork();
      Run p = peers.get(60, TimeUnit.SECONDS);
      assertThat(p.exit()).as("swarm peers; stderr: %s", p.err()).isZero();
      assertThat(p.out()).isEmpty();
      Run i = id.get(60, TimeUnit.SECONDS);
      assertThat(i.exit()).as("id; stderr: %s", i.err()).isZero();
      assertThat(i.json().get("Addresses")).as("id's addresses").isNotEmpty();
    }
  }

  /**
   * A read of content the repo lacks, on a daemon whose network is still starting, waits for the
   * network and fetches (as Kubo's commands only see a node that is up) rather than saying the
   * block is not found; {@code --offline} reads the repo alone at once.
   */
  @Test
  void catOfContentTheRepoLacksWaitsForTheNetworkOfADaemonStillStarting() throws Exception {
    try (Daemon b = NetworkDaemons.start(tmp.resolve("b"));
        SlowNetworkDaemon starting = SlowNetworkDaemon.start(tmp.resolve("a"))) {
      byte[] data = "only b has this\n".getBytes(StandardCharsets.UTF_8);
      String cid =
          new Cli(tmp.resolve("b"), Cli.Mode.IN_PROCESS)
              .okWithInput(data, "add", "-q")
              .out()
              .strip();
      Cli cli = starting.cli();
      assertThat(cli.run("--offline", "cat", cid).exit()).isNotZero();

      CompletableFuture<Run> cat = inThread(() -> cli.run("cat", cid));
      Thread.sleep(1000);
      assertThat(cat).as("cat waits for the network").isNotDone();
      starting.startNetwork();
      cli.ok("swarm", "connect", NetworkDaemons.dialAddress(b));
      Run c = cat.get(60, TimeUnit.SECONDS);
      assertThat(c.exit()).as("cat; stderr: %s", c.err()).isZero();
      assertThat(c.out()).isEqualTo("only b has this\n");
    }
  }

  /**
   * Content added while the network is still starting is announced once it is up (under the default
   * strategy, all: every block), not only at the next reprovide sweep, 22 h on.
   */
  @Test
  void contentAddedWhileTheNetworkStartsIsProvidedOnceItIsUp() throws Exception {
    try (SlowNetworkDaemon starting = SlowNetworkDaemon.start(tmp.resolve("provides"))) {
      Cli cli = starting.cli();
      cli.okWithInput(TestData.bytes(5, 4096), "add", "-q", "--chunker=size-1024", "--raw-leaves");
      Run blockPut =
          cli.runWithInput(
              "a block put while starting".getBytes(StandardCharsets.UTF_8), "block", "put");
      assertThat(blockPut.exit()).as("block put; stderr: %s", blockPut.err()).isZero();
      Run dagPut =
          cli.runWithInput(
              "{\"put\": \"while starting\"}".getBytes(StandardCharsets.UTF_8), "dag", "put");
      assertThat(dagPut.exit()).as("dag put; stderr: %s", dagPut.err()).isZero();
      assertThat(starting.daemon()).isNotDone();

      starting.startNetwork();
      long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      long provides = 0;
      while (provides < 7 && System.nanoTime() < end) {
        provides = cli.ok("stats", "reprovide", "--enc=json").json().get("TotalProvides").asLong();
        Thread.sleep(50);
      }
      // the four leaves and the root of the add, the block put and the dag put
      assertThat(provides).isEqualTo(7);
    }
  }

  @Test
  void aCommandWaitsForTheApiOfADaemonThatHoldsTheRepoAndIsStillStarting() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    try (ChildJvm starting = ChildJvm.start(StartingDaemon.class.getName(), cli.repo().toString());
        CliSession session = session(cli.repo())) {
      assertThat(starting.readLine(60)).isEqualTo("held");
      CompletableFuture<Api> selected =
          inThread(() -> ApiSelector.select(session, Duration.ofMinutes(2)));
      starting.sendLine("listen");
      String listening = starting.readLine(60);
      assertThat(listening).startsWith("listening ");
      int port = Integer.parseInt(listening.substring("listening ".length()));

      Api api = selected.get(60, TimeUnit.SECONDS);
      assertThat(api).isInstanceOf(RemoteApi.class);
      assertThat(((RemoteApi) api).address().getPort()).isEqualTo(port);
      starting.closeInput();
      assertThat(starting.waitFor(30)).isZero();
    }
    // Once the daemon has let go of the repo, commands run in this process again.
    assertThat(cli.okWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add").out())
        .isEqualTo("added " + HELLO + " " + HELLO + "\n");
  }

  @Test
  void aDaemonWhoseApiNeverAnswersIsNamedAfterTheWait() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    try (ChildJvm starting = ChildJvm.start(StartingDaemon.class.getName(), cli.repo().toString());
        CliSession session = session(cli.repo())) {
      assertThat(starting.readLine(60)).isEqualTo("held");
      assertThatThrownBy(() -> ApiSelector.select(session, Duration.ofMillis(300)))
          .isInstanceOf(UserException.class)
          .hasMessageStartingWith("the cairn daemon (pid ")
          .hasMessageContaining(
              ") holds the repo at " + cli.repo() + " but its API did not answer within 300 ms;");
      starting.closeInput();
      assertThat(starting.waitFor(30)).isZero();
    }
  }

  @Test
  void theRecordsOfADaemonKilledWithSigkillAreIgnoredOnceNothingHoldsTheRepo() throws Exception {
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    RepoPaths paths = new RepoPaths(cli.repo());
    // The killed daemon's api file names a port that another service (another node, or Kubo on
    // the same default port) listens on now, and its process ID went to a live process.
    try (ServerSocket other = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        CliSession session = session(cli.repo())) {
      io.cairn.node.api.ApiFile.write(paths, (InetSocketAddress) other.getLocalSocketAddress());
      java.nio.file.Files.writeString(paths.daemonPidFile(), ProcessHandle.current().pid() + "\n");
      long start = System.nanoTime();
      try (Api api = ApiSelector.select(session, Duration.ofMinutes(2))) {
        assertThat(api).isNotInstanceOf(RemoteApi.class);
      }
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }
    assertThat(cli.okWithInput("hello world\n".getBytes(StandardCharsets.UTF_8), "add").out())
        .isEqualTo("added " + HELLO + " " + HELLO + "\n");
  }

  private static CliSession session(Path repo) {
    CliSession session =
        new CliSession(
            new Output(
                new ByteArrayInputStream(new byte[0]),
                new ByteArrayOutputStream(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8)));
    session.globals().repoDir = repo;
    return session;
  }

  private static void awaitVersion(int port) throws Exception {
    HttpClient http = HttpClient.newHttpClient();
    HttpRequest version =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v0/version"))
            .POST(HttpRequest.BodyPublishers.noBody())
            .build();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        if (http.send(version, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (IOException notYet) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("the API did not answer within 60 s", notYet);
        }
      }
      Thread.sleep(20);
    }
  }

  /**
   * Runs {@code work} on a thread of its own: the common pool may have a single thread (on two
   * cores), which a daemon's start blocked in a slow service would hold, so that work queued behind
   * it would run only once the start is over.
   */
  private static <T> CompletableFuture<T> inThread(java.util.function.Supplier<T> work) {
    CompletableFuture<T> done = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .start(
            () -> {
              try {
                done.complete(work.get());
              } catch (Throwable e) {
                done.completeExceptionally(e);
              }
            });
    return done;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** A service whose start takes as long as the test wants, as the dev chain's takes seconds. */
  private record SlowService(CountDownLatch mayStart) implements Service {
    @Override
    public String name() {
      return "slow";
    }

    @Override
    public void start() {
      try {
        mayStart.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void stop() {}
  }
}
