package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.p2p.NodeNetwork;
import io.cairn.retrieval.p2p.kad.Kademlia;
import io.cairn.storage.Multiaddr;
import io.cairn.storage.PeerId;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * The peer-to-peer commands ({@code swarm/*}, {@code ping}, {@code routing/*}, {@code dht/*},
 * {@code provide/*}, {@code bitswap/*}, {@code stats/bitswap|provide|reprovide|bw|dht}), one class
 * each, and what they share: the running network, peer arguments and waiting for the network's
 * futures on the API's worker thread.
 */
final class P2pRpcs {
  /** The error of a p2p command run without a daemon. */
  static final String NEEDS_DAEMON =
      "this command needs a running daemon: start one with 'cairn daemon'";

  /**
   * The error of a p2p command on a daemon that runs without its network, as Kubo's ErrNotOnline.
   */
  static final String OFFLINE_DAEMON =
      "this command must be run in online mode: this daemon runs offline; restart it without"
          + " --offline";

  /**
   * Refuses a command that only makes sense in a running daemon (its logging, its profile): a
   * one-shot command's would end with it.
   */
  static void requireDaemon(NodeHandle node) {
    if (!node.daemon()) {
      throw ApiException.client(NEEDS_DAEMON);
    }
  }

  /** How long a command waits for one network operation (a dial, a lookup, a ping). */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  /** Kubo's {@code routing.QueryEventType}s that these commands emit. */
  static final int SENDING_QUERY = 0;

  static final int PEER_RESPONSE = 1;
  static final int FINAL_PEER = 2;

  static final int QUERY_ERROR = 3;
  static final int PROVIDER = 4;
  static final int DIALING_PEER = 7;

  private P2pRpcs() {}

  static List<ApiCommand> all() {
    return java.util.stream.Stream.concat(
            commands().stream(), DhtRemovedRpc.NAMES.stream().map(DhtRemovedRpc::new))
        .toList();
  }

  private static List<ApiCommand> commands() {
    return List.of(
        new SwarmPeersRpc(),
        new SwarmConnectRpc(),
        new SwarmDisconnectRpc(),
        new SwarmAddrsRpc(),
        new SwarmAddrsListenRpc(),
        new SwarmAddrsLocalRpc(),
        new SwarmPeeringAddRpc(),
        new SwarmPeeringLsRpc(),
        new SwarmPeeringRmRpc(),
        new SwarmFiltersRpc(),
        new SwarmFiltersAddRpc(),
        new SwarmFiltersRmRpc(),
        new PingRpc(),
        new RoutingFindProvsRpc(),
        new RoutingFindPeerRpc(),
        new RoutingGetRpc(),
        new RoutingPutRpc(),
        new RoutingProvideRpc(),
        new RoutingReprovideRpc(),
        new DhtQueryRpc(),
        new ReprovideStatRpc(),
        new ProvideClearRpc(),
        new ProvideOnceRpc(),
        new ProvideStatRpc("provide/stat"),
        new ProvideStatRpc("stats/provide"),
        new BitswapStatRpc("bitswap/stat"),
        new BitswapStatRpc("stats/bitswap"),
        new StatsBwRpc(),
        new StatsDhtRpc(),
        new BitswapWantlistRpc(),
        new BitswapLedgerRpc());
  }

  /**
   * The running network, or the error that says a daemon, or one with its network, is needed; on a
   * daemon whose network is still starting, after waiting for it ({@link #awaitNetwork}).
   */
  static NodeNetwork network(NodeHandle node, ApiRequest req) {
    return awaitNetwork(node, req)
        .orElseThrow(
            () ->
                node.daemon()
                    ? new ApiException(ApiException.Kind.NORMAL, OFFLINE_DAEMON)
                    : ApiException.client(NEEDS_DAEMON));
  }

  /**
   * The running network, if any, after waiting for it to start: {@link NodeHandle#awaitNetwork}.
   */
  static Optional<NodeNetwork> awaitNetwork(NodeHandle node, ApiRequest req) {
    return node.awaitNetwork(req);
  }

  /** The DHT, or the error that says {@code Routing.Type} is {@code none}. */
  static Kademlia dht(NodeHandle node, ApiRequest req) {
    return network(node, req)
        .dht()
        .orElseThrow(
            () ->
                ApiException.client(
                    "this node runs without the DHT (Routing.Type is none): set Routing.Type to"
                        + " dht and restart the daemon"));
  }

  /** A peer ID argument, or a client error naming it. */
  static PeerId peer(String text) {
    try {
      return PeerId.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.client("'" + text + "' is not a peer ID: " + e.getMessage());
    }
  }

  /** A multiaddr argument, or a client error naming it. */
  static Multiaddr multiaddr(String text) {
    try {
      return Multiaddr.parse(text.strip());
    } catch (IllegalArgumentException e) {
      throw ApiException.client("'" + text + "' is not a multiaddr: " + e.getMessage());
    }
  }

  /**
   * A peer given as Kubo takes it: a peer ID, or a multiaddr ending in {@code /p2p/<peer ID>}
   * (whose transport part is then an address to dial).
   */
  record PeerAddress(PeerId peer, List<Multiaddr> addresses) {}

  static PeerAddress peerAddress(String text) {
    if (!text.strip().startsWith("/")) {
      return new PeerAddress(peer(text), List.of());
    }
    Multiaddr a = multiaddr(text);
    String id =
        a.valueOf("p2p")
            .orElseThrow(
                () ->
                    ApiException.client(
                        "address '" + text + "' has no /p2p/<peer ID> part naming the peer"));
    StringBuilder transport = new StringBuilder();
    for (Multiaddr.Component c : a.components()) {
      if (c.protocol().equals("p2p")) {
        break;
      }
      transport.append(c);
    }
    return new PeerAddress(
        peer(id), transport.isEmpty() ? List.of() : List.of(Multiaddr.parse(transport.toString())));
  }

  /**
   * Waits for a network operation; its failure becomes an error naming {@code what}.
   *
   * @throws ApiException when it fails or takes longer than {@code timeout}
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout, String what) {
    try {
      return future.get(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ApiException(
          ApiException.Kind.NORMAL, what + " timed out after " + timeout.toSeconds() + " s");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause() != null ? e.getCause() : e;
      throw new ApiException(
          ApiException.Kind.NORMAL, what + " failed: " + cause.getMessage(), cause);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiException(ApiException.Kind.NORMAL, what + " was interrupted", e);
    }
  }

  /**
   * As {@link #await(CompletableFuture, Duration, String)}, the operation cancelled as soon as the
   * request is (its client went away, its {@code --timeout} passed), which ends a DHT lookup.
   *
   * @throws ApiException the request's cancellation when it was cancelled
   */
  static <T> T await(CompletableFuture<T> future, Duration timeout, String what, ApiRequest req) {
    req.cancellation().signal().thenRun(() -> future.cancel(true));
    try {
      return await(future, timeout, what);
    } catch (ApiException | java.util.concurrent.CancellationException e) {
      req.cancellation().check();
      throw e;
    }
  }

  /** One of Kubo's {@code routing.QueryEvent}s: {@code {Extra, ID, Responses, Type}}. */
  static Map<String, Object> event(
      int type, String id, List<Kademlia.PeerInfo> peers, String extra) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Extra", extra);
    m.put("ID", id);
    m.put(
        "Responses",
        peers == null
            ? null
            : peers.stream()
                .map(
                    p -> {
                      Map<String, Object> r = new LinkedHashMap<>();
                      r.put("Addrs", p.addresses().stream().map(Multiaddr::toString).toList());
                      r.put("ID", p.peer().toString());
                      return r;
                    })
                .toList());
    m.put("Type", type);
    return m;
  }

  /** Kubo's {@code Strings} output: {@code {"Strings": [...]}}. */
  static Map<String, Object> strings(List<String> lines) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Strings", lines);
    return m;
  }
}
