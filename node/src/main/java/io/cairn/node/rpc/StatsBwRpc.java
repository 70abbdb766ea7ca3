package io.cairn.node.rpc;

import io.cairn.config.Units;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.BandwidthMeter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * {@code stats/bw}: Kubo's {@code {TotalIn, TotalOut, RateIn, RateOut}} for the whole host (bytes
 * on the sockets, encryption included; rates over the last second); with {@code poll} one value
 * every {@code interval} (default 1s) until the client goes away. Kubo's {@code peer} and {@code
 * proto} are refused: Cairn does not count bytes per peer or protocol.
 */
final class StatsBwRpc implements ApiCommand {
  @Override
  public String path() {
    return "stats/bw";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws InterruptedException {
    boolean peer = req.option("peer", "p").isPresent();
    boolean proto = req.option("proto", "t").isPresent();
    if (peer && proto) {
      throw ApiException.client("please only specify peer OR protocol"); // Kubo's message
    }
    if (peer || proto) {
      throw ApiException.client(
          "stats bw --"
              + (peer ? "peer" : "proto")
              + ": Cairn counts the bytes of the whole host, not per peer or protocol");
    }
    boolean poll = req.flag(false, "poll");
    Duration interval = interval(req.optionOr("interval", "1s"));
    BandwidthMeter meter = P2pRpcs.network(node, req).bandwidth();
    while (true) {
      res.emit(json(meter.stats()));
      if (!poll) {
        return;
      }
      try {
        req.cancellation()
            .signal()
            .toCompletableFuture()
            .get(interval.toNanos(), TimeUnit.NANOSECONDS);
      } catch (TimeoutException e) {
        continue; // the next value
      } catch (ExecutionException e) {
        throw new IllegalStateException(e);
      }
      req.cancellation().check();
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
