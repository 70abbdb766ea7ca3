package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn swarm filters}: Kubo's address filters, networks never dialed nor accepted from. */
@Command(
    name = "filters",
    description = {
      "List the address filters: networks the node never dials nor accepts connections from"
          + " (daemon only).",
      "Filters are multiaddr netmasks such as /ip4/192.168.0.0/ipcidr/16 (the CIDR"
          + " 192.168.0.0/16); they start as the config's Swarm.AddrFilters, and add and rm change"
          + " both the running daemon and the config."
    },
    subcommands = {SwarmFiltersCommand.Add.class, SwarmFiltersCommand.Rm.class})
final class SwarmFiltersCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Override
  public void run() {
    ctx.print(ApiRequest.to("swarm/filters").build(), v -> SwarmCommand.strings(ctx, v));
  }

  @Command(name = "add", description = "Add address filters to the daemon and the config.")
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        arity = "1..*",
        paramLabel = "ADDRESS",
        description = "A multiaddr netmask to filter, such as /ip4/10.0.0.0/ipcidr/8.")
    List<String> addresses;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/filters/add").args(addresses).build(),
          v -> SwarmCommand.strings(ctx, v));
    }
  }

  @Command(
      name = "rm",
      description =
          "Remove address filters from the daemon and the config ('all' removes every one).")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        arity = "1..*",
        paramLabel = "ADDRESS",
        description = "A multiaddr netmask to remove, or all.")
    List<String> addresses;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("swarm/filters/rm").args(addresses).build(),
          v -> SwarmCommand.strings(ctx, v));
    }
  }
}
