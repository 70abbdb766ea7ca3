package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn swarm peering}: Kubo's peering service, the peers the daemon stays connected to. */
@Command(
    name = "peering",
    description = {
      "Peers the daemon stays connected to: dialed again with a growing delay (up to 10 minutes)"
          + " when the connection drops, and never closed as idle (daemon only).",
      "The changes last until the daemon stops; list peers in the config's Peering.Peers to keep"
          + " them across restarts."
    },
    subcommands = {
      SwarmPeeringCommand.Add.class,
      SwarmPeeringCommand.Ls.class,
      SwarmPeeringCommand.Rm.class
    })
final class SwarmPeeringCommand extends GroupCommand {
  @Command(name = "add", description = "Keep peers connected (multiaddrs ending in /p2p/<ID>).")
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "<multiaddr>/p2p/<ID>")
    List<String> addresses;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/peering/add").args(addresses).build(), v -> result(ctx, "add", v));
    }
  }

  @Command(name = "ls", description = "List the peers kept connected, with their addresses.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/peering/ls").build(),
          v -> {
            for (JsonNode p : v.path("Peers")) {
              ctx.out().println(p.path("ID").asText());
              for (JsonNode a : p.path("Addrs")) {
                ctx.out().println("\t" + a.asText());
              }
            }
          });
    }
  }

  @Command(name = "rm", description = "Stop keeping peers connected.")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "1..*", paramLabel = "ID", description = "A peer ID.")
    List<String> peers;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/peering/rm").args(peers).build(), v -> result(ctx, "remove", v));
    }
  }

  /** Kubo's line: {@code add <ID> success}, {@code remove <ID> success}. */
  private static void result(CommandContext ctx, String verb, JsonNode v) {
    ctx.out().println(verb + " " + v.path("ID").asText() + " " + v.path("Status").asText());
  }
}
