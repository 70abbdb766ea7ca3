package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code cairn name pubsub}: Kubo's IPNS over pubsub management, with Kubo's text. */
@Command(
    name = "pubsub",
    description = {
      "Manage and inspect the state of the IPNS pubsub resolver.",
      "IPNS over pubsub is on when Ipns.UsePubsub is true or the daemon runs with"
          + " --enable-namesys-pubsub: names are then published on their pubsub topic too, and"
          + " resolving a name follows its topic, so later records arrive as they are published."
    },
    subcommands = {
      NamePubsubCommand.State.class,
      NamePubsubCommand.Subs.class,
      NamePubsubCommand.Cancel.class
    })
final class NamePubsubCommand extends GroupCommand {

  @Command(name = "state", description = "Query the state of IPNS pubsub.")
  static final class State implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("name/pubsub/state").build(),
          v -> ctx.out().println(v.path("Enabled").asBoolean() ? "enabled" : "disabled"));
    }
  }

  @Command(name = "subs", description = "Show current name subscriptions.")
  static final class Subs implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("name/pubsub/subs").option("ipns-base", ipnsBase.base).build(),
          v -> {
            for (JsonNode s : v.path("Strings")) {
              ctx.out().println(s.asText());
            }
          });
    }
  }

  @Command(name = "cancel", description = "Cancel a name subscription.")
  static final class Cancel implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "NAME", description = "Name to cancel the subscription for.")
    String name;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("name/pubsub/cancel").arg(name).build(),
          v -> ctx.out().println(v.path("Canceled").asBoolean() ? "canceled" : "no subscription"));
    }
  }
}
