package io.cairn.node.daemon;

import static io.cairn.node.daemon.P2pRpcTest.dialAddress;
import static io.cairn.node.daemon.P2pRpcTest.json;
import static io.cairn.node.daemon.P2pRpcTest.post;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoPaths;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code swarm/filters}, {@code swarm/filters/add} and {@code swarm/filters/rm} on running
 * daemons: they change the filters the host applies at once and the config's {@code
 * Swarm.AddrFilters}, which the next start reads.
 */
class SwarmFiltersRpcTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private Daemon a;
  private Daemon b;

  @AfterEach
  void stop() {
    NetworkDaemons.closeAll(a, b);
  }

  @Test
  void addListAndRemoveChangeTheRunningHostAndTheConfigAsKuboDoes() throws Exception {
    a = NetworkDaemons.start(dir.resolve("a"));
    b = NetworkDaemons.start(dir.resolve("b"));
    assertThat(json(a, "swarm/filters")).isEqualTo(JSON.readTree("{\"Strings\": null}"));

    assertThat(json(a, "swarm/filters/add", "/ip4/127.0.0.0/ipcidr/8", "/ip4/10.1.0.0/ipcidr/8"))
        .isEqualTo(
            JSON.readTree(
                "{\"Strings\": [\"/ip4/127.0.0.0/ipcidr/8\", \"/ip4/10.1.0.0/ipcidr/8\"]}"));
    assertThat(json(a, "swarm/filters"))
        .isEqualTo(
            JSON.readTree(
                "{\"Strings\": [\"/ip4/127.0.0.0/ipcidr/8\", \"/ip4/10.0.0.0/ipcidr/8\"]}"));
    assertThat(config(a)).isEqualTo("[\"/ip4/127.0.0.0/ipcidr/8\",\"/ip4/10.1.0.0/ipcidr/8\"]");

    RawHttp refused = post(a, "swarm/connect", dialAddress(b));
    assertThat(refused.status()).isEqualTo(500);
    assertThat(message(refused)).contains("the address filter /ip4/127.0.0.0/ipcidr/8");

    assertThat(json(a, "swarm/filters/add", "/ip6/fc00::/ipcidr/7", "/ip4/127.0.0.0/ipcidr/8"))
        .isEqualTo(
            JSON.readTree(
                "{\"Strings\": [\"/ip6/fc00::/ipcidr/7\", \"/ip4/127.0.0.0/ipcidr/8\"]}"));
    assertThat(config(a))
        .isEqualTo(
            "[\"/ip6/fc00::/ipcidr/7\",\"/ip4/127.0.0.0/ipcidr/8\",\"/ip4/10.1.0.0/ipcidr/8\"]");

    assertThat(json(a, "swarm/filters/rm", "/ip4/127.0.0.0/ipcidr/8", "/ip4/1.2.3.0/ipcidr/24"))
        .isEqualTo(JSON.readTree("{\"Strings\": [\"/ip4/127.0.0.0/ipcidr/8\"]}"));
    assertThat(json(a, "swarm/connect", dialAddress(b)).at("/Strings/0").asText())
        .endsWith(" success");

    assertThat(json(a, "swarm/filters/rm", "all"))
        .isEqualTo(
            JSON.readTree("{\"Strings\": [\"/ip6/fc00::/ipcidr/7\", \"/ip4/10.1.0.0/ipcidr/8\"]}"));
    assertThat(json(a, "swarm/filters")).isEqualTo(JSON.readTree("{\"Strings\": null}"));
    assertThat(config(a)).isEqualTo("[]");
  }

  @Test
  void badFiltersAreRefusedWithKubosMessagesAndChangeNothing() throws Exception {
    a = NetworkDaemons.start(dir.resolve("a"));
    json(a, "swarm/filters/add", "/ip4/10.0.0.0/ipcidr/8");

    assertError(
        post(a, "swarm/filters/add", "/ip4/192.168.0.0/ipcidr/16", "192.168.0.0/16"),
        500,
        "invalid multiaddr-filter format");
    assertError(
        post(a, "swarm/filters/add", "/ip4/10.0.0.0/ipcidr/33"),
        500,
        "invalid CIDR address: 10.0.0.0/33");
    assertError(
        post(a, "swarm/filters/rm", "/ip6/fc00::/ipcidr/x"), 500, "invalid CIDR address: fc00::/x");
    assertError(post(a, "swarm/filters/add"), 400, "argument \"address\" is required");
    assertError(post(a, "swarm/filters/rm"), 400, "argument \"address\" is required");

    assertThat(json(a, "swarm/filters"))
        .isEqualTo(JSON.readTree("{\"Strings\": [\"/ip4/10.0.0.0/ipcidr/8\"]}"));
    assertThat(config(a)).isEqualTo("[\"/ip4/10.0.0.0/ipcidr/8\"]");
  }

  @Test
  void theConfigsFiltersHoldFromTheStart() throws Exception {
    b = NetworkDaemons.start(dir.resolve("b"));
    a = NetworkDaemons.start(dir.resolve("a"));
    a.close();
    ConfigEditor.open(new RepoPaths(dir.resolve("a")))
        .set(
            "Swarm.AddrFilters",
            "[\"/ip4/127.0.0.1/ipcidr/8\", \"/ip6/::1/ipcidr/128\"]",
            ConfigEditor.ValueType.JSON);
    a = NetworkDaemons.start(dir.resolve("a"));

    assertThat(json(a, "swarm/filters"))
        .isEqualTo(
            JSON.readTree("{\"Strings\": [\"/ip4/127.0.0.0/ipcidr/8\", \"/ip6/::1/ipcidr/128\"]}"));
    assertThat(message(post(a, "swarm/connect", dialAddress(b))))
        .contains("the address filter /ip4/127.0.0.0/ipcidr/8");
    // and connections from a filtered address are closed when accepted
    assertThat(post(b, "swarm/connect", dialAddress(a)).status()).isEqualTo(500);
  }

  private static String config(Daemon d) {
    return ConfigEditor.open(d.paths()).getJson("Swarm.AddrFilters").replaceAll("\\s", "");
  }

  private static String message(RawHttp r) throws Exception {
    return JSON.readTree(r.body()).get("Message").asText();
  }

  private static void assertError(RawHttp r, int status, String message) throws Exception {
    assertThat(r.status()).as(r.bodyText()).isEqualTo(status);
    assertThat(message(r)).isEqualTo(message);
  }
}
