package io.cairn.node.api;

import io.cairn.node.p2p.NodeNetwork;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for the network of a daemon that answers its API before its network is up, as Kubo's
 * commands only ever see a node that is up: the p2p commands wait ({@link
 * NodeHandle#awaitNetwork}), and so do the reads of content the repo lacks ({@link
 * NodeHandle#blocks}).
 */
final class NetworkWait {
  /**
   * How long a command on a daemon still starting waits for its network to come up: longer than a
   * start takes (binding the swarm's ports, opening the DHT's tables), then it says to try again.
   */
  static final Duration NETWORK_START_WAIT = Duration.ofSeconds(60);

  private NetworkWait() {}

  /** See {@link NodeHandle#awaitNetwork}. */
  static Optional<NodeNetwork> await(NodeHandle node, ApiRequest req) {
    Optional<NodeNetwork> running = running(node);
    CompletableFuture<Void> started = node.networkStarted();
    if (running.isPresent() || started.isDone()) {
      return running;
    }
    try {
      CompletableFuture.anyOf(started, req.cancellation().signal().toCompletableFuture())
          .get(NETWORK_START_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new ApiException(
          ApiException.Kind.NORMAL,
          "the node's network is still starting (waited "
              + NETWORK_START_WAIT.toSeconds()
              + " s): try again in a moment");
    } catch (ExecutionException e) {
      // the start failed: the network is not running, as below
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(
          ApiException.Kind.NORMAL, "interrupted while waiting for the node's network to start", e);
    }
    req.cancellation().check();
    return running(node);
  }

  private static Optional<NodeNetwork> running(NodeHandle node) {
    return node.network().filter(n -> n.p2p() != null);
  }
}
