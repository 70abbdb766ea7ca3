package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn swarm}: the peers this node is connected to, as {@code ipfs swarm}. */
@Command(
    name = "swarm",
    description =
        "Peers of the libp2p network: list, connect, disconnect, addresses, peers kept"
            + " connected, address filters (daemon only).",
    subcommands = {
      SwarmCommand.Peers.class,
      SwarmCommand.Connect.class,
      SwarmCommand.Disconnect.class,
      SwarmCommand.Addrs.class,
      SwarmPeeringCommand.class,
      SwarmFiltersCommand.class
    })
final class SwarmCommand extends GroupCommand {

  @Command(name = "peers", description = "List the peers with open connections.")
  static final class Peers implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-v", "--verbose"},
        description = "Show latency, direction and streams too.")
    boolean verbose;

    @Option(names = "--streams", description = "List each connection's open streams by protocol.")
    boolean streams;

    @Option(names = "--latency", description = "Ping each peer and show the round trip.")
    boolean latency;

    @Option(names = "--direction", description = "Show whether each connection is inbound.")
    boolean direction;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/peers")
              .option("verbose", verbose ? true : null)
              .option("streams", streams ? true : null)
              .option("latency", latency ? true : null)
              .option("direction", direction ? true : null)
              .build(),
          v -> {
            for (JsonNode p : v.path("Peers")) {
              StringBuilder line =
                  new StringBuilder(p.path("Addr").asText() + "/p2p/" + p.path("Peer").asText());
              if (p.has("Latency")) {
                line.append(' ').append(p.get("Latency").asText());
              }
              if (p.has("Direction")) {
                line.append(p.get("Direction").asInt() == 1 ? " inbound" : " outbound");
              }
              ctx.out().println(line.toString());
              for (JsonNode s : p.path("Streams")) {
                String protocol = s.path("Protocol").asText();
                ctx.out().println("  " + (protocol.isEmpty() ? "<no protocol name>" : protocol));
              }
            }
          });
    }
  }

  @Command(
      name = "connect",
      description = "Open a connection to peers (multiaddrs ending in /p2p/<peer ID>).")
  static final class Connect implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "1..*", paramLabel = "ADDRESS", description = "Address of a peer.")
    List<String> addresses;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("swarm/connect").args(addresses).build(), v -> strings(ctx, v));
    }
  }

  @Command(name = "disconnect", description = "Close the connections to peers.")
  static final class Disconnect implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        arity = "1..*",
        paramLabel = "ADDRESS",
        description = "A peer ID, or an address ending in /p2p/<peer ID>.")
    List<String> addresses;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("swarm/disconnect").args(addresses).build(), v -> strings(ctx, v));
    }
  }

  @Command(
      name = "addrs",
      description = "List the addresses known for each peer.",
      subcommands = {Addrs.Listen.class, Addrs.Local.class})
  static final class Addrs implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/addrs").build(),
          v ->
              v.path("Addrs")
                  .fields()
                  .forEachRemaining(
                      e -> {
                        ctx.out().println(e.getKey() + " (" + e.getValue().size() + ")");
                        e.getValue().forEach(a -> ctx.out().println("\t" + a.asText()));
                      }));
    }

    @Command(name = "listen", description = "List the addresses the node listens on.")
    static final class Listen implements Runnable {
      @Mixin CommandContext ctx;

      @Override
      public void run() {
        ctx.print(ApiRequest.to("swarm/addrs/listen").build(), v -> strings(ctx, v));
      }
    }

    @Command(name = "local", description = "List the addresses the node announces.")
    static final class Local implements Runnable {
      @Mixin CommandContext ctx;

      @Option(names = "--id", description = "Append /p2p/<peer ID> to each address.")
      boolean id;

      @Override
      public void run() {
        ctx.print(
            ApiRequest.to("swarm/addrs/local").option("id", id ? true : null).build(),
            v -> strings(ctx, v));
      }
    }
  }

  /** Prints Kubo's {@code Strings} output, one per line. */
  static void strings(CommandContext ctx, JsonNode v) {
    v.path("Strings").forEach(s -> ctx.out().println(s.asText()));
  }
}
