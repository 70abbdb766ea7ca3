package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** Kubo's {@code log level|ls|tail} on a running daemon. */
class LogRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon d;
  private Level rootBefore;

  @BeforeEach
  void start() {
    rootBefore = context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).getLevel();
    d = NetworkDaemons.start(dir.resolve("a"));
  }

  /** The levels are the JVM's: put them back for the other tests. */
  @AfterEach
  void stop() {
    d.close();
    context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(rootBefore);
    context().getLoggerList().stream()
        .filter(l -> l.getName().startsWith("io.cairn"))
        .forEach(l -> l.setLevel(null));
  }

  @Test
  void levelsAreReadAndSetBySubsystemAsKuboDoes() throws Exception {
    context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
    assertThat(json(d, "log/level"))
        .isEqualTo(JSON.readTree("{\"Levels\": {\"(default)\": \"warn\"}}"));
    assertThat(json(d, "log/level", "bitswap").at("/Levels/bitswap").asText()).isEqualTo("warn");

    assertThat(json(d, "log/level", "bitswap", "debug").get("Message").asText())
        .isEqualTo("Changed log level of 'bitswap' to 'debug'\n");
    assertThat(json(d, "log/level", "p2p", "info").get("Message").asText())
        .isEqualTo("Changed log level of 'p2p' to 'info'\n");
    JsonNode all = json(d, "log/level", "all").get("Levels");
    assertThat(all.get("bitswap").asText()).isEqualTo("debug");
    assertThat(all.get("dht").asText()).isEqualTo("info"); // follows p2p
    assertThat(all.get("core").asText()).isEqualTo("warn"); // follows the default
    assertThat(all.get("(default)").asText()).isEqualTo("warn");
    assertThat(LoggerFactory.getLogger("io.cairn.retrieval.p2p.kad.Kademlia").isInfoEnabled())
        .isTrue();
    // Kubo's name for the MFS pinning policy's log.
    json(d, "log/level", "remotepinning/mfs", "debug");
    assertThat(LoggerFactory.getLogger("io.cairn.node.pinning.mfs.MfsPinning").isDebugEnabled())
        .isTrue();
    assertThat(LoggerFactory.getLogger("io.cairn.node.pinning.PinWorker").isDebugEnabled())
        .isFalse();

    assertThat(json(d, "log/level", "all", "error").get("Message").asText())
        .isEqualTo("Changed log level of '*' to 'error'\n");
    all = json(d, "log/level", "*").get("Levels");
    all.forEach(level -> assertThat(level.asText()).isEqualTo("error"));
    assertThat(json(d, "log/level", "chain", "fatal").at("/Message").asText())
        .endsWith("'error'\n");

    assertThat(post(d, "log/level", "nosuch").bodyText())
        .contains("unknown log subsystem 'nosuch'");
    RawHttp bad = post(d, "log/level", "dht", "loud");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.bodyText()).contains("invalid log level 'loud'");
    assertThat(json(d, "log/ls").get("Strings").toString())
        .contains("\"bitswap\"", "\"core\"", "\"dht\"", "\"gateway\"");
  }

  @Test
  void tailStreamsTheMessagesAsTheyComeAtTheLevelAsked() throws Exception {
    org.slf4j.Logger log = LoggerFactory.getLogger("io.cairn.node.LogRpcTest");
    ExecutorService clients = Executors.newFixedThreadPool(2);
    CompletableFuture<RawHttp> all =
        CompletableFuture.supplyAsync(() -> call("log/tail?timeout=3s"), clients);
    CompletableFuture<RawHttp> errors =
        CompletableFuture.supplyAsync(() -> call("log/tail?timeout=3s&log-level=error"), clients);
    // Until both tails end (3 s after each starts, however late a loaded machine starts them).
    for (int i = 0; i < 600 && !(all.isDone() && errors.isDone()); i++) {
      log.warn("tail marker {}", i);
      if (i % 5 == 0) {
        log.error("tail error {}", i);
      }
      Thread.sleep(100);
    }
    List<JsonNode> lines = lines(all.get(30, TimeUnit.SECONDS));
    clients.shutdown();
    assertThat(lines).isNotEmpty();
    JsonNode first =
        lines.stream()
            .filter(l -> l.path("msg").asText().startsWith("tail marker"))
            .findFirst()
            .orElseThrow();
    assertThat(first.get("level").asText()).isEqualTo("warn");
    assertThat(first.get("logger").asText()).isEqualTo("io.cairn.node.LogRpcTest");
    assertThat(first.get("ts").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    List<JsonNode> errorLines = lines(errors.get(30, TimeUnit.SECONDS));
    assertThat(errorLines).anyMatch(l -> l.path("msg").asText().startsWith("tail error"));
    assertThat(errorLines).noneMatch(l -> l.path("msg").asText().startsWith("tail marker"));
    assertThat(post(d, "log/tail?log-level=loud").bodyText()).contains("invalid log level");
  }

  private RawHttp call(String target) {
    try {
      return RawHttp.post(d.apiAddress(), "/api/v0/" + target, null, null);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static List<JsonNode> lines(RawHttp r) throws Exception {
    assertThat(r.status()).isEqualTo(200);
    List<JsonNode> out = new ArrayList<>();
    for (String line : r.bodyText().split("\n")) {
      if (!line.isBlank()) {
        out.add(JSON.readTree(line));
      }
    }
    return out;
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }
}
