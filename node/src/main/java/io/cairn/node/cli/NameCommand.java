package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn name}: Kubo's IPNS commands, {@code publish}, {@code resolve} and {@code inspect},
 * with Kubo's options and text.
 */
@Command(
    name = "name",
    description = {
      "Publish and resolve IPNS names.",
      "IPNS names are the hashes of public keys ('cairn key ls -l' lists the names this node holds);"
          + " the private key signs records that point a name at a path. In both publish and"
          + " resolve the default name is the node's own (its peer ID). A daemon puts its records"
          + " to the DHT, looks names up there and republishes its own every 4 hours; without a"
          + " daemon, records are kept in the repo only (publish needs --allow-offline) and names"
          + " resolve from them. With Ipns.UsePubsub (or the daemon's --enable-namesys-pubsub),"
          + " names are published and resolved over pubsub too."
    },
    subcommands = {
      NameCommand.Publish.class,
      NameCommand.Resolve.class,
      NameCommand.Inspect.class,
      NamePubsubCommand.class
    })
final class NameCommand extends GroupCommand {

  @Command(
      name = "publish",
      description = {
        "Publish a path under an IPNS name and print the name.",
        "Prints 'Published to <name>: <path>' (with -Q, the name alone). The record is valid for"
            + " --lifetime and may be cached for --ttl; its sequence number grows when the value"
            + " changes. With no path given, it is read from stdin."
      })
  static final class Publish implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Parameters(
        paramLabel = "IPFS_PATH",
        arity = "0..1",
        description = "Path to publish: /ipfs/<cid>[/path], /ipns/<name>[/path] or a CID.")
    String path;

    @Option(
        names = {"-k", "--key"},
        paramLabel = "KEY",
        description =
            "Name of the key to publish with, or its peer ID, as 'cairn key ls -l' lists them"
                + " (default: self).")
    String key;

    @Option(
        names = "--resolve",
        negatable = true,
        description = "Check that the path resolves before publishing (default true).")
    boolean resolve = true;

    @Option(
        names = {"-t", "--lifetime"},
        paramLabel = "DURATION",
        description = "How long the record is valid, such as 300s or 1.5h (default 48h).")
    String lifetime;

    @Option(
        names = "--ttl",
        paramLabel = "DURATION",
        description =
            "How long resolvers may cache the record; not above --lifetime (default 5m, capped"
                + " to --lifetime).")
    String ttl;

    @Option(
        names = {"-Q", "--quieter"},
        description = "Print only the name (a CIDv1, for /ipns/ paths).")
    boolean quieter;

    @Option(
        names = "--v1compat",
        negatable = true,
        description = "Include the V1 signature fields for older resolvers (default true).")
    boolean v1compat = true;

    @Option(
        names = "--allow-offline",
        description = "Publish without the network: the record is kept in the repo only.")
    boolean allowOffline;

    @Option(
        names = "--sequence",
        paramLabel = "N",
        description = "Sequence number of the record; must be above the current one.")
    String sequence;

    @Override
    public void run() {
      String arg =
          StdinArguments.orStdin(ctx, path == null ? List.of() : List.of(path), "ipfs-path").get(0);
      ApiRequest request =
          ApiRequest.to("name/publish")
              .arg(arg)
              .option("key", key)
              .option("resolve", resolve ? null : false)
              .option("lifetime", lifetime)
              .option("ttl", ttl)
              .option("quieter", quieter ? true : null)
              .option("v1compat", v1compat ? null : false)
              .option("allow-offline", allowOffline ? true : null)
              .option("sequence", sequence)
              .option("ipns-base", ipnsBase.base)
              .build();
      ctx.print(
          request,
          v -> {
            String name = Names.escape(v.path("Name").asText());
            ctx.out()
                .println(
                    quieter
                        ? name
                        : "Published to " + name + ": " + Names.escape(v.path("Value").asText()));
          });
    }
  }

  @Command(
      name = "resolve",
      description = {
        "Resolve an IPNS name and print the path it points to.",
        "NAME is a name (k51..., 12D3KooW...) or /ipns/NAME, with a path after it if need be;"
            + " without one, the node's own name. Names that point at names are followed to an"
            + " /ipfs/ path unless --recursive=false."
      })
  static final class Resolve implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin DhtResolveOptions dht;

    @Parameters(paramLabel = "NAME", arity = "0..1", description = "The IPNS name to resolve.")
    String name;

    @Option(
        names = {"-r", "--recursive"},
        negatable = true,
        description = "Resolve until the result is not an IPNS name (default true).")
    boolean recursive = true;

    @Option(
        names = {"-n", "--nocache"},
        description = "Do not use cached entries.")
    boolean nocache;

    @Option(
        names = {"-s", "--stream"},
        description = "Stream entries as they are found (here: the final one).")
    boolean stream;

    @Override
    public void run() {
      ApiRequest request =
          dht.addTo(
                  ApiRequest.to("name/resolve")
                      .args(name == null ? List.of() : List.of(name))
                      .option("recursive", recursive ? null : false)
                      .option("nocache", nocache ? true : null)
                      .option("stream", stream ? true : null))
              .build();
      ctx.print(request, v -> ctx.out().println(v.path("Path").asText()));
    }
  }

  @Command(
      name = "inspect",
      description = {
        "Print the fields of an IPNS record and, with --verify, whether it is valid for a name.",
        "Reads the record (as 'cairn routing get /ipns/<name>' writes it) from RECORD_FILE or"
            + " stdin and prints its value, validity, sequence number, TTL, size and signature"
            + " type, and a hex dump of its bytes unless --dump=false. --verify checks its"
            + " signature against the name's key and that it has not expired."
      })
  static final class Inspect implements Runnable {
    @Mixin CommandContext ctx;
    @Mixin KeyCommand.IpnsBase ipnsBase;

    @Parameters(
        paramLabel = "RECORD_FILE",
        arity = "0..1",
        description = "The file holding the record (default: stdin).")
    String file;

    @Option(
        names = "--verify",
        paramLabel = "NAME",
        description = "The IPNS name (k51..., 12D3KooW...) to validate the record against.")
    String verify;

    @Option(
        names = "--dump",
        negatable = true,
        description = "Include a hex dump of the record's bytes (default true).")
    boolean dump = true;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("name/inspect")
              .option("verify", verify)
              .option("dump", dump ? null : false)
              .option("ipns-base", ipnsBase.base)
              .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)))
              .build();
      ctx.print(request, v -> ctx.out().print(IpnsInspectText.render(v)));
    }
  }
}
