package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.BandwidthMeter;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code stats/bw}: Kubo's {@code {TotalIn, TotalOut, RateIn, RateOut}} for the whole host (bytes
 * on the sockets, encryption included; rates over the last second); with {@code poll} one value
 * every {@code interval} (default 1s) until the client goes away. With {@code peer} or {@code
 * proto} (not both, as Kubo), the bytes of the streams with that peer or of that protocol, as
 * libp2p counts them apart; zero for one not met.
 */
final class StatsBwRpc implements ApiCommand {
  @Override
  public String path() {
    return "stats/bw";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    Optional<String> peer = req.option("peer", "p");
    Optional<String> proto = req.option("proto", "t");
    if (peer.isPresent() && proto.isPresent()) {
      throw ApiException.client("please only specify peer OR protocol"); // Kubo's message
    }
    Optional<PeerId> peerId = peer.map(P2pRpcs::peer);
    boolean poll = req.flag(false, "poll");
    Duration interval = interval(req.optionOr("interval", "1s"));
    BandwidthMeter meter = P2pRpcs.network(node, req).bandwidth();
    while (true) {
      res.emit(
          json(
              peerId.isPresent()
                  ? meter.peer(peerId.get())
                  : proto.isPresent() ? meter.protocol(proto.get()) : meter.stats()));
      if (!poll) {
        return;
      }
      req.cancellation().sleep(interval);
    }
  }

  private static Duration interval(String text) {
    Duration d;
    try {
      d = Units.parseDuration(text);
    } catch (IllegalArgumentException e) {
      throw ApiException.client("invalid interval '" + text + "': " + e.getMessage());
    }
    if (d.isZero()) {
      throw ApiException.client("interval must be more than 0, not '" + text + "'");
    }
    return d;
  }

  private static Map<String, Object> json(BandwidthMeter.Stats s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("TotalIn", s.totalIn());
    m.put("TotalOut", s.totalOut());
    m.put("RateIn", s.rateIn());
    m.put("RateOut", s.rateOut());
    return m;
  }
}
