package io.cairn.node.cli;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoLock;
import io.cairn.config.RepoPaths;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.node.rpc.ImportSettings;
import io.cairn.storage.Storage;
import io.cairn.storage.Storages;
import io.cairn.storage.unixfs.Mfs;

/** An open repo: its config, its lock (held until close) and its storage. */
public final class RepoSession implements AutoCloseable {
  private final RepoPaths paths;
  private final NodeConfig config;
  private final RepoLock lock;
  private final Storage storage;
  private NodeJobs jobs;
  private Mfs mfs;

  private RepoSession(RepoPaths paths, NodeConfig config, RepoLock lock, Storage storage) {
    this.paths = paths;
    this.config = config;
    this.lock = lock;
    this.storage = storage;
  }

  /**
   * Opens the repo at {@code paths}: reads the config, takes the repo lock, opens the block store.
   *
   * @throws io.cairn.config.ConfigException when there is no repo or its config is invalid
   * @throws IllegalStateException when another process holds the repo
   */
  public static RepoSession open(RepoPaths paths, NodeConfig config) {
    RepoLock lock = RepoLock.acquire(paths);
    try {
      return new RepoSession(
          paths,
          config,
          lock,
          Storages.openRepo(config.storageOptions(paths), config.peerId().toString()));
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  public RepoPaths paths() {
    return paths;
  }

  public NodeConfig config() {
    return config;
  }

  public Storage storage() {
    return storage;
  }

  /**
   * The repo's compute jobs, opened on first use: queued jobs run while this command does, and a
   * job still running when it ends runs again the next time the queue opens.
   */
  public synchronized NodeJobs jobs() {
    if (jobs == null) {
      jobs =
          NodeJobs.open(paths, config, storage, ImportSettings.fromConfig(config.importDefaults()));
    }
    return jobs;
  }

  /** The repo's mutable file system, opened on first use. */
  public synchronized Mfs mfs() {
    if (mfs == null) {
      mfs = new Mfs(storage, () -> ImportSettings.fromConfig(config.importDefaults()));
    }
    return mfs;
  }

  @Override
  public void close() {
    try {
      if (jobs != null) {
        jobs.close();
      }
      storage.close();
    } finally {
      lock.close();
    }
  }
}
