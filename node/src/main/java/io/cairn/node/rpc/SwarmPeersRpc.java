package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.GoDurations;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.P2pNode;
import io.cairn.retrieval.p2p.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code swarm/peers}: the open connections, as Kubo's {@code {"Peers": [{Addr, Peer, Latency,
 * Direction, Streams}]}}, with Latency ({@code --latency}: a ping now), Direction ({@code
 * --direction}: 1 inbound, 2 outbound, as libp2p's {@code network.Direction}) and Streams ({@code
 * --streams}: {@code [{Protocol}]}, one per open stream) only when asked for or with {@code
 * --verbose}. Kubo's Muxer is never given, as Kubo never fills it.
 */
final class SwarmPeersRpc implements ApiCommand {
  /** How long {@code --latency} waits for each peer's ping. */
  private static final Duration PING_TIMEOUT = Duration.ofSeconds(5);

  @Override
  public String path() {
    return "swarm/peers";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    P2pNode p2p = P2pRpcs.network(node, req).p2p();
    boolean verbose = req.flag(false, "verbose", "v");
    boolean latency = verbose || req.flag(false, "latency");
    boolean direction = verbose || req.flag(false, "direction");
    boolean streams = verbose || req.flag(false, "streams");
    List<Connection> connections =
        p2p.host().connections().stream()
            .filter(Connection::isOpen)
            .sorted(
                Comparator.comparing((Connection c) -> c.remotePeer().toString())
                    .thenComparing(c -> c.remoteAddress().toString()))
            .toList();
    List<CompletableFuture<Duration>> pings = new ArrayList<>();
    if (latency) {
      for (Connection c : connections) {
        pings.add(
            p2p.ping(c.remotePeer())
                .completeOnTimeout(null, PING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(e -> null));
      }
    }
    List<Map<String, Object>> peers = new ArrayList<>();
    for (int i = 0; i < connections.size(); i++) {
      Connection c = connections.get(i);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Addr", c.remoteAddress().toString());
      m.put("Peer", c.remotePeer().toString());
      if (latency) {
        Duration d = pings.get(i).join();
        m.put("Latency", d == null ? "n/a" : GoDurations.format(d));
      }
      if (direction) {
        m.put("Direction", c.initiator() ? 2 : 1);
      }
      if (streams) {
        m.put(
            "Streams",
            c.streamProtocols().stream().map(s -> Map.of("Protocol", (Object) s)).toList());
      }
      peers.add(m);
    }
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("Peers", peers);
    res.emitOnce(out);
  }
}
