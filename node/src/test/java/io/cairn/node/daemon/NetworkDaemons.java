package io.cairn.node.daemon;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.http.HttpRoute;
import io.cairn.node.http.RequestListener;
import io.cairn.node.p2p.NodeNetwork;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Daemons with their p2p network for tests: a repo created with the {@code test} profile (API and
 * swarm on 127.0.0.1, ports the system picks; no bootstrap peers), the network as the only service.
 */
public final class NetworkDaemons {
  private NetworkDaemons() {}

  /** Starts a daemon for a new repo at {@code repo}; close it to stop. */
  public static Daemon start(Path repo) {
    return start(repo, node -> List.of(), RequestListener.NONE);
  }

  /** As {@link #start(Path)}, with more routes on the API port and a listener of its requests. */
  public static Daemon start(
      Path repo, Function<NodeHandle, List<HttpRoute>> routes, RequestListener listener) {
    return start(repo, routes, listener, UnaryOperator.identity());
  }

  /** As {@link #start(Path)}, with pubsub on (as {@code --enable-pubsub-experiment}). */
  public static Daemon startWithPubsub(Path repo) {
    return startWithPubsub(repo, node -> List.of(), RequestListener.NONE);
  }

  /** As {@link #startWithPubsub(Path)}, with more routes and a listener of its requests. */
  public static Daemon startWithPubsub(
      Path repo, Function<NodeHandle, List<HttpRoute>> routes, RequestListener listener) {
    return start(repo, routes, listener, config -> config.withPubsub(config.pubsub().enable()));
  }

  /** As {@link #start(Path)}, with IPNS over pubsub on (as {@code --enable-namesys-pubsub}). */
  public static Daemon startWithNamesysPubsub(Path repo) {
    return start(
        repo,
        node -> List.of(),
        RequestListener.NONE,
        config -> config.withIpns(new io.cairn.config.IpnsConfig(true)));
  }

  private static Daemon start(
      Path repo,
      Function<NodeHandle, List<HttpRoute>> routes,
      RequestListener listener,
      UnaryOperator<NodeConfig> network) {
    return Daemon.start(
        new RepoPaths(repo),
        new DaemonOptions(
            true,
            List.of("test"),
            new InetSocketAddress("127.0.0.1", 0),
            routes,
            node -> List.of(new NodeNetwork(network.apply(node.config()), node.storage(), null)),
            listener),
        new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
  }

  /** The first address {@code daemon} is dialed at, with {@code /p2p/<peer ID>}. */
  public static String dialAddress(Daemon daemon) {
    return daemon.service(NodeNetwork.class).orElseThrow().p2p().dialAddresses().get(0).toString();
  }

  /** Closes the daemons a test started (those it did not start are null). */
  public static void closeAll(Daemon... daemons) {
    for (Daemon d : daemons) {
      if (d != null) {
        d.close();
      }
    }
  }

  /** The daemon's peer ID. */
  public static String peerId(Daemon daemon) {
    return daemon.config().peerId().toString();
  }
}
