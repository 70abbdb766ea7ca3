package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn bootstrap}: Kubo's commands over the config's list of bootstrap peers. */
@Command(
    name = "bootstrap",
    description = {
      "Show or edit the list of bootstrap peers (the config's Bootstrap); with no subcommand,"
          + " list it.",
      "The daemon dials these peers when it starts, to join the DHT: add only peers you trust, as"
          + " they shape this node's view of the network. Changes take effect at the next start."
    },
    subcommands = {
      BootstrapCommand.Ls.class,
      BootstrapCommand.Add.class,
      BootstrapCommand.Rm.class
    })
final class BootstrapCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Override
  public void run() {
    print(ctx, "bootstrap", List.of(), false, "");
  }

  /** Kubo's text: one peer per line, sorted, after {@code prefix}. */
  static void print(
      CommandContext ctx, String path, List<String> args, boolean all, String prefix) {
    ApiRequest request = ApiRequest.to(path).args(args).option("all", all ? true : null).build();
    ctx.print(
        request,
        v -> {
          List<String> peers = new ArrayList<>();
          for (JsonNode p : v.path("Peers")) {
            peers.add(p.asText());
          }
          peers.sort(null);
          peers.forEach(p -> ctx.out().println(prefix + p));
        });
  }

  @Command(name = "list", description = "Show the peers in the bootstrap list.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      print(ctx, "bootstrap/list", List.of(), false, "");
    }
  }

  @Command(
      name = "add",
      description = {
        "Add peers to the front of the bootstrap list and print them.",
        "Each is <multiaddr>/p2p/<ID>, e.g. /ip4/192.0.2.7/tcp/4001/p2p/12D3KooW...; with none"
            + " given, they are read from stdin, one per line."
      })
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PEER", arity = "0..*", description = "<multiaddr>/p2p/<ID>")
    List<String> peers;

    @Override
    public void run() {
      print(ctx, "bootstrap/add", StdinArguments.orStdin(ctx, peers, "peer"), false, "added ");
    }
  }

  @Command(
      name = "rm",
      description = {
        "Remove peers from the bootstrap list and print what was removed.",
        "/p2p/<ID> removes every address of the peer, <multiaddr>/p2p/<ID> that address only."
      },
      subcommands = {Rm.All.class})
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PEER", arity = "0..*", description = "[<multiaddr>]/p2p/<ID>")
    List<String> peers;

    @Option(names = "--all", description = "Remove every peer (as 'bootstrap rm all').")
    boolean all;

    @Override
    public void run() {
      List<String> args = all ? List.of() : StdinArguments.orStdin(ctx, peers, "peer");
      print(ctx, "bootstrap/rm", args, all, "removed ");
    }

    @Command(name = "all", description = "Remove every peer from the bootstrap list.")
    static final class All implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        print(ctx, "bootstrap/rm/all", List.of(), false, "removed ");
      }
    }
  }
}
