package io.cairn.node.cli;

import io.cairn.storage.Cid;
import io.cairn.storage.WriteSession;
import io.cairn.storage.unixfs.AddedEntry;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn add}: files and directories into UnixFS DAGs with Kubo's CIDs, pinned. */
@Command(
    name = "add",
    description = {
      "Add files or directories (with -r) to the repo and print their CIDs.",
      "The CIDs are the ones Kubo's 'ipfs add' gives for the same bytes and flags.",
      "With no PATH (or -), adds stdin. Added data is pinned unless --pin=false."
    })
final class AddCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Files or directories to add; - for stdin.")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = {"-r", "--recursive"},
      description = "Add directories recursively.")
  boolean recursive;

  @Option(
      names = {"-H", "--hidden"},
      description = "Include files whose names start with a dot.")
  boolean hidden;

  @Option(
      names = {"-w", "--wrap-with-directory"},
      description = "Wrap the added entries in a directory.")
  boolean wrap;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only CIDs.")
  boolean quiet;

  @Option(
      names = {"-Q", "--quieter"},
      description = "Print only the final CID.")
  boolean quieter;

  @Option(names = "--silent", description = "Print nothing.")
  boolean silent;

  @Option(
      names = {"-p", "--progress"},
      negatable = true,
      description = "Show a progress bar on stderr (default: when stderr is a terminal).")
  Boolean progress;

  @Option(
      names = {"-n", "--only-hash"},
      description = "Only chunk and hash; write nothing to the repo.")
  boolean onlyHash;

  @Option(
      names = "--pin",
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Pin what is added (default: true).")
  boolean pin;

  @Option(names = "--pin-name", paramLabel = "NAME", description = "Name for the pin.")
  String pinName;

  @Option(
      names = "--stdin-name",
      paramLabel = "NAME",
      description = "Name for the file read from stdin.")
  String stdinName;

  @Option(names = "--dereference-args", description = "Follow symlinks given as arguments.")
  boolean dereferenceArgs;

  @Option(
      names = "--dereference-symlinks",
      description = "Follow every symlink, adding the content it points to.")
  boolean dereferenceSymlinks;

  @Option(
      names = {"-E", "--empty-dirs"},
      negatable = true,
      defaultValue = "true",
      fallbackValue = "true",
      description = "Keep empty directories (default: true).")
  boolean emptyDirs;

  @ArgGroup(exclusive = false, heading = "%nImport options (change the CIDs):%n")
  ImportFlags importFlags = new ImportFlags();

  @Override
  public void run() {
    if (!pin && pinName != null) {
      throw new UserException("pin-name option requires pin to be set");
    }
    ImportOptions options =
        importFlags
            .resolve(ctx.config().importDefaults())
            .withWrapWithDirectory(wrap)
            .withEmptyDirs(emptyDirs);
    boolean stdin = paths.isEmpty() || (paths.size() == 1 && paths.get(0).toString().equals("-"));
    boolean showProgress = !quiet && !quieter && !silent && Progress.wanted(ctx, progress);
    List<AddedEntry> roots;
    try (Progress bar = Progress.bytesIf(ctx, showProgress, "add", stdin ? -1 : totalSize());
        WriteSession session = onlyHash ? null : ctx.storage().beginWrite()) {
      UnixFsImporter importer =
          new UnixFsImporter(
              session == null ? new DiscardingBlockStore() : session.blocks(), options);
      ImportListener listener = listener(bar);
      if (stdin) {
        roots =
            List.of(
                importer.importStream(
                    stdinName == null ? "" : stdinName, ctx.out().in(), listener));
      } else {
        FileSystemSource.WalkOptions walk =
            FileSystemSource.WalkOptions.defaults()
                .withRecursive(recursive)
                .withHidden(hidden)
                .withDereferenceArgs(dereferenceArgs)
                .withDereferenceSymlinks(dereferenceSymlinks);
        roots = importer.importEntries(FileSystemSource.walk(paths, walk), listener);
      }
      if (session != null && pin) {
        for (AddedEntry root : roots) {
          session.pin(root.cid(), true, pinName);
        }
      }
    }
    if (quieter && !silent && !roots.isEmpty()) {
      Cid last = roots.get(roots.size() - 1).cid();
      if (ctx.json()) {
        ctx.out().json(event(roots.get(roots.size() - 1)));
      } else {
        ctx.out().println(last.toString());
      }
    }
  }

  private ImportListener listener(Progress bar) {
    long[] doneBefore = {0};
    long[] current = {0};
    return new ImportListener() {
      @Override
      public void added(AddedEntry entry) {
        doneBefore[0] += current[0];
        current[0] = 0;
        if (silent || quieter) {
          return;
        }
        bar.clear();
        if (ctx.json()) {
          ctx.out().json(event(entry));
        } else if (quiet) {
          ctx.out().println(entry.cid().toString());
        } else {
          ctx.out()
              .println(
                  "added "
                      + entry.cid()
                      + " "
                      + (entry.path().isEmpty() && !wrap
                          ? entry.cid()
                          : Names.escape(entry.path())));
        }
        ctx.out().flush();
      }

      @Override
      public void progress(String path, long bytesSoFar) {
        current[0] = bytesSoFar;
        bar.set(doneBefore[0] + bytesSoFar);
        if (ctx.json() && Boolean.TRUE.equals(progress)) {
          Map<String, Object> m = new LinkedHashMap<>();
          m.put("Name", path);
          m.put("Bytes", bytesSoFar);
          ctx.out().json(m);
          // Progress is for whoever reads it now, not when the buffer happens to fill.
          ctx.out().flush();
        }
      }
    };
  }

  private static Map<String, Object> event(AddedEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Name", e.path().isEmpty() ? e.cid().toString() : e.path());
    m.put("Hash", e.cid().toString());
    m.put("Size", Long.toString(e.size()));
    return m;
  }

  /** Bytes of regular files under the arguments, for the progress bar's total. */
  private long totalSize() {
    long total = 0;
    for (Path p : paths) {
      try (Stream<Path> files = Files.isDirectory(p) ? Files.walk(p) : Stream.of(p)) {
        total += files.filter(Files::isRegularFile).mapToLong(AddCommand::sizeOf).sum();
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
    }
    return total;
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      return 0;
    }
  }
}
