package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn block}: raw blocks, as {@code ipfs block}. */
@Command(
    name = "block",
    description = "Interact with raw blocks in the repo.",
    subcommands = {
      BlockCommand.Get.class,
      BlockCommand.Put.class,
      BlockCommand.Stat.class,
      BlockCommand.Rm.class
    })
final class BlockCommand extends GroupCommand {

  @Command(name = "get", description = "Write the raw bytes of a block to stdout.")
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "The block's CID or an /ipfs/ path.")
    String cid;

    @Override
    public void run() {
      ctx.api()
          .call(
              ApiRequest.to("block/get").arg(cid).build(),
              ResultSinks.binaryTo(ctx.out().stream()));
    }
  }

  @Command(
      name = "put",
      description = {
        "Store input as a block and print its CID (CIDv1; v0 with --format=v0).",
        "Blocks of known codecs are checked to decode; blocks over 2 MiB are refused."
      })
  static final class Put implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..*",
        description = "Files to store, one block each (default: stdin).")
    List<String> files = new ArrayList<>();

    @Option(
        names = "--cid-codec",
        paramLabel = "CODEC",
        description = "Multicodec of the block (default: raw).")
    String cidCodec;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "FORMAT",
        hidden = true,
        description = "Legacy: v0, protobuf, cbor.")
    String format;

    @Option(
        names = "--mhtype",
        paramLabel = "HASH",
        description = "Multihash function (default: sha2-256).")
    String mhtype;

    @Option(
        names = "--mhlen",
        paramLabel = "N",
        description = "Multihash length; only the function's full length is supported.")
    Integer mhlen;

    @Option(names = "--pin", negatable = true, description = "Pin the block (default: false).")
    boolean pin;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("block/put")
              .option("cid-codec", cidCodec)
              .option("format", format)
              .option("mhtype", mhtype)
              .option("mhlen", mhlen)
              .option("pin", pin)
              .body(Uploads.filesOrStdin(ctx, files))
              .build();
      ctx.print(request, v -> ctx.out().println(v.path("Key").asText()));
    }
  }

  @Command(name = "stat", description = "Print a block's CID and size.")
  static final class Stat implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "The block's CID or an /ipfs/ path.")
    String cid;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("block/stat").arg(cid).build(),
          v -> {
            ctx.out().println("Key: " + v.path("Key").asText());
            ctx.out().println("Size: " + v.path("Size").asText());
          });
    }
  }

  @Command(name = "rm", description = "Remove blocks from the repo (pinned blocks are refused).")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", arity = "1..*", description = "Blocks to remove.")
    List<String> cids;

    @Option(
        names = {"-f", "--force"},
        description = "Ignore blocks that are not in the repo.")
    boolean force;

    @Option(
        names = {"-q", "--quiet"},
        description = "Write minimal output.")
    boolean quiet;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("block/rm")
              .args(cids)
              .option("force", force)
              .option("quiet", quiet)
              .build();
      int[] failures = {0};
      ctx.call(
          request,
          v -> {
            String hash = v.path("Hash").asText();
            String error = v.path("Error").asText();
            if (!error.isEmpty()) {
              failures[0]++;
            }
            if (ctx.json()) {
              ctx.out().json(v);
            } else if (!error.isEmpty()) {
              // Kubo's CLI: errors on stderr, in order with the lines on stdout.
              ctx.out().flush();
              ctx.out().err().println("cannot remove " + hash + ": " + error);
            } else if (!quiet) {
              ctx.out().println("removed " + hash);
            }
          });
      if (failures[0] > 0) {
        throw new UserException("some blocks not removed");
      }
    }
  }
}
