package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * Walks files and directories into import entries as Kubo's {@code ipfs add} walks its arguments
 * (go-ipfs-cmds and boxo {@code files.NewSerialFile}): each argument is a top-level entry named by
 * its base name; directories need {@code recursive}; a directory's entries come sorted by name,
 * without hidden ones ({@code .name}) unless asked; symlinks become UnixFS symlinks unless
 * dereferenced; sockets, devices and pipes inside directories are refused. Every entry carries the
 * mode and mtime of the file system; the import stores them only when its options say so.
 *
 * <p>Arguments are checked when {@code walk} is called; directories are read as the walk reaches
 * them.
 */
public final class FileSystemSource {
  /**
   * How arguments are walked.
   *
   * @param recursive whether directories may be given (Kubo {@code -r})
   * @param hidden whether entries whose names start with a dot are included (Kubo {@code -H})
   * @param dereferenceArgs whether symlinks given as arguments are replaced by their targets
   * @param dereferenceSymlinks whether every symlink is replaced by its target's content
   * @param ignore what is left out inside the directories given (Kubo {@code --ignore}); the
   *     arguments themselves are always added
   */
  public record WalkOptions(
      boolean recursive,
      boolean hidden,
      boolean dereferenceArgs,
      boolean dereferenceSymlinks,
      IgnoreRules ignore) {
    public static WalkOptions defaults() {
      return new WalkOptions(false, false, false, false, IgnoreRules.NONE);
    }

    public WalkOptions withRecursive(boolean v) {
      return new WalkOptions(v, hidden, dereferenceArgs, dereferenceSymlinks, ignore);
    }

    public WalkOptions withHidden(boolean v) {
      return new WalkOptions(recursive, v, dereferenceArgs, dereferenceSymlinks, ignore);
    }

    public WalkOptions withDereferenceArgs(boolean v) {
      return new WalkOptions(recursive, hidden, v, dereferenceSymlinks, ignore);
    }

    public WalkOptions withDereferenceSymlinks(boolean v) {
      return new WalkOptions(recursive, hidden, dereferenceArgs, v, ignore);
    }

    public WalkOptions withIgnore(IgnoreRules v) {
      return new WalkOptions(recursive, hidden, dereferenceArgs, dereferenceSymlinks, v);
    }

    /**
     * Whether the walk leaves out the entry at {@code relative} (its path below the argument it is
     * in, {@code /}-separated): a hidden one without {@code hidden}, or one the rules match.
     */
    public boolean leavesOut(String relative, boolean directory) {
      String name = relative.substring(relative.lastIndexOf('/') + 1);
      return (!hidden && name.startsWith(".")) || ignore.ignored(relative, directory);
    }
  }

  private static final int S_IFMT = 0170000;
  private static final int S_IFDIR = 0040000;
  private static final int S_IFREG = 0100000;
  private static final int S_IFLNK = 0120000;
  private static final int S_IFIFO = 0010000;
  private static final int S_IFCHR = 0020000;
  private static final int S_IFBLK = 0060000;
  private static final int S_IFSOCK = 0140000;

  private FileSystemSource() {}

  /**
   * The entries of {@code paths}, in the order Kubo adds them.
   *
   * @throws IllegalArgumentException for a missing path, a directory without {@code recursive}, or
   *     two arguments with one base name in different directories
   */
  public static Iterator<ImportEntry> walk(List<Path> paths, WalkOptions opts) {
    List<Top> tops = new ArrayList<>();
    Map<String, Path> seen = new HashMap<>();
    for (Path given : paths) {
      Path p = given.normalize();
      if (p.toString().isEmpty() || p.toString().equals(".")) {
        p = Path.of("").toAbsolutePath();
      }
      boolean follow = opts.dereferenceArgs() || opts.dereferenceSymlinks();
      if (follow || p.equals(Path.of("").toAbsolutePath())) {
        try {
          p = p.toRealPath();
        } catch (IOException e) {
          throw new IllegalArgumentException(describe("lstat " + p, e), e);
        }
      }
      Stat stat = stat(p, false);
      if (stat.type() == S_IFDIR && !opts.recursive()) {
        throw new IllegalArgumentException(
            "'" + p + "' is a directory, use the '-r' flag to specify directories");
      }
      Path fileName = p.getFileName();
      String name = fileName == null ? p.toString() : fileName.toString();
      Path dir = p.toAbsolutePath().getParent();
      Path previous = seen.putIfAbsent(name, dir);
      if (previous != null) {
        if (!previous.equals(dir)) {
          throw new IllegalArgumentException(
              "file name "
                  + name
                  + " repeated under different import directories: "
                  + dir
                  + " and "
                  + previous);
        }
        continue; // the same argument twice
      }
      tops.add(new Top(p, name, stat));
    }
    return new Walker(tops, opts);
  }

  private record Top(Path path, String name, Stat stat) {}

  /** What one lstat (or stat) says: the type bits, permissions and mtime. */
  private record Stat(int mode, Instant mtime) {
    int type() {
      return mode & S_IFMT;
    }

    Integer permissions() {
      return mode & 07777;
    }

    /**
     * The mode as Go's {@code FileMode.String()} writes it ({@code prw-r--r--} for a named pipe),
     * which is how Kubo names a file type it cannot add.
     */
    String goModeString() {
      StringBuilder b = new StringBuilder();
      int t = type();
      b.append(t == S_IFBLK || t == S_IFCHR ? "D" : "")
          .append(t == S_IFIFO ? "p" : "")
          .append(t == S_IFSOCK ? "S" : "")
          .append((mode & 04000) != 0 ? "u" : "")
          .append((mode & 02000) != 0 ? "g" : "")
          .append(t == S_IFCHR ? "c" : "")
          .append((mode & 01000) != 0 ? "t" : "");
      if (b.isEmpty()) {
        b.append('-');
      }
      String rwx = "rwxrwxrwx";
      for (int i = 0; i < 9; i++) {
        b.append((mode & (0400 >> i)) != 0 ? rwx.charAt(i) : '-');
      }
      return b.toString();
    }
  }

  private static Stat stat(Path p, boolean followLinks) {
    try {
      Map<String, Object> a =
          followLinks
              ? Files.readAttributes(p, "unix:mode,lastModifiedTime")
              : Files.readAttributes(p, "unix:mode,lastModifiedTime", LinkOption.NOFOLLOW_LINKS);
      return new Stat((Integer) a.get("mode"), ((FileTime) a.get("lastModifiedTime")).toInstant());
    } catch (IOException e) {
      throw new IllegalArgumentException(describe((followLinks ? "stat " : "lstat ") + p, e), e);
    }
  }

  private static String describe(String what, IOException e) {
    String why = e instanceof NoSuchFileException ? "no such file or directory" : e.getMessage();
    return what + ": " + why;
  }

  private static final class Walker implements Iterator<ImportEntry> {
    private final Iterator<Top> tops;
    private final WalkOptions opts;
    private final Deque<Frame> stack = new ArrayDeque<>();
    private ImportEntry next;

    /**
     * A directory being listed: its path in the import, its path on disk, its path below the
     * argument it is in (for ignore rules; empty for the argument itself), its sorted names.
     */
    private static final class Frame {
      final String importPath;
      final Path dir;
      final String relative;
      final String[] names;
      int index;

      Frame(String importPath, Path dir, String relative, String[] names) {
        this.importPath = importPath;
        this.dir = dir;
        this.relative = relative;
        this.names = names;
      }
    }

    Walker(List<Top> tops, WalkOptions opts) {
      this.tops = tops.iterator();
      this.opts = opts;
    }

    @Override
    public boolean hasNext() {
      if (next == null) {
        next = advance();
      }
      return next != null;
    }

    @Override
    public ImportEntry next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      ImportEntry e = next;
      next = null;
      return e;
    }

    private ImportEntry advance() {
      while (!stack.isEmpty()) {
        Frame f = stack.peek();
        if (f.index == f.names.length) {
          stack.pop();
          continue;
        }
        String name = f.names[f.index++];
        if (!opts.hidden() && name.startsWith(".")) {
          continue;
        }
        Path p = f.dir.resolve(name);
        Stat s = stat(p, false);
        if (s.type() == S_IFLNK && opts.dereferenceSymlinks()) {
          s = stat(p, true);
        }
        String relative = f.relative.isEmpty() ? name : f.relative + "/" + name;
        if (opts.leavesOut(relative, s.type() == S_IFDIR)) {
          continue;
        }
        return entry(DirectoryBuilder.join(f.importPath, name), p, s, relative);
      }
      if (!tops.hasNext()) {
        return null;
      }
      Top t = tops.next();
      return entry(t.name(), t.path(), t.stat(), null);
    }

    /**
     * The entry for {@code p}; {@code relative} is its path below its argument, null for an
     * argument.
     */
    private ImportEntry entry(String importPath, Path p, Stat s, String relative) {
      boolean topLevel = relative == null;
      switch (s.type()) {
        case S_IFDIR -> {
          stack.push(new Frame(importPath, p, topLevel ? "" : relative, list(p)));
          return new ImportEntry.Directory(importPath, s.permissions(), s.mtime());
        }
        case S_IFREG -> {
          return new ImportEntry.File(
              importPath,
              () -> Files.newInputStream(p),
              s.permissions(),
              s.mtime(),
              p.toAbsolutePath().normalize().toUri());
        }
        case S_IFLNK -> {
          try {
            return new ImportEntry.Symlink(
                importPath, Files.readSymbolicLink(p).toString(), s.permissions(), s.mtime());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot read symlink " + p, e);
          }
        }
        default -> {
          if (topLevel && s.type() == S_IFIFO) {
            // Kubo reads a named pipe given as an argument like a file.
            return new ImportEntry.File(importPath, () -> Files.newInputStream(p), null, null);
          }
          throw new IllegalArgumentException(
              "unrecognized file type for " + p + ": " + s.goModeString());
        }
      }
    }

    /** The names in a directory, in Go's byte order of their UTF-8 forms. */
    private static String[] list(Path dir) {
      List<String> names = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
        for (Path p : ds) {
          names.add(p.getFileName().toString());
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list directory " + dir, e);
      }
      String[] out = names.toArray(String[]::new);
      Arrays.sort(
          out,
          (a, b) ->
              Arrays.compareUnsigned(
                  a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8)));
      return out;
    }
  }
}
