package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn p2p}: Kubo's libp2p stream mounting, TCP tunnelled over libp2p streams (daemon only,
 * with {@code Experimental.Libp2pStreamMounting} true).
 */
@Command(
    name = "p2p",
    description = {
      "Libp2p stream mounting: tunnel TCP connections to and from peers over libp2p (daemon only).",
      "Off unless Experimental.Libp2pStreamMounting is true: cairn config --json"
          + " Experimental.Libp2pStreamMounting true"
    },
    subcommands = {
      P2pCommand.Listen.class,
      P2pCommand.Forward.class,
      P2pCommand.Ls.class,
      P2pCommand.Close.class,
      P2pCommand.StreamGroup.class
    })
final class P2pCommand extends GroupCommand {
  @Command(
      name = "listen",
      description = {
        "Create libp2p service: forward each stream peers open with PROTOCOL to the TCP TARGET.",
        "With --foreground the listener lasts until interrupted or closed by 'cairn p2p close'."
      })
  static final class Listen implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "PROTOCOL", description = "Protocol name.")
    String protocol;

    @Parameters(index = "1", paramLabel = "TARGET-ADDRESS", description = "Target endpoint.")
    String target;

    @Option(names = "--allow-custom-protocol", description = "Don't require /x/ prefix.")
    boolean allowCustom;

    @Option(
        names = {"-r", "--report-peer-id"},
        description = "Send remote base58 peerid to target when a new connection is established.")
    boolean reportPeerId;

    @Option(
        names = {"-f", "--foreground"},
        description = "Run in foreground; listener is removed when command exits.")
    boolean foreground;

    @Override
    public void run() {
      ApiRequest.Builder r = ApiRequest.to("p2p/listen").arg(protocol).arg(target);
      flags(r, allowCustom, foreground).option("report-peer-id", reportPeerId ? true : null);
      ctx.print(
          r.build(),
          v ->
              status(
                  ctx,
                  v,
                  "Listening on %s, forwarding to %s, waiting for interrupt...",
                  "Received interrupt, removing listener for %s"));
    }
  }

  @Command(
      name = "forward",
      description = {
        "Forward connections to libp2p service: each TCP connection to LISTEN-ADDRESS becomes a"
            + " stream of PROTOCOL to the peer of TARGET-ADDRESS (/p2p/<ID>).",
        "With --foreground the forwarder lasts until interrupted or closed by 'cairn p2p close'."
      })
  static final class Forward implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "PROTOCOL", description = "Protocol name.")
    String protocol;

    @Parameters(index = "1", paramLabel = "LISTEN-ADDRESS", description = "Listening endpoint.")
    String listen;

    @Parameters(index = "2", paramLabel = "TARGET-ADDRESS", description = "Target endpoint.")
    String target;

    @Option(names = "--allow-custom-protocol", description = "Don't require /x/ prefix.")
    boolean allowCustom;

    @Option(
        names = {"-f", "--foreground"},
        description = "Run in foreground; forwarder is removed when command exits.")
    boolean foreground;

    @Override
    public void run() {
      ApiRequest.Builder r = ApiRequest.to("p2p/forward").arg(protocol).arg(listen).arg(target);
      flags(r, allowCustom, foreground);
      ctx.print(
          r.build(),
          v ->
              status(
                  ctx,
                  v,
                  "Forwarding %s to %s, waiting for interrupt...",
                  "Received interrupt, removing forwarder for %s"));
    }
  }

  private static ApiRequest.Builder flags(
      ApiRequest.Builder r, boolean allowCustom, boolean foreground) {
    return r.option("allow-custom-protocol", allowCustom ? true : null)
        .option("foreground", foreground ? true : null);
  }

  /** Kubo's text of a foreground status: the active line, then the closing one. */
  private static void status(CommandContext ctx, JsonNode v, String active, String closing) {
    String protocol = v.path("Protocol").asText();
    switch (v.path("Status").asText()) {
      case "active" ->
          ctx.out().println(String.format(active, protocol, v.path("Address").asText()));
      case "closing" -> ctx.out().println(String.format(closing, protocol));
      default -> {}
    }
    ctx.out().flush();
  }

  @Command(name = "ls", description = "List active p2p listeners.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-v", "--headers"},
        description = "Print table headers (Protocol, Listen, Target).")
    boolean headers;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("p2p/ls").option("headers", headers ? true : null).build(),
          v -> {
            List<String> lines = new ArrayList<>();
            for (JsonNode l : v.path("Listeners")) {
              lines.add(
                  l.path("Protocol").asText()
                      + "\t"
                      + l.path("ListenAddress").asText()
                      + "\t"
                      + l.path("TargetAddress").asText());
            }
            table(ctx, headers, "Protocol\tListen Address\tTarget Address", lines);
          });
    }
  }

  /** Kubo's table ({@code tabwriter} 1, 2, 1): the header line first with {@code -v}. */
  private static void table(CommandContext ctx, boolean headers, String header, List<String> rows) {
    if (rows.isEmpty()) {
      return;
    }
    List<String> lines = new ArrayList<>();
    if (headers) {
      lines.add(header);
    }
    lines.addAll(rows);
    ctx.out().print(GoFormat.tabs(lines));
  }

  @Command(name = "close", description = "Stop listening for new connections to forward.")
  static final class Close implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-a", "--all"},
        description = "Close all listeners.")
    boolean all;

    @Option(
        names = {"-p", "--protocol"},
        paramLabel = "PROTOCOL",
        description = "Match protocol name.")
    String protocol;

    @Option(
        names = {"-l", "--listen-address"},
        paramLabel = "ADDRESS",
        description = "Match listen address.")
    String listen;

    @Option(
        names = {"-t", "--target-address"},
        paramLabel = "ADDRESS",
        description = "Match target address.")
    String target;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("p2p/close")
              .option("all", all ? true : null)
              .option("protocol", protocol)
              .option("listen-address", listen)
              .option("target-address", target)
              .build(),
          v -> ctx.out().println("Closed " + v.asInt() + " stream(s)"));
    }
  }

  @Command(
      name = "stream",
      description = "P2P stream management: list and close tunnelled connections.",
      subcommands = {StreamLs.class, StreamClose.class})
  static final class StreamGroup extends GroupCommand {}

  @Command(name = "ls", description = "List active p2p streams.")
  static final class StreamLs implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-v", "--headers"},
        description = "Print table headers (ID, Protocol, Local, Remote).")
    boolean headers;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("p2p/stream/ls").option("headers", headers ? true : null).build(),
          v -> {
            List<String> lines = new ArrayList<>();
            for (JsonNode s : v.path("Streams")) {
              lines.add(
                  String.join(
                      "\t",
                      s.path("HandlerID").asText(),
                      s.path("Protocol").asText(),
                      s.path("OriginAddress").asText(),
                      s.path("TargetAddress").asText()));
            }
            table(ctx, headers, "ID\tProtocol\tOrigin\tTarget", lines);
          });
    }
  }

  @Command(name = "close", description = "Close active p2p stream.")
  static final class StreamClose implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "0..1", paramLabel = "ID", description = "Stream identifier.")
    String id;

    @Option(
        names = {"-a", "--all"},
        description = "Close all streams.")
    boolean all;

    @Override
    public void run() {
      ApiRequest.Builder r = ApiRequest.to("p2p/stream/close").option("all", all ? true : null);
      if (id != null) {
        r.arg(id);
      }
      ctx.print(r.build(), v -> {});
    }
  }
}
