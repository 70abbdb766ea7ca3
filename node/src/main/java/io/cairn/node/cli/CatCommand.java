package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn cat}: file bytes to stdout, reading only the blocks a range needs. */
@Command(name = "cat", description = "Write the bytes of UnixFS files to stdout.")
final class CatCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Mixin PathsOptions paths;

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

  @Mixin ProgressOptions progress;

  @Override
  public void run() {
    ApiRequest request =
        ApiRequest.to("cat")
            .args(paths.orStdin(ctx))
            .option("offset", offset)
            .option("length", length)
            .build();
    try (Progress bar = Progress.bytes(ctx, progress.progress, "cat", -1)) {
      ctx.api().call(request, ResultSinks.binaryTo(bar.counting(ctx.out().stream())));
      ctx.out().flush();
    }
  }
}
