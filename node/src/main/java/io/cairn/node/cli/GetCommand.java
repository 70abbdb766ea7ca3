package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ResultSink;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn get}: files and directories to disk, or as a tar archive. As in Kubo, the node sends
 * a tar stream and this side unpacks it (or saves it as is with {@code -a}/{@code -C}), so {@code
 * -o} names a path on the machine the command runs on, whether or not a daemon runs elsewhere.
 */
@Command(
    name = "get",
    description = "Save files and directories to disk (or as a tar archive with -a).")
final class GetCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(paramLabel = "PATH", description = "A CID or /ipfs/ path.")
  String path;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "PATH",
      description = "Where to save (default: the last path segment).")
  String output;

  @Option(
      names = {"-a", "--archive"},
      description = "Write a tar archive.")
  boolean archive;

  @Option(
      names = {"-C", "--compress"},
      description = "Compress with gzip.")
  boolean compress;

  @Option(
      names = {"-l", "--compression-level"},
      paramLabel = "N",
      description = "gzip level 1-9 (with -C).")
  Integer level;

  @Mixin ProgressOptions progress;

  /** The command whose tar stream is saved: {@code get PATH} unless set (as {@code job get}). */
  ApiRequest.Builder source;

  @Override
  public void run() {
    ApiRequest request =
        (source != null ? source : ApiRequest.to("get").arg(path))
            .option("archive", archive)
            .option("compress", compress)
            .option("compression-level", level)
            .build();
    String target = output != null && !output.isEmpty() ? output : lastSegment(path);
    try (Progress bar = Progress.bytes(ctx, progress.progress, "get", -1)) {
      if (archive || compress) {
        saveArchive(request, archivePath(target), bar);
      } else {
        unpack(request, Path.of(target), bar);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Kubo's default output name: the last element of the path given. */
  private static String lastSegment(String path) {
    String trimmed = path;
    while (trimmed.endsWith("/") && trimmed.length() > 1) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.substring(trimmed.lastIndexOf('/') + 1);
  }

  /** Kubo adds {@code .tar} and {@code .gz} where the name lacks them. */
  private String archivePath(String target) {
    if (archive && !target.endsWith(".tar") && !target.endsWith(".tar.gz")) {
      target += ".tar";
    }
    if (compress && !target.endsWith(".gz")) {
      target += ".gz";
    }
    return target;
  }

  private void saveArchive(ApiRequest request, String target, Progress bar) throws IOException {
    OutputStream[] file = {null};
    try {
      ctx.api()
          .call(
              request,
              sink(
                  length -> {
                    file[0] = Files.newOutputStream(Path.of(target));
                    ctx.out().println("Saving archive to " + target);
                    ctx.out().flush();
                    bar.total(length);
                    return bar.counting(file[0]);
                  }));
    } finally {
      if (file[0] != null) {
        file[0].close();
      }
    }
  }

  private void unpack(ApiRequest request, Path target, Progress bar) throws IOException {
    TarUnpacker[] unpacker = {null};
    try {
      ctx.api()
          .call(
              request,
              sink(
                  length -> {
                    ctx.out().println("Saving file(s) to " + target);
                    ctx.out().flush();
                    bar.total(length);
                    unpacker[0] = new TarUnpacker(target, bar::add);
                    return unpacker[0];
                  }));
      if (unpacker[0] != null) {
        unpacker[0].finish();
      }
    } finally {
      if (unpacker[0] != null) {
        unpacker[0].abort();
      }
    }
  }

  /** Where the raw output goes once it starts, given its announced length. */
  private interface Opener {
    OutputStream open(long length) throws IOException;
  }

  private static ResultSink sink(Opener opener) {
    return new ResultSink() {
      @Override
      public void value(JsonNode value) {
        throw new UserException("unexpected output from get: " + value);
      }

      @Override
      public OutputStream binary(long length) {
        try {
          return opener.open(length);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    };
  }
}
