package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.time.LocalTime;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn dht}: Kubo's deprecated {@code ipfs dht}: {@code query}, and the subcommands Kubo
 * moved to {@code routing}, which only say so.
 */
@Command(
    name = "dht",
    description = {
      "Issue commands directly through the DHT (deprecated: use 'cairn routing').",
      "Only 'query' remains; findprovs, findpeer, get, put and provide moved to 'cairn routing'."
    },
    subcommands = {
      DhtCommand.Query.class,
      DhtCommand.FindProvs.class,
      DhtCommand.FindPeer.class,
      DhtCommand.Get.class,
      DhtCommand.Put.class,
      DhtCommand.Provide.class
    })
final class DhtCommand extends GroupCommand {
  private static final String REMOVED = "Removed, use 'cairn routing' instead.";

  @Command(
      name = "query",
      description = {
        "Find the closest Peer IDs to a given Peer ID by querying the DHT.",
        "Outputs a list of newline-delimited Peer IDs: the k closest peers that answered a lookup"
            + " of the peer ID (daemon only). With --verbose, each query of the lookup too; with"
            + " --enc=json, Kubo's routing query events."
      })
  static final class Query implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PEER", description = "The peerID to run the query against.")
    String peer;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print extra information.")
    boolean verbose;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("dht/query").arg(peer).build(),
          v -> {
            ctx.out()
                .print(
                    QueryEventText.render(
                        v,
                        verbose,
                        LocalTime.now(),
                        Map.of(QueryEventText.FINAL_PEER, e -> e.path("ID").asText() + "\n")));
            ctx.out().flush();
          });
    }
  }

  /** A subcommand Kubo removed: the RPC answers its error, whatever the arguments. */
  abstract static class Removed implements Runnable {
    @Mixin CommandContext ctx;

    @Spec CommandSpec spec;

    @Parameters(arity = "0..*", paramLabel = "ARG", hidden = true)
    List<String> args = List.of();

    @Override
    public void run() {
      ctx.call(ApiRequest.to("dht/" + spec.name()).args(args).build(), v -> {});
    }
  }

  @Command(name = "findprovs", description = REMOVED)
  static final class FindProvs extends Removed {}

  @Command(name = "findpeer", description = REMOVED)
  static final class FindPeer extends Removed {}

  @Command(name = "get", description = REMOVED)
  static final class Get extends Removed {}

  @Command(name = "put", description = REMOVED)
  static final class Put extends Removed {}

  @Command(name = "provide", description = REMOVED)
  static final class Provide extends Removed {}
}
