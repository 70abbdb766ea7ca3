package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn ping PEER}: round trips to a peer, as {@code ipfs ping}. */
@Command(
    name = "ping",
    description = "Send echo requests to a peer and print the round trips (daemon only).")
final class PingCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PEER",
      description = "A peer ID, or an address ending in /p2p/<peer ID>.")
  String peer;

  @Option(
      names = {"-n", "--count"},
      paramLabel = "COUNT",
      description = "Number of pings (default: 10).")
  Integer count;

  @Override
  public void run() {
    ctx.print(
        ApiRequest.to("ping").arg(peer).option("count", count).build(),
        v -> {
          String text = v.path("Text").asText();
          if (!text.isEmpty()) {
            ctx.out().println(text);
          } else if (v.path("Success").asBoolean()) {
            ctx.out()
                .println(
                    String.format(
                        Locale.ROOT, "Pong received: time=%.2f ms", v.path("Time").asLong() / 1e6));
          } else {
            ctx.out().println("Pong failed");
          }
        });
  }
}
