package io.cairn.node.webui;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.compute.JobRecord;
import io.cairn.compute.JobState;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.Json;
import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import io.cairn.node.daemon.NetworkDaemons;
import io.cairn.node.jobs.FixtureJobs;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.storage.Block;
import io.cairn.storage.Cid;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.Multicodec;
import io.cairn.storage.PinStore;
import io.cairn.storage.testing.JsReference;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium (interop/webui-dashboard.mjs): it shows the node and a job
 * that ran, adds a file through its upload box, and is screenshot at 1280 and 800 pixels into
 * {@code target/dashboard/}; and its Files card (interop/webui-files.mjs) browsing and changing
 * MFS, each change checked through the RPC API.
 */
@Tag("interop")
class DashboardIT {
  /** Kubo's CID of a file holding "hello world\n". */
  private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

  @TempDir Path dir;

  @Test
  void showsTheNodeAndAddsAFileThroughTheUploadBox() throws Exception {
    io.cairn.node.chain.DevChains.useProjectHome();
    RepoPaths paths = repo();
    ConfigEditor.open(paths)
        .set("PinningService.Tokens", "{\"app\":\"secret\"}", ConfigEditor.ValueType.JSON);
    Path out = outDir();
    Path upload = dir.resolve("hello.txt");
    Files.writeString(upload, "hello world\n");

    try (Daemon daemon = start(paths, true);
        Daemon peer = NetworkDaemons.start(dir.resolve("peer"))) {
      // a peer that holds a block this node then fetches over Bitswap
      Block remote =
          Block.create(Multicodec.RAW, "only the peer has it".getBytes(StandardCharsets.UTF_8));
      peer.storage().blocks().put(remote);
      NodeNetwork network = daemon.service(NodeNetwork.class).orElseThrow();
      network
          .p2p()
          .host()
          .connect(
              peer.config().peerId(), List.of(Multiaddr.parse(NetworkDaemons.dialAddress(peer))))
          .join();
      assertThat(network.blocks(false).get(remote.cid())).isPresent();
      List<Cid> pinned = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        Block b =
            Block.create(Multicodec.RAW, ("already here " + i).getBytes(StandardCharsets.UTF_8));
        daemon.storage().blocks().put(b);
        daemon.storage().pins().add(b.cid(), true, "existing-" + i + ".txt");
        pinned.add(b.cid());
      }
      JobRecord job = new FixtureJobs(daemon.jobs(), daemon.storage().blocks()).run("hello");
      assertThat(job.state()).isEqualTo(JobState.DONE);
      List<String> recursivePins;
      try (Stream<PinStore.Pin> pins = daemon.storage().pins().list(PinStore.PinType.RECURSIVE)) {
        recursivePins = pins.map(p -> p.cid().toString()).toList();
      }
      assertThat(recursivePins)
          .containsAll(pinned.stream().map(Cid::toString).toList())
          .contains(job.result().outputRoot().toString());
      // A job posted to the compute market (the node's dev chain) by this node.
      postMarketJob(paths, job);
      io.cairn.node.market.MarketService market =
          daemon.service(io.cairn.node.market.MarketService.class).orElseThrow();
      long until = System.nanoTime() + 30_000_000_000L;
      while (market.marketCounts().getOrDefault(io.cairn.chain.MarketJobState.POSTED, 0L) != 1) {
        assertThat(System.nanoTime()).as("the market's pass saw the job").isLessThan(until);
        Thread.sleep(100);
      }
      String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
      // A pinning service request for a block the node holds, pinned by the service's worker.
      Block asked = Block.create(Multicodec.RAW, "asked for".getBytes(StandardCharsets.UTF_8));
      daemon.storage().blocks().put(asked);
      postPinRequest(api, asked.cid(), "asked.txt");
      until = System.nanoTime() + 30_000_000_000L;
      while (daemon.storage().pins().pinType(asked.cid()).isEmpty()) {
        assertThat(System.nanoTime()).as("the pinning service pinned it").isLessThan(until);
        Thread.sleep(50);
      }
      recursivePins = new ArrayList<>(recursivePins);
      recursivePins.add(asked.cid().toString());
      long blocks = daemon.storage().stats().blockCount();

      JsonNode r =
          Json.MAPPER.readTree(
              JsReference.run("webui-dashboard.mjs", api, upload.toString(), out.toString()));

      assertThat(r.path("pageErrors")).isEmpty();
      // Commands this node may not have yet answer 404 once; the page then uses its own status.
      assertConsoleErrorsOnlyFrom(r, api, "404", "repo/stat|pin/ls");
      assertThat(r.path("failedRequests")).isEmpty();
      assertThat(r.path("finalUrl").asText()).isEqualTo(api + "/webui/");
      assertThat(r.path("title").asText()).isEqualTo("Cairn node");
      assertThat(r.path("connection").asText()).isEqualTo("Online");
      assertThat(r.path("bannerVisible").asBoolean()).isFalse();
      assertThat(r.path("peerId").asText()).isEqualTo(daemon.config().peerId().toString());
      assertThat(r.path("agent").asText()).startsWith("cairn/");
      assertThat(r.path("gateway").asText()).isEqualTo("http://127.0.0.1:8080");
      assertThat(r.path("repoSize").asText()).matches("\\d+(\\.\\d+)? (B|KiB|MiB|GiB)");
      assertThat(r.path("repoBlocks").asText()).isEqualTo(Long.toString(blocks));
      assertThat(r.path("pinCount").asText()).isEqualTo(Integer.toString(recursivePins.size()));
      assertThat(r.path("meterText").asText()).contains("storage limit");
      List<String> shownPins = new ArrayList<>();
      r.path("pinRows").forEach(p -> shownPins.add(p.path("cid").asText()));
      assertThat(shownPins).containsExactlyInAnyOrderElementsOf(recursivePins);
      assertThat(r.at("/pinRows/0/type").asText()).isEqualTo("recursive");

      // the Jobs card lists the job that ran, linking its output to the gateway
      assertThat(r.at("/jobCounts/done").asText()).isEqualTo("1");
      assertThat(r.at("/jobCounts/queued").asText()).isEqualTo("0");
      assertThat(r.at("/jobCounts/failed").asText()).isEqualTo("0");
      assertThat(r.path("jobRows").size()).isEqualTo(1);
      JsonNode row = r.at("/jobRows/0");
      assertThat(row.path("id").asText()).isEqualTo(Long.toString(job.id()));
      assertThat(row.path("state").asText()).isEqualTo("done");
      assertThat(row.path("status").asText()).isEqualTo("done");
      assertThat(row.path("engine").asText()).isEqualTo("wasm");
      assertThat(row.path("fuel").asText())
          .isEqualTo(String.format(Locale.US, "%,d", job.result().fuelUsed()));
      assertThat(row.path("wallTime").asText()).matches("\\d+ ms|\\d+\\.\\d+ s");
      String output = job.result().outputRoot().toString();
      assertThat(row.path("output").asText()).isEqualTo(output);
      assertThat(row.path("outputHref").asText()).isEqualTo("http://127.0.0.1:8080/ipfs/" + output);
      assertThat(r.path("jobsEmptyVisible").asBoolean()).isFalse();

      // the pinning service's card: the request, pinned
      assertThat(r.path("pinRequestCounts").toString())
          .isEqualTo("{\"queued\":\"0\",\"pinning\":\"0\",\"pinned\":\"1\",\"failed\":\"0\"}");
      assertThat(r.path("pinRequestRows").size()).isEqualTo(1);
      JsonNode request = r.at("/pinRequestRows/0");
      assertThat(request.path("cid").asText()).isEqualTo(asked.cid().toString());
      assertThat(request.path("name").asText()).isEqualTo("asked.txt");
      assertThat(request.path("status").asText()).isEqualTo("pinned");
      // posted before the browser started, which may take more than the 10 s of "just now"
      assertThat(request.path("asked").asText()).matches("just now|\\d+ s ago");

      // the Compute market card: this node's job posted, and the market's one open job
      JsonNode m = r.path("market");
      assertThat(m.at("/node/posted").asText()).isEqualTo("1");
      assertThat(m.at("/node/claimed").asText()).isEqualTo("0");
      assertThat(m.at("/node/disputed").asText()).isEqualTo("0");
      assertThat(m.at("/node/paid").asText()).isEqualTo("0");
      assertThat(m.at("/all/posted").asText()).isEqualTo("1");
      assertThat(m.at("/all/claimed").asText()).isEqualTo("0");
      assertThat(m.at("/all/paid").asText()).isEqualTo("0");
      assertThat(m.path("line").asText()).startsWith("Inputs of the jobs this node ran: 0 B");

      // the Peers card: the peer connected, the block fetched from it, this node's addresses
      JsonNode peers = r.path("peers");
      assertThat(peers.path("connected").asText()).isEqualTo("1");
      assertThat(peers.path("blocksIn").asText()).isEqualTo("1");
      assertThat(peers.path("blocksOut").asText()).isEqualTo("0");
      assertThat(peers.path("wants").asText()).isEqualTo("0");
      assertThat(peers.path("routingTable").asText()).matches("\\d+");
      assertThat(peers.path("routingTableLabel").asText())
          .matches("DHT routing tables \\(WAN \\d+, LAN \\d+\\)");
      assertThat(peers.path("provided").asText()).matches("\\d+");
      // the bytes of the connection and the fetch, in IEC units, and the rate beside them
      assertThat(peers.path("bwIn").asText()).matches("[0-9.]+ (B|KiB|MiB)").isNotEqualTo("0 B");
      assertThat(peers.path("bwOut").asText()).matches("[0-9.]+ (B|KiB|MiB)");
      assertThat(peers.path("bwInLabel").asText()).matches("received, now [0-9.]+ (B|KiB|MiB)/s");
      assertThat(peers.path("addresses").asText())
          .contains(network.p2p().dialAddresses().get(0).toString());
      assertThat(peers.path("emptyVisible").asBoolean()).isFalse();
      assertThat(peers.path("rows").size()).isEqualTo(1);
      assertThat(peers.at("/rows/0/peer").asText()).isEqualTo(peer.config().peerId().toString());
      assertThat(NetworkDaemons.dialAddress(peer)).startsWith(peers.at("/rows/0/addr").asText());
      assertThat(peers.at("/rows/0/direction").asText()).isEqualTo("outbound");
      assertThat(peers.at("/rows/0/security").asText()).isEqualTo("TLS");
      assertThat(peers.at("/rows/0/agent").asText()).startsWith("cairn/");

      assertThat(r.at("/upload/cid").asText()).isEqualTo(HELLO);
      assertThat(r.at("/upload/name").asText()).isEqualTo("hello.txt");
      assertThat(r.at("/upload/size").asText()).isEqualTo("12 B");
      assertThat(r.at("/upload/gatewayHref").asText())
          .isEqualTo("http://127.0.0.1:8080/ipfs/" + HELLO + "?filename=hello.txt");
      assertThat(r.at("/recentRows/0/cid").asText()).isEqualTo(HELLO);
      assertThat(r.at("/recentRows/0/name").asText()).isEqualTo("hello.txt");
      assertThat(r.at("/recentRows/0/when").asText()).isEqualTo("just now");
      assertThat(r.path("pinCountAfter").asText())
          .isEqualTo(Integer.toString(recursivePins.size() + 1));
      assertThat(r.path("pinCidsAfter").toString()).contains(HELLO);
      try (Stream<PinStore.Pin> pins = daemon.storage().pins().list(PinStore.PinType.RECURSIVE)) {
        assertThat(pins.map(p -> p.cid().toString())).contains(HELLO);
      }

      assertThat(r.at("/narrow/scrollWidth").asInt()).isLessThanOrEqualTo(800);
      r.at("/narrow/cardLefts")
          .forEach(left -> assertThat(left.asInt()).isEqualTo(r.at("/narrow/cardLefts/0").asInt()));
      for (String shot :
          List.of(
              "dashboard-1280.png",
              "dashboard-jobs.png",
              "dashboard-peers.png",
              "dashboard-1280-after-upload.png",
              "dashboard-800.png")) {
        assertThat(Files.size(out.resolve(shot))).as(shot).isGreaterThan(10_000);
      }
    }
  }

  @Test
  void browsesAndChangesMfsThroughTheFilesCard() throws Exception {
    RepoPaths paths = repo();
    Path out = outDir();
    Path upload = Files.writeString(dir.resolve("notes.txt"), "notes\n");
    String tagged = "<img src=x onerror=alert(1)>.txt";

    try (Daemon daemon = start(paths, false)) {
      String api = "http://127.0.0.1:" + daemon.apiAddress().getPort();
      // An MFS tree made through the RPC: a folder with a file, and a file whose name is markup.
      Block hello = Block.create(Multicodec.RAW, "hello world\n".getBytes(StandardCharsets.UTF_8));
      Block markup = Block.create(Multicodec.RAW, "<b>".getBytes(StandardCharsets.UTF_8));
      daemon.storage().blocks().put(hello);
      daemon.storage().blocks().put(markup);
      rpc(api, "files/mkdir", "/docs");
      rpc(api, "files/cp", "/ipfs/" + hello.cid(), "/docs/hello.txt");
      rpc(api, "files/cp", "/ipfs/" + markup.cid(), "/" + tagged);
      JsonNode root = rpc(api, "files/stat", "/");
      JsonNode rootEntries = rpc(api, "files/ls?long=true", "/").path("Entries");
      String gateway = "http://127.0.0.1:8080/ipfs/";

      JsonNode r =
          Json.MAPPER.readTree(
              JsReference.run("webui-files.mjs", api, upload.toString(), "docs", out.toString()));

      assertThat(r.path("pageErrors")).isEmpty();
      assertThat(r.path("failedRequests")).isEmpty();
      // the one refused change below, and commands this node may not have yet
      assertConsoleErrorsOnlyFrom(r, api, "404|500", "files/mkdir|repo/stat|pin/ls");

      // the root: its CID and size, the folder first, names shown as text
      JsonNode card = r.path("root");
      assertThat(card.path("crumbs").toString()).isEqualTo("[\"/\"]");
      assertThat(card.path("current").asText()).isEqualTo("/");
      assertThat(card.path("cid").asText()).isEqualTo(root.path("Hash").asText());
      assertThat(card.path("cidHref").asText()).isEqualTo(gateway + root.path("Hash").asText());
      assertThat(root.path("CumulativeSize").asLong()).isLessThan(1024);
      assertThat(card.path("size").asText())
          .isEqualTo(root.path("CumulativeSize").asLong() + " B in all");
      assertThat(card.path("error").isNull()).isTrue();
      assertThat(card.path("rows").size()).isEqualTo(2);
      JsonNode docs = card.at("/rows/0");
      assertThat(docs.path("name").asText()).isEqualTo("docs/");
      assertThat(docs.path("folder").asBoolean()).isTrue();
      assertThat(docs.path("cid").asText())
          .isEqualTo(entry(rootEntries, "docs").path("Hash").asText());
      assertThat(docs.path("size").asText()).isEqualTo("—");
      assertThat(docs.path("remove").asText()).isEqualTo("Remove docs");
      JsonNode file = card.at("/rows/1");
      assertThat(file.path("name").asText()).isEqualTo(tagged);
      assertThat(file.path("elements").asInt()).isZero();
      assertThat(file.path("cid").asText()).isEqualTo(markup.cid().toString());
      assertThat(file.path("href").asText())
          .isEqualTo(
              gateway + markup.cid() + "?filename=%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E.txt");
      assertThat(file.path("size").asText()).isEqualTo("3 B");

      // in the folder: its file, with the CID the node gives it
      card = r.at("/folder/card");
      assertThat(card.path("crumbs").toString()).isEqualTo("[\"/\",\"docs\"]");
      assertThat(card.path("current").asText()).isEqualTo("docs");
      assertThat(card.path("cid").asText()).isEqualTo(r.at("/folder/node/stat/Hash").asText());
      assertThat(names(card)).containsExactly("hello.txt");
      assertThat(card.at("/rows/0/cid").asText())
          .isEqualTo(hello.cid().toString())
          .isEqualTo(r.at("/folder/node/entries/0/Hash").asText());
      assertThat(card.at("/rows/0/size").asText()).isEqualTo("12 B");

      // a folder made through the form, listed first
      assertThat(names(r.at("/made/card"))).containsExactly("made-here/", "hello.txt");
      assertThat(entry(r.at("/made/node/entries"), "made-here").path("Type").asInt()).isEqualTo(1);
      assertThat(r.at("/made/input").asText()).isEmpty();
      assertThat(r.at("/made/card/status").asText()).isEmpty();
      // the same name again: the node's error shown in the card, the name kept to fix
      assertThat(r.at("/madeAgain/card/status").asText())
          .startsWith("Could not make /docs/made-here: ")
          .contains("exists");
      assertThat(r.at("/madeAgain/input").asText()).isEqualTo("made-here");

      // removed after a confirm
      assertThat(r.path("confirm").asText()).contains("/docs/made-here");
      assertThat(names(r.at("/removed/card"))).containsExactly("hello.txt");
      assertThat(r.at("/removed/node/entries").size()).isEqualTo(1);

      // a file added through the upload box into the folder shown
      assertThat(r.path("toFilesLabel").asText()).isEqualTo("Also into Files at /docs/");
      String added = r.at("/uploaded/cid").asText();
      assertThat(r.at("/uploaded/status").asText()).isEqualTo("Also in Files at /docs/notes.txt.");
      assertThat(names(r.at("/uploaded/card"))).containsExactly("hello.txt", "notes.txt");
      assertThat(r.at("/uploaded/card/rows/1/cid").asText()).isEqualTo(added);
      assertThat(entry(r.at("/uploaded/node/entries"), "notes.txt").path("Hash").asText())
          .isEqualTo(added);

      // the page's refresh keeps the folder; the breadcrumb goes back to the root
      assertThat(r.at("/refreshed/current").asText()).isEqualTo("docs");
      assertThat(names(r.path("refreshed"))).containsExactly("hello.txt", "notes.txt");
      assertThat(r.at("/back/card/current").asText()).isEqualTo("/");
      assertThat(r.at("/back/card/cid").asText()).isEqualTo(r.at("/back/node/stat/Hash").asText());
      assertThat(names(r.at("/back/card"))).containsExactly("docs/", tagged);

      JsonNode now = rpc(api, "files/ls?long=true", "/docs").path("Entries");
      assertThat(entry(now, "notes.txt").path("Hash").asText()).isEqualTo(added);
      assertThat(now.size()).isEqualTo(2);
      assertThat(Files.size(out.resolve("dashboard-files.png"))).isGreaterThan(5_000);
    }
  }

  /** A repo with the test profile and a gateway address for the page's links. */
  private RepoPaths repo() {
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    ConfigEditor.open(paths)
        .set("Addresses.Gateway", "/ip4/127.0.0.1/tcp/8080", ConfigEditor.ValueType.STRING);
    return paths;
  }

  private static Path outDir() throws Exception {
    return Files.createDirectories(Path.of("target", "dashboard").toAbsolutePath());
  }

  /**
   * The daemon {@code cairn daemon} runs, on free ports, its console output dropped: with the dev
   * chain and the p2p network, or with neither.
   */
  private static Daemon start(RepoPaths paths, boolean chain) {
    return Daemon.start(
        paths,
        DaemonOptions.standard(
            false,
            List.of(),
            new InetSocketAddress("127.0.0.1", 0),
            new InetSocketAddress("127.0.0.1", 0),
            false,
            chain,
            !chain),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** Calls an RPC command with arguments; its JSON answer, or null for an empty one. */
  private static JsonNode rpc(String api, String command, String... args) throws Exception {
    StringBuilder uri = new StringBuilder(api + "/api/v0/" + command);
    for (String arg : args) {
      uri.append(uri.indexOf("?") < 0 ? '?' : '&')
          .append("arg=")
          .append(URLEncoder.encode(arg, StandardCharsets.UTF_8));
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(uri.toString()))
                    .POST(HttpRequest.BodyPublishers.noBody())
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as("%s: %s", command, r.body()).isEqualTo(200);
    return r.body().isBlank() ? null : Json.MAPPER.readTree(r.body());
  }

  /**
   * Each error the page logged to the console is an RPC call of one of {@code commands} (a regex)
   * that the node answered with one of {@code statuses}.
   */
  private static void assertConsoleErrorsOnlyFrom(
      JsonNode report, String api, String statuses, String commands) {
    String call = ".*(" + statuses + ").* " + api + "/api/v0/(" + commands + ")(\\?.*)?";
    report
        .path("consoleErrors")
        .forEach(
            e -> assertThat(e.path("text").asText() + " " + e.path("url").asText()).matches(call));
  }

  /** The entry of a files/ls listing with this name. */
  private static JsonNode entry(JsonNode entries, String name) {
    for (JsonNode e : entries) {
      if (e.path("Name").asText().equals(name)) {
        return e;
      }
    }
    throw new AssertionError("no entry " + name + " in " + entries);
  }

  private static List<String> names(JsonNode card) {
    List<String> names = new ArrayList<>();
    card.path("rows").forEach(row -> names.add(row.path("name").asText()));
    return names;
  }

  /** Asks the node's pinning service to pin {@code cid}, as a Pinning Service API client does. */
  private static void postPinRequest(String api, Cid cid, String name) throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(api + "/pinning/pins"))
                    .header("Authorization", "Bearer secret")
                    .header("Content-Type", "application/json")
                    .POST(
                        HttpRequest.BodyPublishers.ofString(
                            "{\"cid\":\"" + cid + "\",\"name\":\"" + name + "\"}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(202);
  }

  /** Posts the spec of {@code job} to the market with {@code cairn job submit --market}. */
  private static void postMarketJob(RepoPaths paths, JobRecord job) throws Exception {
    Path spec = Files.writeString(paths.root().resolve("spec.json"), job.spec().toJson());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        io.cairn.node.Main.run(
            new io.cairn.node.cli.Output(
                new java.io.ByteArrayInputStream(new byte[0]),
                out,
                new PrintStream(err, true, StandardCharsets.UTF_8)),
            new String[] {
              "--repo-dir",
              paths.root().toString(),
              "job",
              "submit",
              spec.toString(),
              "--market",
              "--price",
              "1000",
              "--native"
            });
    assertThat(code).as("job submit: %s", err.toString(StandardCharsets.UTF_8)).isZero();
  }
}
