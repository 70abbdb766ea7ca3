package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.pinning.PinningNode;
import io.cairn.node.pinning.StubService;
import io.cairn.storage.Cid;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/**
 * {@code cairn pin remote}: Kubo's {@code ipfs pin remote} against a real pinning service (a Cairn
 * daemon serving the Pinning Service API, on a repo of its own), with Kubo's lines, JSON and
 * errors.
 */
@BothModes
class PinRemoteCommandTest {
  /** A CID no node holds: its pin request waits, then fails at the service's PinTimeout. */
  private static final String NOBODY_HAS_IT =
      "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;
  PinningNode service;
  String endpoint;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
    service = PinningNode.create(tmp.resolve("service"), "2s");
    endpoint = service.base() + "/pinning";
    cli.ok("pin", "remote", "service", "add", "svc", endpoint + "/", PinningNode.TOKEN);
  }

  @AfterEach
  void stop() {
    service.close();
  }

  @Test
  void servicesAreAddedListedWithCountsAndRemoved() throws Exception {
    assertThat(cli.ok("pin", "remote", "service", "ls").out()).isEqualTo("svc " + endpoint + "\n");
    assertThat(cli.fails("pin", "remote", "service", "add", "svc", endpoint, "k"))
        .isEqualTo("service already present");
    assertThat(cli.fails("pin", "remote", "service", "add", "p", endpoint + "/pins", "k"))
        .isEqualTo("service endpoint should be provided without the /pins suffix");
    assertThat(cli.fails("pin", "remote", "service", "add", "p", "ftp://x", "k"))
        .isEqualTo("service endpoint must be a valid HTTP URL");
    // The key is a secret: never shown.
    assertThat(cli.ok("config", "show").out()).contains(endpoint).doesNotContain(PinningNode.TOKEN);

    Cid cid = service.addUnpinned("a", "a".getBytes(StandardCharsets.UTF_8));
    cli.ok("pin", "remote", "add", "--service=svc", cid.toString());
    cli.ok("pin", "remote", "add", "--service=svc", "--background", NOBODY_HAS_IT);
    cli.ok("pin", "remote", "service", "add", "badkey", endpoint, "wrong-key");

    assertThat(cli.ok("pin", "remote", "service", "ls", "--stat").lines())
        .containsExactly("badkey " + endpoint + " invalid", "svc    " + endpoint + " 0/1/1/0");
    JsonNode json = cli.ok("pin", "remote", "service", "ls", "--stat", "--enc=json").json();
    assertThat(json.at("/RemoteServices/0/Stat/Status").asText()).isEqualTo("invalid");
    assertThat(json.at("/RemoteServices/0/Stat").has("PinCount")).isFalse();
    assertThat(json.at("/RemoteServices/1/Service").asText()).isEqualTo("svc");
    assertThat(json.at("/RemoteServices/1/ApiEndpoint").asText()).isEqualTo(endpoint);
    assertThat(json.at("/RemoteServices/1/Stat/PinCount").toString())
        .isEqualTo("{\"Queued\":0,\"Pinning\":1,\"Pinned\":1,\"Failed\":0}");
    assertThat(cli.ok("pin", "remote", "service", "ls", "--enc=json").json().toString())
        .isEqualTo(
            "{\"RemoteServices\":[{\"Service\":\"badkey\",\"ApiEndpoint\":\""
                + endpoint
                + "\"},{\"Service\":\"svc\",\"ApiEndpoint\":\""
                + endpoint
                + "\"}]}");

    cli.ok("pin", "remote", "service", "rm", "badkey");
    cli.ok("pin", "remote", "service", "rm", "never-added");
    assertThat(cli.ok("pin", "remote", "service", "ls").lines()).containsExactly("svc " + endpoint);
  }

  @Test
  void addWaitsUntilPinnedOrFailedUnlessInTheBackground() throws Exception {
    Cid cid = service.addUnpinned("doc", "a document".getBytes(StandardCharsets.UTF_8));
    assertThat(cli.ok("pin", "remote", "add", "--service=svc", "--name=doc", cid.toString()).out())
        .isEqualTo("CID:    " + cid + "\nName:   doc\nStatus: pinned\n");
    assertThat(service.recursivePins()).containsEntry(cid, "doc");

    JsonNode queued =
        cli.ok("pin", "remote", "add", "--service=svc", "--background", "--enc=json", NOBODY_HAS_IT)
            .json();
    assertThat(queued.toString())
        .isEqualTo("{\"Status\":\"queued\",\"Cid\":\"" + NOBODY_HAS_IT + "\",\"Name\":\"\"}");

    // The service gives up on it after its PinTimeout (2s): the foreground add says so.
    assertThat(cli.fails("pin", "remote", "add", "--service=svc", NOBODY_HAS_IT))
        .matches("remote service failed to pin requestid=\"[0-9a-f-]+\"");
  }

  @Test
  void lsFiltersAndPagesAndRmNeedsForceForMoreThanOne() throws Exception {
    List<Cid> cids = new ArrayList<>();
    for (int i = 0; i < 23; i++) {
      Cid cid = service.addUnpinned("f" + i, ("file " + i).getBytes(StandardCharsets.UTF_8));
      cids.add(cid);
      String name = i % 2 == 0 ? "even" : "odd-" + i;
      service.awaitStatus(
          service
              .post("/pinning/pins", "{\"cid\":\"" + cid + "\",\"name\":\"" + name + "\"}")
              .json()
              .path("requestid")
              .asText(),
          "pinned");
    }
    // 23 pins are three pages of ten: all listed, newest first, in Kubo's line.
    List<String> lines = cli.ok("pin", "remote", "ls", "--service=svc").lines();
    assertThat(lines).hasSize(23);
    assertThat(lines.getFirst()).isEqualTo(cids.get(22) + "\tpinned\teven");
    assertThat(lines.getLast()).isEqualTo(cids.get(0) + "\tpinned\teven");
    assertThat(cli.ok("pin", "remote", "ls", "--service=svc", "--name=even").lines()).hasSize(12);
    assertThat(
            cli.ok(
                    "pin",
                    "remote",
                    "ls",
                    "--service=svc",
                    "--cid=" + cids.get(3) + "," + cids.get(4))
                .lines())
        .containsExactly(cids.get(4) + "\tpinned\teven", cids.get(3) + "\tpinned\todd-3");
    assertThat(cli.ok("pin", "remote", "ls", "--service=svc", "--status=queued,failed").lines())
        .isEmpty();
    JsonNode one =
        cli.ok("pin", "remote", "ls", "--service=svc", "--name=odd-5", "--enc=json").json();
    assertThat(one.toString())
        .isEqualTo("{\"Status\":\"pinned\",\"Cid\":\"" + cids.get(5) + "\",\"Name\":\"odd-5\"}");
    assertThat(cli.fails("pin", "remote", "ls", "--service=svc", "--status=done"))
        .isEqualTo("status \"done\" is not valid");

    // One match goes without --force; several are refused, and nothing is removed, until --force.
    cli.ok("pin", "remote", "rm", "--service=svc", "--name=odd-5");
    assertThat(cli.fails("pin", "remote", "rm", "--service=svc", "--name=even"))
        .isEqualTo(
            "multiple remote pins are matching this query, add --force to confirm the bulk"
                + " removal");
    assertThat(cli.ok("pin", "remote", "ls", "--service=svc").lines()).hasSize(22);
    cli.ok("pin", "remote", "rm", "--service=svc", "--name=even", "--force");
    assertThat(cli.ok("pin", "remote", "ls", "--service=svc").lines()).hasSize(10);
    cli.ok("pin", "remote", "rm", "--service=svc", "--force");
    assertThat(cli.ok("pin", "remote", "ls", "--service=svc").lines()).isEmpty();
  }

  @Test
  void badServicesAndMissingOptionsGiveClearErrors() throws Exception {
    assertThat(cli.fails("pin", "remote", "ls")).isEqualTo("a service name must be passed");
    assertThat(cli.fails("pin", "remote", "ls", "--service=nope")).isEqualTo("service not known");

    cli.ok("pin", "remote", "service", "add", "badkey", endpoint, "wrong-key");
    assertThat(cli.fails("pin", "remote", "ls", "--service=badkey"))
        .startsWith("reason: \"UNAUTHORIZED\", details: ")
        .endsWith(": 401 Unauthorized");

    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    cli.ok("pin", "remote", "service", "add", "down", "http://127.0.0.1:" + port, "k");
    assertThat(cli.fails("pin", "remote", "add", "--service=down", NOBODY_HAS_IT))
        .isEqualTo(
            "empty response from remote pinning service: POST http://127.0.0.1:"
                + port
                + "/pins: connection refused");

    try (StubService junk = StubService.answering(200, "{\"count\": \"many\"}")) {
      cli.ok("pin", "remote", "service", "add", "junk", junk.endpoint(), "k");
      assertThat(cli.fails("pin", "remote", "ls", "--service=junk"))
          .isEqualTo(
              "invalid pinning service response to GET "
                  + junk.endpoint()
                  + "/pins?limit=10&status=pinned: PinResults.count must be a whole number, not"
                  + " many");
      assertThat(cli.fails("pin", "remote", "rm", "--service=junk"))
          .startsWith("error while listing remote pins: invalid pinning service response");
    }
  }
}
