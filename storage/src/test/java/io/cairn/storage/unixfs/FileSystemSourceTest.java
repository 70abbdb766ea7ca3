package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.BlockStores;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSystemSourceTest {
  private static final FileSystemSource.WalkOptions R =
      FileSystemSource.WalkOptions.defaults().withRecursive(true);

  @TempDir Path tmp;

  /**
   * Ignore rules leave out matching entries inside the arguments (a left-out directory is not read
   * at all, so what it holds cannot be taken back), never an argument itself.
   */
  @Test
  void ignoreRulesLeaveOutWhatTheyMatchInsideTheArguments() throws IOException {
    Path t = tmp.resolve("proj");
    Files.createDirectories(t.resolve("node_modules/pkg"));
    Files.createDirectories(t.resolve("src/build"));
    Files.createDirectories(t.resolve("build"));
    for (String f :
        List.of(
            "node_modules/pkg/index.js",
            "src/build/keep.txt",
            "build/out.o",
            "src/a.log",
            "src/keep.log",
            "src/main.c",
            "README")) {
      Files.writeString(t.resolve(f), f);
    }
    IgnoreRules rules = IgnoreRules.parse(List.of("node_modules/", "*.log", "!keep.log", "/build"));

    List<ImportEntry> walked = list(FileSystemSource.walk(List.of(t), R.withIgnore(rules)));
    assertThat(walked)
        .extracting(ImportEntry::path)
        .containsExactly(
            "proj",
            "proj/README",
            "proj/src",
            "proj/src/build",
            "proj/src/build/keep.txt",
            "proj/src/keep.log",
            "proj/src/main.c");

    // An argument is added even when a rule matches its name.
    assertThat(list(FileSystemSource.walk(List.of(t.resolve("build")), R.withIgnore(rules))))
        .extracting(ImportEntry::path)
        .containsExactly("build", "build/out.o");
  }

  // kubo test/sharness/t0047-add-mode-mtime.sh: setup_directory, added with -r --preserve-mode
  // --preserve-mtime; the CIDs are those KuboVectorsTest checks from entries.
  @Test
  void walksKubosModeAndMtimeTreeToKubosCids() throws IOException {
    Path t = tmp.resolve("t");
    long dirTime = KuboVectorsTest.Mt47Tree.DIR_TIME;
    Files.createDirectories(t.resolve("dir1"));
    Files.createDirectories(t.resolve("dir2/sub1/sub2"));
    Files.createDirectories(t.resolve("dir3"));
    touch(t.resolve("dir2/sub1/sub2/file3"), "rw-r--r--", dirTime + 10);
    Files.createSymbolicLink(t.resolve("dir2/sub1/link1"), Path.of("../sub2/file3"));
    setTime(t.resolve("dir2/sub1/link1"), dirTime + 20);
    chmod(t.resolve("dir2/sub1/sub2"), "rwxr-xr-x", dirTime + 30);
    chmod(t.resolve("dir2/sub1"), "rwxr-xr-x", dirTime + 40);
    chmod(t.resolve("dir2"), "rwxr-xr-x", dirTime + 50);
    touch(t.resolve("dir3/file2"), "rw-r--r--", dirTime + 60);
    chmod(t.resolve("dir3"), "rwxr-xr-x", dirTime + 70);
    touch(t.resolve("file1"), "rw-r--r--", dirTime + 80);
    chmod(t.resolve("dir1"), "rwxr-xr-x", dirTime + 90);
    chmod(t, "rwx------", dirTime);

    List<ImportEntry> walked = list(FileSystemSource.walk(List.of(t), R));
    assertThat(walked)
        .extracting(ImportEntry::path)
        .containsExactlyElementsOf(
            KuboVectorsTest.Mt47Tree.entries(null, null).stream().map(ImportEntry::path).toList());

    ImportOptions both =
        ImportOptions.profile(Profile.UNIXFS_V0_2015)
            .withPreserveMode(true)
            .withPreserveMtime(true);
    List<String> cids = new ArrayList<>();
    new UnixFsImporter(BlockStores.memory(), both)
        .importEntries(
            walked.iterator(),
            new ImportListener() {
              @Override
              public void added(AddedEntry e) {
                cids.add(e.cid().toString());
              }
            });
    cids.sort(null);
    assertThat(cids).containsExactlyElementsOf(KuboVectorsTest.Mt47Tree.PRESERVED_CIDS);
  }

  @Test
  void listsEntriesSortedByNameBytesWithoutHiddenOnes() throws IOException {
    Path d = tmp.resolve("d");
    Files.createDirectories(d.resolve("sub"));
    for (String name : List.of("b", "B", "a.txt", "a", "é", ".hidden", "sub/z", "sub/.h")) {
      Files.writeString(d.resolve(name), name);
    }
    assertThat(paths(FileSystemSource.walk(List.of(d), R)))
        .containsExactly("d", "d/B", "d/a", "d/a.txt", "d/b", "d/sub", "d/sub/z", "d/é");
    assertThat(paths(FileSystemSource.walk(List.of(d), R.withHidden(true))))
        .containsExactly(
            "d",
            "d/.hidden",
            "d/B",
            "d/a",
            "d/a.txt",
            "d/b",
            "d/sub",
            "d/sub/.h",
            "d/sub/z",
            "d/é");
    // A hidden argument is added all the same, as Kubo does.
    assertThat(paths(FileSystemSource.walk(List.of(d.resolve(".hidden")), R)))
        .containsExactly(".hidden");
  }

  @Test
  void keepsSymlinksUnlessDereferenced() throws IOException {
    Path d = tmp.resolve("d");
    Files.createDirectories(d);
    Files.writeString(tmp.resolve("target.txt"), "target");
    Files.createSymbolicLink(d.resolve("link"), tmp.resolve("target.txt"));
    Files.createSymbolicLink(tmp.resolve("arg"), tmp.resolve("target.txt"));

    List<ImportEntry> kept = list(FileSystemSource.walk(List.of(d, tmp.resolve("arg")), R));
    assertThat(kept.get(1)).isInstanceOf(ImportEntry.Symlink.class);
    assertThat(((ImportEntry.Symlink) kept.get(1)).target())
        .isEqualTo(tmp.resolve("target.txt").toString());
    assertThat(kept.get(2))
        .isInstanceOf(ImportEntry.Symlink.class)
        .extracting(ImportEntry::path)
        .isEqualTo("arg");

    List<ImportEntry> followed =
        list(FileSystemSource.walk(List.of(d), R.withDereferenceSymlinks(true)));
    assertThat(followed.get(1)).isInstanceOf(ImportEntry.File.class);
    try (InputStream in = ((ImportEntry.File) followed.get(1)).content().open()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("target");
    }
    // --dereference-args: the argument becomes its target, named by the target
    List<ImportEntry> arg =
        list(FileSystemSource.walk(List.of(tmp.resolve("arg")), R.withDereferenceArgs(true)));
    assertThat(arg).singleElement().isInstanceOf(ImportEntry.File.class);
    assertThat(arg.get(0).path()).isEqualTo("target.txt");
  }

  @Test
  void refusesADirectoryWithoutRecursive() throws IOException {
    Path d = Files.createDirectories(tmp.resolve("dir"));
    assertThatThrownBy(
            () -> FileSystemSource.walk(List.of(d), FileSystemSource.WalkOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'" + d + "' is a directory, use the '-r' flag to specify directories");
  }

  @Test
  void refusesMissingPathsAndClashingNames() throws IOException {
    assertThatThrownBy(() -> FileSystemSource.walk(List.of(tmp.resolve("nope")), R))
        .hasMessage("lstat " + tmp.resolve("nope") + ": no such file or directory");
    Path a = Files.createDirectories(tmp.resolve("a"));
    Path b = Files.createDirectories(tmp.resolve("b"));
    Files.writeString(a.resolve("f"), "1");
    Files.writeString(b.resolve("f"), "2");
    assertThatThrownBy(() -> FileSystemSource.walk(List.of(a.resolve("f"), b.resolve("f")), R))
        .hasMessage("file name f repeated under different import directories: " + b + " and " + a);
    assertThat(paths(FileSystemSource.walk(List.of(a.resolve("f"), a.resolve("f")), R)))
        .containsExactly("f");
  }

  @Test
  void refusesPipesInsideDirectories() throws IOException, InterruptedException {
    Path d = Files.createDirectories(tmp.resolve("d"));
    Process p = new ProcessBuilder("mkfifo", d.resolve("fifo").toString()).start();
    assertThat(p.waitFor()).isZero();
    Iterator<ImportEntry> it = FileSystemSource.walk(List.of(d), R);
    it.next();
    // Kubo (boxo's serialfile) names the type as Go's FileMode.String() does: "prw-r--r--".
    String perms =
        java.nio.file.attribute.PosixFilePermissions.toString(
            Files.getPosixFilePermissions(
                d.resolve("fifo"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    assertThatThrownBy(it::next)
        .hasMessage("unrecognized file type for " + d.resolve("fifo") + ": p" + perms);
  }

  @Test
  void readsModeAndMtimeFromTheFileSystem() throws IOException {
    Path f = tmp.resolve("f");
    touch(f, "rw-r-----", 1604320482);
    ImportEntry e = list(FileSystemSource.walk(List.of(f), R)).get(0);
    assertThat(e.mode()).isEqualTo(0640);
    assertThat(e.mtime()).isEqualTo(Instant.ofEpochSecond(1604320482));
  }

  private static void touch(Path p, String perms, long mtime) throws IOException {
    if (!Files.exists(p)) {
      Files.createFile(p);
    }
    chmod(p, perms, mtime);
  }

  private static void chmod(Path p, String perms, long mtime) throws IOException {
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString(perms));
    setTime(p, mtime);
  }

  private static void setTime(Path p, long mtime) throws IOException {
    Files.getFileAttributeView(p, BasicFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setTimes(FileTime.from(Instant.ofEpochSecond(mtime)), null, null);
  }

  private static List<ImportEntry> list(Iterator<ImportEntry> it) {
    List<ImportEntry> out = new ArrayList<>();
    it.forEachRemaining(out::add);
    return out;
  }

  private static List<String> paths(Iterator<ImportEntry> it) {
    return list(it).stream().map(ImportEntry::path).toList();
  }
}
