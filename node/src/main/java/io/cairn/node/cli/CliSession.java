package io.cairn.node.cli;

import io.cairn.config.NodeConfig;
import io.cairn.config.RepoPaths;

/** State of one CLI invocation: global options, output, and the repo once a command opens it. */
public final class CliSession implements AutoCloseable {
  /** Implemented by the root command so mixins can find the session. */
  public interface Holder {
    CliSession session();
  }

  private final GlobalOptions globals = new GlobalOptions();
  private final Output output;
  private NodeConfig config;
  private RepoSession repo;
  private io.cairn.node.api.Api api;
  private boolean stdoutClosed;

  public CliSession(Output output) {
    this.output = output;
  }

  public GlobalOptions globals() {
    return globals;
  }

  public Output output() {
    return output;
  }

  /** The repo folder: --repo-dir, then $CAIRN_PATH, then ~/.cairn. */
  public RepoPaths paths() {
    return new RepoPaths(globals.repoPath());
  }

  /** The repo's config, read and validated on first use. */
  public NodeConfig config() {
    if (config == null) {
      config = NodeConfig.load(paths());
    }
    return config;
  }

  /** The open repo, opened and locked on first use, closed with this session. */
  public RepoSession repo() {
    if (repo == null) {
      repo = RepoSession.open(paths(), config());
    }
    return repo;
  }

  /**
   * Where commands run: a daemon's RPC API when one runs for this repo (its {@code api} file names
   * an address that answers) or {@code --api} names one, else in this process against the repo. A
   * daemon that holds the repo but is still starting is waited for, so a command never fails
   * because it came too early.
   */
  public io.cairn.node.api.Api api() {
    if (api == null) {
      api = ApiSelector.select(this);
      if (globals.offline) {
        api = new OptionApi(api, "offline", "true");
      }
      if (globals.cidBase != null) {
        api = new OptionApi(api, io.cairn.node.api.CidEncoder.BASE, globals.cidBase);
      }
      if (globals.upgradeCidV0 != null) {
        api =
            new OptionApi(
                api, io.cairn.node.api.CidEncoder.UPGRADE, globals.upgradeCidV0.toString());
      }
      if (globals.timeout != null) {
        api = new OptionApi(api, io.cairn.node.api.Cancellation.TIMEOUT, globals.timeout);
      }
    }
    return api;
  }

  /** Whether stdout was closed by its reader ({@code cairn cat x | head}). */
  public boolean stdoutClosed() {
    return stdoutClosed;
  }

  @Override
  public void close() {
    try {
      if (api != null) {
        api.close();
      }
      if (repo != null) {
        repo.close();
      }
    } finally {
      try {
        output.flush();
      } catch (java.io.UncheckedIOException e) {
        if (!ErrorHandler.isBrokenPipe(e)) {
          throw e;
        }
        stdoutClosed = true;
      }
    }
  }
}
