package io.cairn.node.market;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.chain.Anvil;
import io.cairn.chain.ChainClient;
import io.cairn.chain.MarketJob;
import io.cairn.config.RepoPaths;
import io.cairn.node.Main;
import io.cairn.node.chain.ChainService;
import io.cairn.node.cli.Output;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.p2p.NodeNetwork;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Daemons on one real chain for the compute-market acceptance tests: the first runs the dev chain
 * (Anvil, contracts deployed), the others join it in {@code rpc} mode, each with its own Anvil dev
 * account; all on the {@code test} profile (loopback, random ports), their p2p hosts connected to
 * the first. Commands run through the real CLI ({@link Main}) against each daemon.
 */
final class MarketNodes implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A daemon with its repo and chain account. */
  record Node(RepoPaths repo, Daemon daemon, String address) {
    ChainClient chain() {
      return daemon.service(ChainService.class).orElseThrow().client().orElseThrow();
    }

    MarketService market() {
      return daemon.service(MarketService.class).orElseThrow();
    }

    NodeNetwork network() {
      return daemon.service(NodeNetwork.class).orElseThrow();
    }
  }

  private final Path dir;
  private boolean connectOnJoin = true;
  private final List<Daemon> daemons = new ArrayList<>();
  private final List<Node> nodes = new ArrayList<>();
  private JsonNode status;

  MarketNodes(Path dir) {
    this.dir = dir;
    io.cairn.node.chain.DevChains.useProjectHome();
  }

  /** Nodes that join are not connected to the first: they find each other as the node would. */
  MarketNodes unconnected() {
    connectOnJoin = false;
    return this;
  }

  /** The dev-chain node (started on first use). */
  Node first() {
    if (nodes.isEmpty()) {
      RepoPaths repo = new RepoPaths(dir.resolve("node0"));
      Daemon d = start(repo);
      status = json(repo, "chain", "status", "--enc=json");
      assertThat(status.path("Connected").asBoolean()).as("%s", status).isTrue();
      nodes.add(new Node(repo, d, status.path("Account").asText()));
    }
    return nodes.get(0);
  }

  Anvil anvil() {
    return first().daemon().service(ChainService.class).orElseThrow().devChain().orElseThrow();
  }

  /**
   * A node joining the dev chain with Anvil dev account {@code account}, after {@code setup} ran on
   * its repo (config keys), its host connected to the first node's unless {@link #unconnected}.
   */
  Node join(int account, String... config) throws Exception {
    Node first = first();
    RepoPaths repo = new RepoPaths(dir.resolve("node" + account));
    ok(repo, "init", "--profile", "test");
    ok(repo, "config", "Chain.Mode", "rpc");
    ok(repo, "config", "Chain.RpcUrl", status.path("Endpoint").asText());
    JsonNode contracts = status.path("Contracts");
    for (String name : List.of("StorageMarket", "ComputeMarket", "ProviderRegistry", "TestToken")) {
      ok(repo, "config", "Chain.Contracts." + name, contracts.path(name).asText());
    }
    for (int i = 0; i + 1 < config.length; i += 2) {
      ok(repo, "config", "--json", config[i], config[i + 1]);
    }
    exec(
        repo,
        anvil().devPrivateKeys().get(account).getBytes(StandardCharsets.UTF_8),
        0,
        "chain",
        "account",
        "import");
    Daemon d = start(repo);
    Node n =
        new Node(repo, d, json(repo, "chain", "status", "--enc=json").path("Account").asText());
    if (connectOnJoin) {
      n.network()
          .p2p()
          .host()
          .connect(first.network().p2p().peerId(), first.network().p2p().dialAddresses())
          .get(10, TimeUnit.SECONDS);
    }
    nodes.add(n);
    return n;
  }

  /**
   * Stops the node's daemon and starts it again on the same repo: what it kept in memory is gone.
   */
  Node restart(Node n) {
    n.daemon().close();
    daemons.remove(n.daemon());
    Node again = new Node(n.repo(), start(n.repo()), n.address());
    nodes.set(nodes.indexOf(n), again);
    return again;
  }

  /** Registers the node as a provider with a stake of one ether (for stake locked per job). */
  void register(Node n) {
    ok(
        n.repo(),
        "provider",
        "register",
        "--price",
        "5",
        "--stake",
        BigInteger.TEN.pow(18).toString());
  }

  private Daemon start(RepoPaths repo) {
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    Daemon d =
        Daemon.start(
            repo,
            DaemonOptions.standard(true, List.of("test"), any, any, false, true, false),
            new PrintStream(java.io.OutputStream.nullOutputStream(), true, StandardCharsets.UTF_8));
    daemons.add(d);
    return d;
  }

  /** Mines blocks until the chain is past {@code block}. */
  void minePast(long block) {
    long now = first().chain().blockNumber();
    if (now <= block) {
      anvil().mine((int) (block - now + 1));
    }
  }

  MarketJob job(long id) {
    return first().chain().compute().job(BigInteger.valueOf(id));
  }

  /** Waits up to 90 s for {@code done}; a timeout names every node's market figures and jobs. */
  void await(String what, BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        assertThat(describe()).as("waiting for " + what).isNull();
      }
      Thread.sleep(200);
    }
  }

  /** Every node's market figures and every job on the market, for failure messages. */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (Node n : nodes) {
      b.append(n.address()).append(": ").append(n.market().stats().snapshot()).append('\n');
    }
    ChainClient c = first().chain();
    b.append("block ").append(c.blockNumber()).append('\n');
    for (MarketJob j : c.compute().jobs(BigInteger.ONE, 100)) {
      b.append("job ")
          .append(j.id())
          .append(' ')
          .append(j.state())
          .append(" provider ")
          .append(j.provider())
          .append(" deadline ")
          .append(j.deadlineBlock())
          .append(" result ")
          .append(j.resultBlock())
          .append(" draw ")
          .append(j.drawBlock())
          .append(" commitEnd ")
          .append(j.commitEnd())
          .append(" revealEnd ")
          .append(j.revealEnd())
          .append('\n');
    }
    return b.toString();
  }

  /** A file of {@code size} seeded bytes, added at {@code n}; its root CID. */
  String add(Node n, String name, int size, long seed) throws IOException {
    Path file = dir.resolve(name);
    byte[] data = new byte[size];
    new java.util.Random(seed).nextBytes(data);
    Files.write(file, data);
    return ok(n.repo(), "add", "-q", file.toString()).strip();
  }

  /** A test WASM module from the node's test resources, added at {@code n}; its CID. */
  String addModule(Node n, String name) throws IOException {
    Path file = dir.resolve(name + ".wasm");
    try (var in = MarketNodes.class.getResourceAsStream("/wasm/" + name + ".wasm")) {
      Files.write(file, in.readAllBytes());
    }
    return ok(n.repo(), "add", "-q", file.toString()).strip();
  }

  Path file(String name, String text) {
    try {
      return Files.writeString(dir.resolve(name), text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String ok(RepoPaths repo, String... args) {
    return new String(exec(repo, new byte[0], 0, args), StandardCharsets.UTF_8);
  }

  static JsonNode json(RepoPaths repo, String... args) {
    try {
      return JSON.readTree(ok(repo, args));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] exec(RepoPaths repo, byte[] stdin, int exit, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    List<String> line = new ArrayList<>(List.of("--repo-dir", repo.root().toString()));
    line.addAll(List.of(args));
    int code;
    try (PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code =
          Main.run(
              new Output(new ByteArrayInputStream(stdin), out, e), line.toArray(String[]::new));
    }
    assertThat(code)
        .as("exit of %s; stderr: %s", List.of(args), err.toString(StandardCharsets.UTF_8))
        .isEqualTo(exit);
    return out.toByteArray();
  }

  @Override
  public void close() {
    for (int i = daemons.size() - 1; i >= 0; i--) {
      daemons.get(i).close();
    }
  }
}
