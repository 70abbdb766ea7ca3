package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.ResultSink;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.IgnoreRules;
import io.cairn.storage.unixfs.ImportEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
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
      "With no PATH (or -), adds stdin. Added data is pinned unless --pin=false.",
      "A PATH that is an http:// or https:// URL is downloaded and added as a file named after"
          + " the URL's last path segment."
    })
final class AddCommand implements Runnable {
  @Mixin CommandContext ctx;

  @Parameters(
      paramLabel = "PATH",
      arity = "0..*",
      description = "Files, directories or http(s) URLs to add; - for stdin.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = {"-r", "--recursive"},
      description = "Add directories recursively.")
  boolean recursive;

  @Option(
      names = {"-H", "--hidden"},
      description = "Include files whose names start with a dot.")
  boolean hidden;

  @Option(
      names = "--ignore",
      paramLabel = "RULE",
      description =
          "Leave out what this .gitignore-style rule matches inside the directories added"
              + " (repeatable; e.g. --ignore='*.log' --ignore=node_modules/).")
  List<String> ignore = new ArrayList<>();

  @Option(
      names = "--ignore-rules-path",
      paramLabel = "FILE",
      description = "Read .gitignore-style rules from this file (before those of --ignore).")
  Path ignoreRulesPath;

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

  @Mixin ProgressOptions progress;

  @Option(
      names = "--nocopy",
      description =
          "Add the files using the filestore: their raw leaves stay in the files, referenced"
              + " (implies --raw-leaves; needs Experimental.FilestoreEnabled); for a URL, keep"
              + " references to its spans (needs Experimental.UrlstoreEnabled).")
  boolean nocopy;

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
      names = "--to-files",
      paramLabel = "MFS_PATH",
      description =
          "Also link what is added into MFS at this path (into it, under each entry's name, when"
              + " it ends in '/').")
  String toFiles;

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
    boolean stdin = paths.isEmpty() || (paths.size() == 1 && paths.get(0).equals("-"));
    boolean showProgress =
        !quiet && !quieter && !silent && !ctx.json() && Progress.wanted(ctx, progress.progress);
    boolean jsonProgress = ctx.json() && Boolean.TRUE.equals(progress.progress);
    ApiRequest.Builder request =
        ApiRequest.to("add")
            .option("pin", pin)
            .option("pin-name", pinName)
            .option("to-files", toFiles)
            .option("progress", showProgress || jsonProgress)
            .option("wrap-with-directory", wrap)
            .option("empty-dirs", emptyDirs);
    if (onlyHash) {
      request.option("only-hash", true);
    }
    if (nocopy) {
      request.option("nocopy", true);
    }
    importFlags.addTo(request);
    FileSystemSource.WalkOptions walk = null;
    List<Path> local = new ArrayList<>();
    List<WebFile> web = new ArrayList<>();
    try {
      long total = -1;
      if (stdin) {
        request.body(
            List.of(BodyPart.file(stdinName == null ? "" : stdinName, () -> ctx.out().in()))
                .iterator());
      } else {
        walk =
            FileSystemSource.WalkOptions.defaults()
                .withRecursive(recursive)
                .withHidden(hidden)
                .withDereferenceArgs(dereferenceArgs)
                .withDereferenceSymlinks(dereferenceSymlinks)
                .withIgnore(ignoreRules());
        Iterator<BodyPart> parts = parts(walk, local, web);
        // Each file's place on disk (or URL) goes along only for the filestore to reference it.
        request.body(nocopy ? parts : BodyPart.withoutSources(parts));
        total = totalSize(walk, local);
        for (WebFile w : web) {
          total = total < 0 || w.length() < 0 ? -1 : total + w.length();
        }
      }
      call(request, showProgress, jsonProgress, total);
    } finally {
      web.forEach(WebFile::close);
    }
  }

  /**
   * The upload's parts in the order of the arguments: the files under each path, and each URL's
   * download (started here, after every path is checked, as Kubo's CLI starts it for the progress
   * bar's total).
   */
  private Iterator<BodyPart> parts(
      FileSystemSource.WalkOptions walk, List<Path> local, List<WebFile> web) {
    List<Object> args = new ArrayList<>();
    for (String arg : paths) {
      URI url = WebFile.parse(arg);
      Object a = url != null ? url : Path.of(arg);
      if (a instanceof Path p) {
        local.add(p);
      }
      args.add(a);
    }
    // Checks every path (and that no two share a name) before anything is downloaded.
    Iterator<ImportEntry> all = FileSystemSource.walk(local, walk);
    if (local.size() == args.size()) {
      return BodyPart.of(all);
    }
    List<Supplier<Iterator<BodyPart>>> segments = new ArrayList<>();
    List<Path> run = new ArrayList<>();
    for (Object a : args) {
      if (a instanceof URI url) {
        if (!run.isEmpty()) {
          List<Path> these = List.copyOf(run);
          segments.add(() -> BodyPart.of(FileSystemSource.walk(these, walk)));
          run.clear();
        }
        WebFile w = WebFile.open(url);
        web.add(w);
        segments.add(() -> List.of(w.part()).iterator());
      } else {
        run.add((Path) a);
      }
    }
    if (!run.isEmpty()) {
      List<Path> these = List.copyOf(run);
      segments.add(() -> BodyPart.of(FileSystemSource.walk(these, walk)));
    }
    return concat(segments.iterator());
  }

  /** The segments' parts one after the other, each segment started when reached. */
  private static Iterator<BodyPart> concat(Iterator<Supplier<Iterator<BodyPart>>> segments) {
    return new Iterator<>() {
      private Iterator<BodyPart> current = Collections.emptyIterator();

      @Override
      public boolean hasNext() {
        while (!current.hasNext() && segments.hasNext()) {
          current = segments.next().get();
        }
        return current.hasNext();
      }

      @Override
      public BodyPart next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return current.next();
      }
    };
  }

  private void call(
      ApiRequest.Builder request, boolean showProgress, boolean jsonProgress, long total) {
    JsonNode[] last = {null};
    try (Progress bar = Progress.bytesIf(ctx, showProgress, "add", total)) {
      ctx.api().call(request.build(), sink(bar, jsonProgress, last));
    }
    if (quieter && !silent && last[0] != null) {
      if (ctx.json()) {
        ctx.out().json(last[0]);
      } else {
        ctx.out().println(last[0].path("Hash").asText());
      }
    }
  }

  private ResultSink sink(Progress bar, boolean jsonProgress, JsonNode[] last) {
    long[] doneBefore = {0};
    long[] current = {0};
    return new ResultSink() {
      @Override
      public void value(JsonNode event) {
        if (!event.hasNonNull("Hash")) {
          current[0] = event.path("Bytes").asLong();
          bar.set(doneBefore[0] + current[0]);
          if (jsonProgress) {
            ctx.out().json(event);
            // Progress is for whoever reads it now, not when the buffer happens to fill.
            ctx.out().flush();
          }
          return;
        }
        doneBefore[0] += current[0];
        current[0] = 0;
        last[0] = event;
        if (silent || quieter) {
          return;
        }
        bar.clear();
        if (ctx.json()) {
          ctx.out().json(event);
        } else if (quiet) {
          ctx.out().println(event.path("Hash").asText());
        } else {
          ctx.out()
              .println(
                  "added "
                      + event.path("Hash").asText()
                      + " "
                      + Names.escape(event.path("Name").asText()));
        }
        ctx.out().flush();
      }

      @Override
      public java.io.OutputStream binary(long length) {
        throw new UserException("unexpected raw output from add");
      }
    };
  }

  /** The rules of --ignore-rules-path, then those of --ignore, as Kubo reads them. */
  private IgnoreRules ignoreRules() {
    List<String> lines = new ArrayList<>();
    if (ignoreRulesPath != null) {
      try {
        lines.addAll(Files.readAllLines(ignoreRulesPath, StandardCharsets.UTF_8));
      } catch (IOException e) {
        throw new UserException(
            "cannot read --ignore-rules-path " + ignoreRulesPath + ": " + e.getMessage(), e);
      }
    }
    lines.addAll(ignore);
    try {
      return IgnoreRules.parse(lines);
    } catch (IllegalArgumentException e) {
      throw new UserException(e.getMessage(), e);
    }
  }

  /**
   * The bytes of the regular files the walk will add, for the progress bar: what the walk leaves
   * out (hidden entries, those the rules match) is not counted; -1 when the tree cannot be read.
   */
  private static long totalSize(FileSystemSource.WalkOptions walk, List<Path> paths) {
    long[] total = {0};
    for (Path top : paths) {
      try {
        Files.walkFileTree(
            top,
            new SimpleFileVisitor<>() {
              @Override
              public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                return dir.equals(top) || !walk.leavesOut(relative(top, dir), true)
                    ? FileVisitResult.CONTINUE
                    : FileVisitResult.SKIP_SUBTREE;
              }

              @Override
              public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                if (attrs.isRegularFile()
                    && (file.equals(top) || !walk.leavesOut(relative(top, file), false))) {
                  total[0] += attrs.size();
                }
                return FileVisitResult.CONTINUE;
              }

              private static String relative(Path top, Path p) {
                return top.relativize(p).toString();
              }
            });
      } catch (IOException | UncheckedIOException e) {
        return -1;
      }
    }
    return total[0];
  }
}
