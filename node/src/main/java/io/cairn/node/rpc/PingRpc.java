package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.P2pNode;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ping PEER [-n COUNT]}: pings a peer (a peer ID or a multiaddr ending in {@code /p2p/<peer
 * ID>}) once a second, streaming Kubo's {@code {Success, Time, Text}} lines: "PING peer.", one per
 * pong with its round trip in nanoseconds (or the error), then the average.
 */
final class PingRpc implements ApiCommand {
  /** Kubo's default count and interval. */
  static final int DEFAULT_COUNT = 10;

  static final int MAX_COUNT = 10_000;
  private static final Duration INTERVAL = Duration.ofSeconds(1);

  @Override
  public String path() {
    return "ping";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    P2pRpcs.PeerAddress target = P2pRpcs.peerAddress(req.argument(0, "peer ID"));
    long count = req.number("count", "n").orElse((long) DEFAULT_COUNT);
    if (count < 1 || count > MAX_COUNT) {
      throw ApiException.client("ping count must be between 1 and " + MAX_COUNT + ", not " + count);
    }
    NodeNetwork network = P2pRpcs.network(node, req);
    P2pNode p2p = network.p2p();
    PeerId peer = target.peer();
    if (peer.equals(p2p.peerId())) {
      throw ApiException.client("peer ID refers to own node");
    }
    if (!target.addresses().isEmpty()) {
      p2p.host().peerStore().addAddresses(peer, target.addresses(), P2pRpcs.TIMEOUT);
    } else if (p2p.host().connection(peer).isEmpty()
        && p2p.host().peerStore().addresses(peer).isEmpty()) {
      res.emit(result(true, 0, "Looking up peer " + peer));
      RoutingFindPeerRpc.lookUp(network, peer);
    }
    res.emit(result(true, 0, "PING " + peer + "."));
    long total = 0;
    int received = 0;
    for (long i = 0; i < count; i++) {
      if (i > 0) {
        // Kubo's pace: one ping a second, the lines streamed to the client as they come.
        Thread.sleep(INTERVAL.toMillis());
      }
      try {
        Duration rtt = P2pRpcs.await(p2p.ping(peer), P2pRpcs.TIMEOUT, "ping of " + peer);
        total += rtt.toNanos();
        received++;
        res.emit(result(true, rtt.toNanos(), ""));
      } catch (ApiException e) {
        res.emit(result(false, 0, e.getMessage()));
      }
    }
    if (received == 0) {
      throw new ApiException(ApiException.Kind.NORMAL, "ping failed");
    }
    res.emit(
        result(
            true,
            0,
            String.format(
                java.util.Locale.ROOT, "Average latency: %.2fms", total / 1e6 / received)));
  }

  private static Map<String, Object> result(boolean success, long timeNanos, String text) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Success", success);
    m.put("Time", timeNanos);
    m.put("Text", text);
    return m;
  }
}
