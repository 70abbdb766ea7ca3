package io.cairn.node.api;

import io.cairn.config.Identity;
import io.cairn.config.Keystore;
import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.proofs.PieceStore;
import io.cairn.storage.Storage;

/**
 * What commands run against: the repo's config and storage. The CLI's handle opens the repo on
 * first use; the daemon's is the running node.
 */
public interface NodeHandle {
  RepoPaths paths();

  NodeConfig config();

  /**
   * The repo's named keys ({@code key gen}, {@code key ls}...): files in {@code keystore/}, read
   * and written directly by a CLI command and a daemon alike.
   */
  default Keystore keystore() {
    return Keystore.open(paths());
  }

  /**
   * The key a command names ({@code name publish --key=NAME}, Kubo's {@code key sign}): the node
   * identity for {@value Keystore#SELF} (or no name), else the keystore's key of that name.
   *
   * @throws IllegalArgumentException if the keystore has no such key
   */
  default Identity key(String name) {
    if (name == null || name.isEmpty() || name.equals(Keystore.SELF)) {
      return config().identity().key();
    }
    return keystore().get(name);
  }

  Storage storage();

  /**
   * The repo's mutable file system ({@code files} commands): one per node, opened on first use with
   * the repo's {@code Import.*} settings, read again for each change so that a config change
   * applies to the next command.
   */
  io.cairn.storage.unixfs.Mfs mfs();

  /** The pieces this node keeps proving, in the repo's piece store. */
  default PieceStore pieces() {
    return PieceStore.open(paths().pieces());
  }

  /** The daemon's chain service; empty in a one-shot CLI command. */
  default java.util.Optional<io.cairn.node.chain.ChainService> chain() {
    return java.util.Optional.empty();
  }

  /** The daemon's compute-market service; empty in a one-shot CLI command or without a chain. */
  default java.util.Optional<io.cairn.node.market.MarketService> market() {
    return java.util.Optional.empty();
  }

  /** The node's compute jobs: the queue (opened on first use by a CLI command) and receipts. */
  io.cairn.node.jobs.NodeJobs jobs();

  /** The daemon's pinning service; empty in a one-shot CLI command. */
  default java.util.Optional<io.cairn.node.pinning.PinningService> pinning() {
    return java.util.Optional.empty();
  }

  /** The daemon's log of RPC commands ({@code diag cmds}); empty in a one-shot CLI command. */
  default java.util.Optional<CommandLog> commandLog() {
    return java.util.Optional.empty();
  }

  /** The daemon's peer-to-peer network; empty in a one-shot CLI command. */
  default java.util.Optional<io.cairn.node.p2p.NodeNetwork> network() {
    return java.util.Optional.empty();
  }

  /**
   * The addresses peers dial this node at, each ending in {@code /p2p/<peer ID>}: the {@code
   * origins} of a request to a remote pinning service, as Kubo sends its own; none without a
   * network.
   */
  default java.util.List<String> origins() {
    return network()
        .map(
            n ->
                n.p2p().dialAddresses().stream().map(io.cairn.storage.Multiaddr::toString).toList())
        .orElse(java.util.List.of());
  }

  /**
   * Completes once the daemon's peer-to-peer network has started (or failed to, or the daemon has
   * no network); until then {@link #network()} may be empty though the daemon will run one.
   * Complete in a one-shot CLI command.
   */
  default java.util.concurrent.CompletableFuture<Void> networkStarted() {
    return java.util.concurrent.CompletableFuture.completedFuture(null);
  }

  /**
   * The running network, if any. The daemon serves its API before its network is up; a command that
   * comes meanwhile waits for the network, as Kubo's commands only ever see a node that is up, for
   * at most 60 s and no longer than the request may run.
   *
   * @throws ApiException when the request is cancelled or its deadline passes while it waits, or
   *     the network is still starting after the wait
   */
  default java.util.Optional<io.cairn.node.p2p.NodeNetwork> awaitNetwork(ApiRequest request) {
    return NetworkWait.await(this, request);
  }

  /**
   * The blocks a command reads: the repo's, and on a daemon with the network also missing ones
   * fetched from peers, unless the request says {@code offline} (Kubo's {@code --offline}); the
   * fetches stop when the request is cancelled. A block no peer can be asked for is waited for
   * until then or the fetch time-out, for a peer that connects meanwhile, as in Kubo. On a daemon
   * whose network is still starting, a read of a block the repo lacks waits for the network first
   * ({@link #awaitNetwork}).
   */
  default io.cairn.storage.BlockStore blocks(ApiRequest request) {
    boolean offline = request.flag(false, "offline");
    var cancelled = request.cancellation().signal();
    java.util.Optional<io.cairn.node.p2p.NodeNetwork> running = network();
    if (running.isEmpty() && !offline && !networkStarted().isDone()) {
      return new NetworkPendingBlocks(
          storage().blocks(), () -> awaitNetwork(request).map(n -> n.blocks(false, cancelled)));
    }
    return running.map(n -> n.blocks(offline, cancelled)).orElseGet(() -> storage().blocks());
  }

  /**
   * Announces what a command wrote, once there is a network to announce it on: {@code provide} runs
   * with the network and {@code false} at once when {@code writtenWith} (what {@link #network()}
   * gave before the writes) holds it; on a daemon whose network was still starting then, with the
   * network and {@code true} (written before it started, so not queued as stored) once it is up;
   * without a network, never.
   */
  default void provideWritten(
      java.util.Optional<io.cairn.node.p2p.NodeNetwork> writtenWith,
      java.util.function.BiConsumer<io.cairn.node.p2p.NodeNetwork, Boolean> provide) {
    if (writtenWith.isPresent()) {
      provide.accept(writtenWith.get(), false);
      return;
    }
    networkStarted().thenRun(() -> network().ifPresent(n -> provide.accept(n, true)));
  }

  /**
   * The IPNS name system a command publishes and resolves with: the running network's (which puts
   * records to the DHT and looks names up there, and caches what it resolved), after waiting for it
   * as {@link #awaitNetwork} does; else, in a one-shot CLI command, on a daemon without a network
   * or for a request that says {@code offline}, an offline one over the records this repo
   * published.
   */
  default io.cairn.retrieval.ipns.NameSystem names(ApiRequest request) {
    if (!request.flag(false, "offline")) {
      var running = awaitNetwork(request).map(io.cairn.node.p2p.NodeNetwork::names);
      if (running.isPresent()) {
        return running.get();
      }
    }
    return io.cairn.node.p2p.NameSystems.create(storage(), null);
  }

  /** Whether this is a running daemon (the RPC API) rather than a one-shot CLI command. */
  boolean daemon();

  /**
   * Tells the node its config file changed ({@code config} set, replace, profile apply), so that
   * what it reports from the config ({@code repo stat}'s {@code StorageMax}) follows, as Kubo's
   * in-memory config does. Running services keep the settings they started with.
   */
  default void configChanged() {}

  /** Asks a running daemon to shut down; false when there is none. */
  default boolean shutdown() {
    return false;
  }
}
