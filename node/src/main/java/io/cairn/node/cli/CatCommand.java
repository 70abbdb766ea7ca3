package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn cat}: file bytes to stdout, reading only the blocks a range needs. */
@Command(name = "cat", description = "Write the bytes of UnixFS files to stdout.")
final class CatCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "CIDs or /ipfs/ paths of files (default: one per line on stdin).")
  List<String> paths;

  @Option(
      names = {"-o", "--offset"},
      paramLabel = "N",
      description = "Byte offset to begin reading from.")
  long offset;

  @Option(
      names = {"-l", "--length"},
      paramLabel = "N",
      description = "Maximum number of bytes to read.")
  Long length;

  @Option(
      names = {"-p", "--progress"},
      negatable = true,
      description = "Show progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Override
  public void run() {
    ApiRequest request =
        ApiRequest.to("cat")
            .args(StdinArguments.orStdin(ctx, paths, "ipfs-path"))
            .option("offset", offset)
            .option("length", length)
            .build();
    try (Progress bar = Progress.bytes(ctx, progress, "cat", -1)) {
      ctx.api().call(request, ResultSinks.binaryTo(bar.counting(ctx.out().stream())));
      ctx.out().flush();
    }
  }
}
