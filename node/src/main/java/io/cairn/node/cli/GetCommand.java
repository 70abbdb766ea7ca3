package io.cairn.node.cli;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ArchiveOptions;
import io.cairn.storage.unixfs.IpfsPath;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.Deflater;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn get}: files and directories to disk, or as a tar archive. */
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
  Path output;

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
      description = "gzip level 1-9.")
  Integer level;

  @Option(
      names = {"-p", "--progress"},
      negatable = true,
      description = "Show progress on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Override
  public void run() {
    BlockStore blocks = ctx.storage().blocks();
    IpfsPath ipfsPath = IpfsPath.parse(path);
    Cid cid = Paths.resolve(blocks, path);
    String name = ipfsPath.lastName();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    UnixFsNode node = exporter.stat(cid);
    int compression =
        compress || level != null ? (level == null ? Deflater.DEFAULT_COMPRESSION : level) : 0;
    if (level != null && (level < 1 || level > 9)) {
      throw new UserException("compression level must be between 1 and 9");
    }
    long total = node.kind().isFile() ? node.size() : node.cumulativeSize();
    if (archive || compression != 0) {
      String suffix = (archive ? ".tar" : "") + (compression != 0 ? ".gz" : "");
      Path target = output != null ? output : Path.of(name + suffix);
      ctx.out().println("Saving archive to " + target);
      try (Progress bar = Progress.bytes(ctx, progress, "get", -1);
          OutputStream out = bar.counting(Files.newOutputStream(target))) {
        exporter.writeArchive(cid, name, new ArchiveOptions(archive, compression), out);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      return;
    }
    Path target = output != null ? output : Path.of(name);
    ctx.out().println("Saving file(s) to " + target);
    ctx.out().flush();
    try (Progress bar = Progress.bytes(ctx, progress, "get", total)) {
      exporter.get(cid, name, target, bar::set);
    }
  }
}
