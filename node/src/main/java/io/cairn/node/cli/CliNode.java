package io.cairn.node.cli;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;
import io.cairn.node.api.NodeHandle;
import io.cairn.storage.Storage;

/** The node as a one-shot CLI command sees it: the repo, opened (and locked) on first use. */
final class CliNode implements NodeHandle {
  private final CliSession session;

  CliNode(CliSession session) {
    this.session = session;
  }

  @Override
  public RepoPaths paths() {
    return session.paths();
  }

  @Override
  public NodeConfig config() {
    return session.config();
  }

  @Override
  public Storage storage() {
    return session.repo().storage();
  }

  @Override
  public io.cairn.storage.unixfs.Mfs mfs() {
    return session.repo().mfs();
  }

  @Override
  public io.cairn.node.jobs.NodeJobs jobs() {
    return session.repo().jobs();
  }

  @Override
  public boolean daemon() {
    return false;
  }
}
