package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.CidEncoder;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn bitswap}: the block exchange, as {@code ipfs bitswap}. */
@Command(
    name = "bitswap",
    description = "Bitswap's counters, wantlists and ledgers (daemon only).",
    subcommands = {
      BitswapCommand.Stat.class,
      BitswapCommand.Wantlist.class,
      BitswapCommand.Ledger.class
    })
final class BitswapCommand extends GroupCommand {

  @Command(name = "stat", description = "Show Bitswap's counters.")
  static class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-v", "--verbose"},
        description = "List the partners too.")
    boolean verbose;

    @Option(
        names = {"-H", "--human"},
        description = "Print sizes in human-readable units.")
    boolean human;

    @Override
    public void run() {
      ctx.print(ApiRequest.to("bitswap/stat").build(), this::text);
    }

    private void text(JsonNode v) {
      Output out = ctx.out();
      out.println("bitswap status");
      out.println("\tprovides buffer: " + v.path("ProvideBufLen").asLong());
      out.println("\tblocks received: " + v.path("BlocksReceived").asLong());
      out.println("\tblocks sent: " + v.path("BlocksSent").asLong());
      out.println("\tdata received: " + size(v.path("DataReceived").asLong()));
      out.println("\tdata sent: " + size(v.path("DataSent").asLong()));
      out.println("\tdup blocks received: " + v.path("DupBlksReceived").asLong());
      out.println("\tdup data received: " + size(v.path("DupDataReceived").asLong()));
      out.println("\tbad blocks received: " + v.path("BadBlocksReceived").asLong());
      out.println("\tpeers dropped: " + v.path("PeersDropped").asLong());
      out.println("\twantlist [" + v.path("Wantlist").size() + " keys]");
      CidEncoder cids = ctx.globals().cids();
      v.path("Wantlist").forEach(k -> out.println("\t\t" + cids.recode(k.path("/").asText())));
      out.println("\tpartners [" + v.path("Peers").size() + "]");
      if (verbose) {
        v.path("Peers").forEach(p -> out.println("\t\t" + p.asText()));
      }
    }

    private String size(long bytes) {
      return human ? Humanize.bytes(bytes) : Long.toString(bytes);
    }
  }

  @Command(name = "wantlist", description = "List the blocks this node (or a peer) wants.")
  static final class Wantlist implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-p", "--peer"},
        paramLabel = "PEER",
        description = "Show the blocks this peer wants from this node.")
    String peer;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("bitswap/wantlist").option("peer", peer).build(),
          v ->
              v.path("Keys")
                  .forEach(
                      k -> ctx.out().println(ctx.globals().cids().recode(k.path("/").asText()))));
    }
  }

  @Command(name = "ledger", description = "Show what this node and a peer exchanged.")
  static final class Ledger implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PEER", description = "The peer ID.")
    String peer;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("bitswap/ledger").arg(peer).build(),
          v -> {
            ctx.out().println("Ledger for " + v.path("Peer").asText());
            ctx.out()
                .println(String.format(Locale.ROOT, "Debt ratio:\t%f", v.path("Value").asDouble()));
            ctx.out().println("Exchanges:\t" + v.path("Exchanged").asLong());
            ctx.out().println("Bytes sent:\t" + v.path("Sent").asLong());
            ctx.out().println("Bytes received:\t" + v.path("Recv").asLong());
          });
    }
  }
}
