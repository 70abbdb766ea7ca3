package io.cairn.node.daemon;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Storage;

/** The running daemon as commands see it. */
final class DaemonNode implements NodeHandle {
  private final Daemon daemon;

  DaemonNode(Daemon daemon) {
    this.daemon = daemon;
  }

  @Override
  public RepoPaths paths() {
    return daemon.paths();
  }

  @Override
  public NodeConfig config() {
    return daemon.config();
  }

  @Override
  public Storage storage() {
    return daemon.storage();
  }

  @Override
  public io.cairn.storage.unixfs.Mfs mfs() {
    return daemon.mfs();
  }

  @Override
  public java.util.Optional<io.cairn.node.chain.ChainService> chain() {
    return daemon.service(io.cairn.node.chain.ChainService.class);
  }

  @Override
  public java.util.Optional<io.cairn.node.market.MarketService> market() {
    return daemon.service(io.cairn.node.market.MarketService.class);
  }

  @Override
  public java.util.Optional<io.cairn.node.pinning.PinningService> pinning() {
    return daemon.service(io.cairn.node.pinning.PinningService.class);
  }

  @Override
  public java.util.Optional<io.cairn.node.p2p.NodeNetwork> network() {
    return daemon.service(io.cairn.node.p2p.NodeNetwork.class);
  }

  @Override
  public java.util.concurrent.CompletableFuture<Void> networkStarted() {
    return daemon.networkStarted();
  }

  @Override
  public java.util.Optional<io.cairn.node.api.CommandLog> commandLog() {
    return java.util.Optional.of(daemon.commandLog());
  }

  @Override
  public io.cairn.node.jobs.NodeJobs jobs() {
    return daemon.jobs();
  }

  @Override
  public void configChanged() {
    daemon.reloadConfig();
  }

  @Override
  public boolean daemon() {
    return true;
  }

  @Override
  public boolean shutdown() {
    daemon.requestStop();
    return true;
  }
}
