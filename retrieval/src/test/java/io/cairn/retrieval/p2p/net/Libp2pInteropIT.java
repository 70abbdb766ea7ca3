package io.cairn.retrieval.p2p.net;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.Connection;
import io.cairn.retrieval.p2p.identify.Identify;
import io.cairn.retrieval.p2p.testing.TestHosts;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import io.cairn.storage.testing.JsReference;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * js-libp2p (TCP, {@code @libp2p/noise} or {@code @libp2p/tls}, {@code @libp2p/yamux}, Identify,
 * Ping) and Cairn's host ping and identify each other, each side dialing once ({@code
 * interop/p2p-libp2p.mjs}).
 */
@Tag("p2p")
@Tag("interop")
class Libp2pInteropIT {
  private static final String ECHO = "/cairn/test/echo/1.0.0";
  private static final String JS_LATE = "/cairn/test/js-late/1.0.0";
  private static final String CAIRN_LATE = "/cairn/test/late/1.0.0";

  /**
   * Each key type a js-libp2p identity may have (the peer ID and the handshake signature differ),
   * over each security protocol. With TLS, js-libp2p offers Yamux in ALPN and Cairn's listener
   * picks it there; Cairn's dialer proposes TLS first and js-libp2p's Noise-only node answers with
   * {@code na}, so Cairn falls back to Noise.
   */
  @ParameterizedTest
  @CsvSource({
    "Ed25519, noise",
    "secp256k1, noise",
    "RSA, noise",
    "Ed25519, tls",
    "secp256k1, tls",
    "RSA, tls"
  })
  void pingAndIdentifyBothWaysWithJsLibp2p(String keyType, String security) throws Exception {
    String protocol = security.equals("tls") ? ConnectionSetup.TLS : ConnectionSetup.NOISE;
    ObjectMapper json = new ObjectMapper();
    try (TestHosts hosts = TestHosts.start(1, n -> n.host().register(TestHosts.echo(ECHO)))) {
      P2pNode cairn = hosts.get(0);
      String target = cairn.dialAddresses().get(0).toString();
      Process js =
          new ProcessBuilder(
                  JsReference.node().toString(),
                  JsReference.interopDir().resolve("p2p-libp2p.mjs").toString(),
                  target,
                  keyType,
                  security)
              .directory(JsReference.interopDir().toFile())
              .redirectError(ProcessBuilder.Redirect.INHERIT)
              .start();
      try {
        BufferedReader out =
            new BufferedReader(new InputStreamReader(js.getInputStream(), StandardCharsets.UTF_8));
        JsonNode hello = json.readTree(line(out));
        PeerId jsPeer = PeerId.parse(hello.get("peerId").asText());
        // an inline key for Ed25519 and secp256k1, a sha2-256 of the key for RSA
        assertThat(jsPeer.toString())
            .startsWith(
                switch (keyType) {
                  case "Ed25519" -> "12D3KooW";
                  case "secp256k1" -> "16Uiu2HA";
                  default -> "Qm";
                });
        List<Multiaddr> jsAddrs = new ArrayList<>();
        hello.get("addrs").forEach(a -> jsAddrs.add(Multiaddr.parse(a.asText())));

        // js-libp2p dialed Cairn, pinged it and identified it.
        JsonNode seen = json.readTree(line(out));
        assertThat(seen.get("rtt").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(seen.get("agentVersion").asText()).startsWith("cairn/");
        assertThat(seen.get("protocolVersion").asText()).isEqualTo("ipfs/0.1.0");
        List<String> protocols = new ArrayList<>();
        seen.get("protocols").forEach(p -> protocols.add(p.asText()));
        assertThat(protocols).contains(Identify.PROTOCOL_ID, "/ipfs/ping/1.0.0", ECHO);
        List<String> listen = new ArrayList<>();
        seen.get("listenAddrs").forEach(a -> listen.add(a.asText()));
        assertThat(listen).contains(cairn.host().listenAddresses().get(0).toString());
        assertThat(seen.get("observedAddr").asText()).startsWith("/ip4/127.0.0.1/tcp/");

        // Cairn identified js-libp2p on the inbound connection.
        Connection inbound =
            cairn.host().connection(jsPeer).orElseThrow(() -> new AssertionError("no connection"));
        assertThat(inbound.initiator()).isFalse();
        assertThat(inbound.security()).isEqualTo(protocol);
        Identify.Info info = cairn.identify(inbound).get(20, TimeUnit.SECONDS);
        assertThat(info.agentVersion()).contains("libp2p");
        assertThat(info.protocols()).contains(Identify.PROTOCOL_ID, "/ipfs/ping/1.0.0");
        assertThat(cairn.host().peerStore().protocols(jsPeer)).contains("/ipfs/ping/1.0.0");
        inbound.close().get(10, TimeUnit.SECONDS);

        // Cairn dials js-libp2p (checking its peer ID), pings and identifies it.
        Connection outbound = cairn.host().connect(jsPeer, jsAddrs).get(20, TimeUnit.SECONDS);
        assertThat(outbound.initiator()).isTrue();
        assertThat(outbound.security()).isEqualTo(protocol);
        assertThat(outbound.remotePeer()).isEqualTo(jsPeer);
        Duration rtt = cairn.ping(jsPeer).get(20, TimeUnit.SECONDS);
        assertThat(rtt).isPositive();
        Identify.Info back = cairn.identify(outbound).get(20, TimeUnit.SECONDS);
        assertThat(back.peer()).isEqualTo(jsPeer);
        assertThat(back.listenAddresses())
            .containsAll(
                jsAddrs.stream()
                    .map(a -> Multiaddr.parse(a.toString().replaceAll("/p2p/.*", "")))
                    .toList());

        // Identify push both ways: js-libp2p handles a new protocol and pushes it to Cairn;
        // Cairn registers one and pushes it to js-libp2p.
        var commands = new java.io.PrintStream(js.getOutputStream(), true, StandardCharsets.UTF_8);
        commands.println("register");
        assertThat(json.readTree(line(out)).get("registered").asBoolean()).isTrue();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!cairn.host().peerStore().protocols(jsPeer).contains(JS_LATE)
            && System.nanoTime() < deadline) {
          Thread.sleep(20);
        }
        assertThat(cairn.host().peerStore().protocols(jsPeer))
            .contains(JS_LATE, "/ipfs/ping/1.0.0");
        cairn.host().register(TestHosts.echo(CAIRN_LATE));
        assertThat(cairn.pushIdentify().get(20, TimeUnit.SECONDS)).isEqualTo(1);
        commands.println("protocols");
        List<String> pushed = new ArrayList<>();
        json.readTree(line(out)).get("cairnProtocols").forEach(p -> pushed.add(p.asText()));
        assertThat(pushed).contains(CAIRN_LATE, ECHO, Identify.PROTOCOL_ID);

        js.getOutputStream().close();
        JsonNode bye = json.readTree(line(out));
        List<String> inboundPeers = new ArrayList<>();
        bye.get("inboundPeers").forEach(p -> inboundPeers.add(p.asText()));
        assertThat(inboundPeers).contains(cairn.peerId().toString());
        assertThat(js.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(js.exitValue()).isZero();
        assertThat(cairn.metrics().drops()).isEmpty();
      } finally {
        js.destroyForcibly();
      }
    }
  }

  private static String line(BufferedReader out) throws Exception {
    String l = out.readLine();
    if (l == null) {
      throw new AssertionError("p2p-libp2p.mjs ended early (see its standard error above)");
    }
    return l;
  }
}
