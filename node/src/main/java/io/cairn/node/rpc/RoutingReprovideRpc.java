package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.NodeHandle;
import io.cairn.retrieval.p2p.kad.Kademlia;
import java.time.Duration;

/**
 * {@code routing/reprovide}: runs the reprovide sweep through every region now instead of waiting
 * for each region's time (one lookup per region), then answers nothing, as Kubo.
 */
final class RoutingReprovideRpc implements ApiCommand {
  /** How long the whole sweep may take. */
  private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(10);

  @Override
  public String path() {
    return "routing/reprovide";
  }

  @Override
  public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
    Kademlia dht = P2pRpcs.dht(node, req);
    long deadline = System.nanoTime() + SWEEP_TIMEOUT.toNanos();
    int regions = dht.reprovideStatus().regions();
    for (int i = 0; i < regions; i++) {
      Duration left = Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      P2pRpcs.await(
          dht.reprovideNextRegion(), left, "reproviding region " + (i + 1) + "/" + regions);
    }
  }
}
