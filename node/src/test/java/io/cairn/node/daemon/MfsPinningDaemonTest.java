package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.config.RepoInitializer;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.Json;
import io.cairn.node.http.RequestListener;
import io.cairn.node.pinning.PinningNode;
import io.cairn.node.pinning.mfs.MfsPinning;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's MFS pinning policy in a running daemon: a remote service (Cairn's own pinning service, on
 * a node of its own) added and given the policy while the daemon runs, then the MFS root pinned
 * there, and the pin moved to each new root.
 */
class MfsPinningDaemonTest {
  @TempDir Path dir;
  PinningNode service;
  Daemon daemon;

  @BeforeEach
  void start() {
    service = PinningNode.create(dir.resolve("service"), "1h");
    RepoPaths paths = new RepoPaths(dir.resolve("repo"));
    RepoInitializer.init(paths, List.of("test"));
    daemon =
        Daemon.start(
            paths,
            new DaemonOptions(
                false,
                List.of(),
                new InetSocketAddress("127.0.0.1", 0),
                node -> List.of(),
                node -> List.of(MfsPinning.of(node, Duration.ofMillis(100))),
                RequestListener.NONE),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  @AfterEach
  void stop() {
    daemon.close();
    service.close();
  }

  @Test
  void keepsTheMfsRootPinnedOnTheServiceAsItChanges() throws Exception {
    ok("files/mkdir?arg=/a");
    String first = root();
    String policy = "Pinning.RemoteServices.svc.Policies.MFS.";
    ok(
        "pin/remote/service/add?arg=svc&arg="
            + q(service.base() + "/pinning")
            + "&arg="
            + PinningNode.TOKEN);
    ok("config?arg=" + q(policy + "RepinInterval") + "&arg=1s");
    ok("config?arg=" + q(policy + "Enable") + "&arg=true&bool=true");
    String name = "policy/" + daemon.config().peerId() + "/mfs";

    JsonNode pin = awaitPin(name, first);
    assertThat(service.settled(202, Duration.ofMillis(300))).isEqualTo(1);

    // A new root after RepinInterval: the pin is replaced, not added beside.
    write("/a/file", "some text");
    String second = root();
    assertThat(second).isNotEqualTo(first);
    JsonNode replaced = awaitPin(name, second);
    assertThat(replaced.path("requestid").asText()).isNotEqualTo(pin.path("requestid").asText());

    // Nothing changes: nothing is sent, over many polls.
    int reads = service.settled(200, Duration.ofMillis(300));
    int writes = service.answered(202);
    assertThat(writes).isEqualTo(2);
    Thread.sleep(1500);
    assertThat(service.answered(200)).isEqualTo(reads);
    assertThat(service.answered(202)).isEqualTo(writes);
  }

  private String root() throws IOException {
    return ok("files/stat?arg=/").path("Hash").asText();
  }

  private void write(String path, String text) throws IOException {
    RawHttp r =
        RawHttp.apiUpload(
            daemon,
            "files/write?arg=" + q(path) + "&create=true",
            "data",
            text.getBytes(StandardCharsets.UTF_8));
    assertThat(r.status()).as(r.bodyText()).isEqualTo(200);
  }

  /** Waits until the service's only pin of {@code name} is of {@code cid}; returns it. */
  private JsonNode awaitPin(String name, String cid) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
    JsonNode list;
    do {
      list =
          service.get("/pinning/pins?status=queued,pinning,pinned,failed&name=" + q(name)).json();
      if (list.path("count").asInt() == 1 && list.at("/results/0/pin/cid").asText().equals(cid)) {
        return list.at("/results/0");
      }
      assertThat(list.path("count").asInt()).as("%s", list).isLessThanOrEqualTo(1);
      Thread.sleep(50);
    } while (System.nanoTime() < deadline);
    throw new AssertionError("no pin of " + cid + " named " + name + ": " + list);
  }

  private JsonNode ok(String command) throws IOException {
    RawHttp r = RawHttp.api(daemon, command);
    assertThat(r.status()).as("%s: %s", command, r.bodyText()).isEqualTo(200);
    return r.body().length == 0 ? null : Json.MAPPER.readTree(r.body());
  }

  private static String q(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }
}
