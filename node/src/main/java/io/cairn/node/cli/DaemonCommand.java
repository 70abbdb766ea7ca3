package io.cairn.node.cli;

import io.cairn.node.daemon.Daemon;
import io.cairn.node.daemon.DaemonOptions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn daemon}: runs the node until interrupted. */
@Command(
    name = "daemon",
    description = {
      "Run a node: the RPC API, the HTTP gateway, a libp2p peer and, by default, a dev chain.",
      "The Kubo-compatible RPC API listens on Addresses.API (default 127.0.0.1:5001) and serves",
      "the dashboard at /webui, the IPFS Pinning Service API at /pinning (tokens in",
      "PinningService.Tokens) and Prometheus metrics at /debug/metrics/prometheus; the gateway",
      "listens on Addresses.Gateway (default 127.0.0.1:8080) and the peer on Addresses.Swarm.",
      "Chain.Mode picks the chain: dev (a local Anvil the daemon starts), rpc (Chain.RpcUrl) or off.",
      "Creates the repo on first run. While it runs, other cairn commands talk to it.",
      "With --offline no peer-to-peer network starts: nothing is fetched from peers, and the",
      "gateway answers 404 at once for content the repo does not hold.",
      "Stop it with Ctrl-C, SIGTERM or 'cairn shutdown'."
    })
final class DaemonCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Option(
      names = "--init",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Create the repo if there is none (default: true).")
  boolean init;

  @Option(
      names = "--init-profile",
      split = ",",
      paramLabel = "PROFILE",
      description = "Config profiles for a repo created now.")
  List<String> initProfiles = new ArrayList<>();

  @Option(names = "--enable-gc", description = "Collect garbage every Datastore.GCPeriod.")
  boolean enableGc;

  @Option(
      names = "--enable-pubsub-experiment",
      description = "Enable the experimental pubsub feature. Overrides Pubsub.Enabled config.")
  boolean enablePubsub;

  @Option(
      names = "--enable-namesys-pubsub",
      description = "Enable IPNS over pubsub, and pubsub with it. Overrides Ipns.UsePubsub config.")
  boolean enableNamesysPubsub;

  @Override
  public void run() {
    PrintStream out =
        new PrintStream(ctx.out().stream(), true, java.nio.charset.StandardCharsets.UTF_8);
    DaemonOptions options =
        DaemonOptions.standard(
            init,
            initProfiles,
            null,
            null,
            enableGc,
            true,
            ctx.globals().offline,
            enablePubsub,
            enableNamesysPubsub);
    Daemon daemon = Daemon.start(ctx.paths(), options, out);
    Thread hook =
        new Thread(
            () -> {
              out.println();
              out.println("Received interrupt signal, shutting down...");
              daemon.close();
            },
            "daemon-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      daemon.awaitStop();
      out.println("Daemon stopped");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is already shutting down; the hook closes the daemon
      }
    }
  }
}
