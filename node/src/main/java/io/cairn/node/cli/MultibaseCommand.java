package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn multibase}: Kubo's multibase commands; need no repo. */
@Command(
    name = "multibase",
    description = "Encode and decode files or stdin with multibase.",
    subcommands = {
      MultibaseCommand.Encode.class,
      MultibaseCommand.Decode.class,
      MultibaseCommand.Transcode.class,
      MultibaseCommand.ListBases.class
    })
final class MultibaseCommand extends GroupCommand {
  /** A command that encodes in a base: the file (or stdin) and {@code -b}. */
  abstract static class Encoding implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "-b", paramLabel = "BASE", description = "The multibase (default: base64url).")
    String base;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The input (default: stdin).")
    String file;

    abstract String path();

    @Override
    public void run() {
      call(ctx, path(), base, file);
    }
  }

  @Command(
      name = "encode",
      description = {
        "Encode data into a multibase string (base64url by default), without a newline.",
        "  echo hello | cairn multibase encode -b base16     f68656c6c6f0a"
      })
  static final class Encode extends Encoding {
    @Override
    String path() {
      return "multibase/encode";
    }
  }

  @Command(name = "decode", description = "Decode a multibase string into its bytes.")
  static final class Decode implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "The text (default: stdin).")
    String file;

    @Override
    public void run() {
      call(ctx, "multibase/decode", null, file);
    }
  }

  @Command(
      name = "transcode",
      description = "Decode a multibase string and encode it again in another base.")
  static final class Transcode extends Encoding {
    @Override
    String path() {
      return "multibase/transcode";
    }
  }

  @Command(name = "list", description = "List the multibase encodings (as 'cairn cid bases').")
  static final class ListBases extends CidCommand.Bases {}

  private static void call(CommandContext ctx, String path, String base, String file) {
    ApiRequest request =
        ApiRequest.to(path)
            .option("b", base)
            .body(Uploads.filesOrStdin(ctx, file == null ? List.of() : List.of(file)))
            .build();
    ctx.api().call(request, ResultSinks.binaryTo(ctx.out().stream()));
    ctx.out().flush();
  }
}
