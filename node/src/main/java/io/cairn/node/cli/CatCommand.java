package io.cairn.node.cli;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
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
  long length = -1;

  @Option(
      names = {"-p", "--progress"},
      negatable = true,
      description = "Show progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Override
  public void run() {
    if (offset < 0) {
      throw new UserException("cannot specify negative offset");
    }
    if (length < -1) {
      throw new UserException("cannot specify negative length");
    }
    BlockStore blocks = ctx.storage().blocks();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    long skip = offset;
    long left = length;
    try (Progress bar = Progress.bytes(ctx, progress, "cat", -1)) {
      OutputStream out = bar.counting(ctx.out().stream());
      for (String path : StdinArguments.orStdin(ctx, paths, "ipfs-path")) {
        Cid cid = Paths.resolve(blocks, path);
        UnixFsNode node = exporter.stat(cid);
        if (node.kind().isDirectory()) {
          throw new UserException("this dag node is a directory");
        }
        if (!node.kind().isFile()) {
          throw new UserException(
              path + " is not a file (" + node.kind().name().toLowerCase() + ")");
        }
        if (skip >= node.size()) {
          skip -= node.size();
          continue;
        }
        long take = left < 0 ? -1 : Math.min(left, node.size() - skip);
        exporter.cat(cid, skip, take, out);
        skip = 0;
        if (left >= 0) {
          left -= take;
          if (left == 0) {
            break;
          }
        }
      }
      out.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
