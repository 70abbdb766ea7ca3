package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn dag}: IPLD DAGs in any supported codec, and CAR import/export. */
@Command(
    name = "dag",
    description = "Interact with IPLD DAGs: put, get, resolve, CAR export and import, stat.",
    subcommands = {
      DagCommand.Put.class,
      DagCommand.Get.class,
      DagCommand.Resolve.class,
      DagCommand.Export.class,
      DagCommand.Import.class,
      DagStatCommand.class
    })
final class DagCommand extends GroupCommand {

  @Command(
      name = "put",
      description =
          "Parse input (dag-json by default) and store it as a DAG node (dag-cbor by default).")
  static final class Put implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "FILE",
        arity = "0..*",
        description = "Objects to put, one per file (default: stdin).")
    List<String> files = new ArrayList<>();

    @Option(
        names = "--store-codec",
        paramLabel = "CODEC",
        description =
            "Codec to store the node in: dag-cbor (default), dag-json, dag-pb, raw, json, cbor.")
    String storeCodec;

    @Option(
        names = "--input-codec",
        paramLabel = "CODEC",
        description = "Codec of the input: dag-json (default), dag-cbor, dag-pb, raw, json, cbor.")
    String inputCodec;

    @Option(names = "--pin", description = "Pin the node recursively.")
    boolean pin;

    @Option(
        names = "--hash",
        paramLabel = "HASH",
        description =
            "Hash function (default: the config's Import.HashFunction, sha2-256 unless set).")
    String hash;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("dag/put")
              .option("store-codec", storeCodec)
              .option("input-codec", inputCodec)
              .option("pin", pin)
              .option("hash", hash)
              .body(Uploads.filesOrStdin(ctx, files))
              .build();
      ctx.print(
          request,
          v -> ctx.out().println(ctx.globals().cids().recode(v.path("Cid").path("/").asText())));
    }
  }

  @Command(
      name = "get",
      description = "Print a DAG node (or the node a path names) in a codec (dag-json by default).")
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "REF", description = "<cid>[/path]")
    String ref;

    @Option(
        names = "--output-codec",
        paramLabel = "CODEC",
        description = "Codec to print: dag-json (default), dag-cbor, json, cbor, raw.")
    String outputCodec;

    @Override
    public void run() {
      ctx.api()
          .call(
              ApiRequest.to("dag/get").arg(ref).option("output-codec", outputCodec).build(),
              ResultSinks.binaryTo(ctx.out().stream()));
    }
  }

  @Command(
      name = "resolve",
      description = "Print the block a path ends in and the path left inside it.")
  static final class Resolve implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "REF", description = "<cid>[/path]")
    String ref;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("dag/resolve").arg(ref).build(),
          v -> {
            String cid = ctx.globals().cidsForPath(ref).recode(v.path("Cid").path("/").asText());
            // Kubo joins RemPath ("/a/b") to the CID as Go's path.Join does and prints the
            // result without a newline.
            String rest = v.path("RemPath").asText().replaceFirst("^/+", "");
            ctx.out().print(rest.isEmpty() ? cid : cid + "/" + rest);
          });
    }
  }

  @Command(
      name = "export",
      description =
          "Write the DAG under a root to stdout as a CAR v1 (depth-first, each block once).")
  static final class Export implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ROOT", description = "The root CID or an /ipfs/ path.")
    String root;

    @Mixin ProgressOptions progress;

    @Override
    public void run() {
      try (Progress bar = Progress.bytes(ctx, progress.progress, "exporting", -1)) {
        ctx.api()
            .call(
                ApiRequest.to("dag/export").arg(root).build(),
                ResultSinks.binaryTo(bar.counting(ctx.out().stream())));
      }
    }
  }

  @Command(
      name = "import",
      description = {
        "Import the blocks of CAR files (v1 or v2) and pin their roots.",
        "Every block is checked against its CID; roots are pinned after all files are read."
      })
  static final class Import implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "FILE", arity = "0..*", description = "CAR files (default: stdin).")
    List<String> files = new ArrayList<>();

    @Option(
        names = "--pin-roots",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Pin the roots named in the CAR headers (default: true).")
    boolean pinRoots;

    @Option(names = "--silent", description = "No output.")
    boolean silent;

    @Option(names = "--stats", description = "Print the number of blocks and bytes imported.")
    boolean stats;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("dag/import")
              .option("pin-roots", pinRoots)
              .option("silent", silent)
              .option("stats", stats)
              .body(Uploads.filesOrStdin(ctx, files))
              .build();
      ctx.print(
          request,
          v -> {
            if (!silent) {
              print(v);
            }
          });
    }

    private void print(JsonNode v) {
      if (v.has("Root")) {
        JsonNode root = v.get("Root");
        String cid = ctx.globals().cids().recode(root.path("Cid").path("/").asText());
        String error = root.path("PinErrorMsg").asText();
        if (!error.isEmpty()) {
          // Kubo's text encoder fails on the first root it could not pin.
          throw new UserException("pinning root \"" + cid + "\" FAILED: " + error);
        }
        ctx.out().println("Pinned root\t" + cid + "\tsuccess");
      } else if (v.has("Stats")) {
        JsonNode s = v.get("Stats");
        ctx.out()
            .println(
                "Imported "
                    + s.path("BlockCount").asLong()
                    + " blocks ("
                    + s.path("BlockBytesCount").asLong()
                    + " bytes)");
      }
    }
  }
}
