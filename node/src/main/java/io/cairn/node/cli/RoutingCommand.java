package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.io.IOException;
import java.util.Base64;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn routing}: the Kademlia DHT, as {@code ipfs routing}. */
@Command(
    name = "routing",
    description = {
      "Find providers and peers on the DHT, provide content, get and put values (daemon only).",
      "Values are IPNS records (keys /ipns/<name>) and public keys (keys /pk/<peer-id>)."
    },
    subcommands = {
      RoutingCommand.FindProvs.class,
      RoutingCommand.FindPeer.class,
      RoutingCommand.Get.class,
      RoutingCommand.Put.class,
      RoutingCommand.Provide.class,
      RoutingCommand.Reprovide.class
    })
final class RoutingCommand extends GroupCommand {
  /** Kubo's event types printed in text output. */
  private static final int FINAL_PEER = 2;

  private static final int PROVIDER = 4;

  @Command(name = "findprovs", description = "Find peers that provide a CID.")
  static final class FindProvs implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "The CID to find providers of.")
    String cid;

    @Option(
        names = {"-n", "--num-providers"},
        paramLabel = "N",
        description = "The number of providers to find (default: 20).")
    Integer count;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print the whole event.")
    boolean verbose;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("routing/findprovs").arg(cid).option("num-providers", count).build(),
          v -> responses(ctx, v, PROVIDER, verbose, false));
    }
  }

  @Command(name = "findpeer", description = "Find the addresses of a peer.")
  static final class FindPeer implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PEER", description = "The peer ID.")
    String peer;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("routing/findpeer").arg(peer).build(),
          v -> responses(ctx, v, FINAL_PEER, false, true));
    }
  }

  @Command(
      name = "get",
      description = {
        "Write the best value the DHT holds for a key to stdout.",
        "KEY is /ipns/<name> (an IPNS record) or /pk/<peer-id> (a public key), the name or peer"
            + " ID in any form (k51..., 12D3KooW...). The raw value is written; 'cairn name"
            + " inspect' reads an IPNS record. With --enc=json, Kubo's Value event (the value in"
            + " base64 in Extra)."
      })
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "KEY", description = "The key: /ipns/<name> or /pk/<peer-id>.")
    String key;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("routing/get").arg(key).build(),
          v -> {
            try {
              ctx.out().stream().write(Base64.getDecoder().decode(v.path("Extra").asText()));
            } catch (IOException | IllegalArgumentException e) {
              throw new UserException("cannot write the value: " + ErrorHandler.message(e), e);
            }
            ctx.out().flush();
          });
    }
  }

  @Command(
      name = "put",
      description = {
        "Put a value for a key to the DHT and print the key's peer ID.",
        "The value must be valid for its key: for /ipns/<name>, an IPNS record signed by the"
            + " name's key and not older than the one held; for /pk/<peer-id>, the peer's public"
            + " key. 'cairn name publish' makes and puts records of this node's keys."
      })
  static final class Put implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "KEY", description = "/ipns/<name> or /pk/<peer-id>.")
    String key;

    @Parameters(
        index = "1",
        arity = "0..1",
        paramLabel = "VALUE_FILE",
        description = "The file holding the value (default: stdin).")
    String file;

    @Option(
        names = "--allow-offline",
        description =
            "Succeed when no DHT peer took the value, or without a network: it is kept by this"
                + " node only (and served once its DHT runs).")
    boolean allowOffline;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("routing/put")
              .arg(key)
              .option("allow-offline", allowOffline ? true : null)
              .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)))
              .build(),
          v -> ctx.out().println(v.path("ID").asText()));
    }
  }

  @Command(name = "provide", description = "Announce to the network that this node has CIDs.")
  static final class Provide implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "1..*", paramLabel = "CID", description = "CIDs of blocks in the repo.")
    List<String> cids;

    @Option(
        names = {"-r", "--recursive"},
        description = "Provide every block of the DAGs too.")
    boolean recursive;

    @Option(
        names = {"-v", "--verbose"},
        description = "Print an event per CID.")
    boolean verbose;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("routing/provide")
              .args(cids)
              .option("recursive", recursive ? true : null)
              .build(),
          v -> {
            if (verbose) {
              ctx.out().println("provided " + v.path("Extra").asText());
            }
          });
    }
  }

  @Command(name = "reprovide", description = "Run the reprovide sweep over the whole keyspace now.")
  static final class Reprovide implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.call(ApiRequest.to("routing/reprovide").build(), v -> {});
    }
  }

  /** Prints the peer IDs (or with {@code addresses} the addresses) of events of {@code type}. */
  private static void responses(
      CommandContext ctx, JsonNode v, int type, boolean verbose, boolean addresses) {
    if (verbose) {
      ctx.out().println(v.toString());
      return;
    }
    if (v.path("Type").asInt() != type) {
      return;
    }
    for (JsonNode r : v.path("Responses")) {
      if (addresses) {
        r.path("Addrs").forEach(a -> ctx.out().println(a.asText()));
      } else {
        ctx.out().println(r.path("ID").asText());
      }
    }
  }
}
