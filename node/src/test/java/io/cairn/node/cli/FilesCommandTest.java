package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** {@code cairn files}: Kubo's MFS commands with Kubo's text, in-process and through a daemon. */
@BothModes
class FilesCommandTest {
  private static final String EMPTY_DIR = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

  @Parameter Cli.Mode mode;

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** Adds {@code text} with {@code cairn add} and returns its CID. */
  private String add(String text) {
    return cli.okWithInput(bytes(text), "add", "-Q", "--pin=false").out().strip();
  }

  private String hashOf(String path) {
    return cli.ok("files", "stat", "--hash", path).out().strip();
  }

  @Test
  void lsPrintsNamesSortedOrInDirectoryOrderAndLongLines() {
    String foo = add("foo\n");
    assertThat(cli.ok("files", "ls").out()).isEmpty();
    cli.ok("files", "mkdir", "/cats");
    cli.ok("files", "cp", "/ipfs/" + foo, "/cats/file1");
    cli.ok("files", "mkdir", "-p", "/cats/this/is");
    assertThat(cli.ok("files", "ls").out()).isEqualTo("cats\n");
    assertThat(cli.ok("files", "ls", "/cats").out()).isEqualTo("file1\nthis\n");
    assertThat(cli.ok("files", "ls", "-U", "/cats").out()).isEqualTo("file1\nthis\n");
    assertThat(cli.ok("files", "ls", "-l", "/cats").out())
        .isEqualTo("file1\t" + foo + "\t4\nthis/\t" + hashOf("/cats/this") + "\t0\n");
    assertThat(cli.ok("files", "ls", "--long", "/cats/file1").out())
        .isEqualTo("file1\t" + foo + "\t4\n");
    assertThat(cli.ok("files", "ls", "/cats/file1").out()).isEqualTo("file1\n");
    assertThat(cli.ok("files", "ls", "--cid-base=base32", "-l", "/cats/file1").out())
        .startsWith("file1\tbafy")
        .endsWith("\t4\n");
    assertThat(cli.ok("files", "ls", "--enc=json", "/cats/this").json().toString())
        .isEqualTo("{\"Entries\":[{\"Name\":\"is\",\"Type\":0,\"Size\":0,\"Hash\":\"\"}]}");
    assertThat(cli.fails("files", "ls", "/nope")).isEqualTo("file does not exist");
  }

  @Test
  void addToFilesLinksWhatItAddedIntoMfs() throws IOException {
    Path a = Files.writeString(tmp.resolve("a.txt"), "alpha\n");
    Path b = Files.writeString(tmp.resolve("b.txt"), "beta\n");
    Path dir = Files.createDirectories(tmp.resolve("dir"));
    Files.writeString(dir.resolve("c.txt"), "gamma\n");
    cli.ok("files", "mkdir", "/docs");

    String cidA = cli.ok("add", "-Q", "--pin=false", "--to-files", "/docs/", a.toString()).out();
    assertThat(hashOf("/docs/a.txt")).isEqualTo(cidA.strip());
    String cidDir = cli.ok("add", "-Q", "-r", "--to-files", "/docs/", dir.toString()).out();
    assertThat(hashOf("/docs/dir")).isEqualTo(cidDir.strip());
    assertThat(cli.ok("files", "read", "/docs/dir/c.txt").out()).isEqualTo("gamma\n");
    cli.ok("add", "-Q", "--to-files", "/single", b.toString());
    assertThat(cli.ok("files", "read", "/single").out()).isEqualTo("beta\n");
    // unpinned, but linked in MFS: a collection keeps it
    cli.ok("repo", "gc");
    assertThat(cli.ok("files", "read", "/docs/a.txt").out()).isEqualTo("alpha\n");

    assertThat(cli.fails("add", "--to-files", "/two", a.toString(), b.toString()))
        .isEqualTo("to-files: MFS destination is a file: only one entry can be copied to \"/two\"");
    assertThat(cli.fails("add", "--to-files", "/nodir/", a.toString()))
        .isEqualTo(
            "to-files: MFS destination directory \"/nodir/\" does not exist: file does not exist");
    assertThat(cli.fails("add", "--to-files", "/docs/a.txt", b.toString()))
        .isEqualTo(
            "to-files: cannot put node in path \"/docs/a.txt\": directory already has entry by"
                + " that name");
    assertThat(cli.failsWithInput(bytes("x"), "add", "--to-files", "/docs/"))
        .isEqualTo("to-files: cannot add unnamed files to MFS");
    assertThat(cli.fails("add", "-n", "--to-files", "/docs/", a.toString()))
        .isEqualTo("only-hash and to-files options are not compatible");
    assertThat(cli.fails("add", "-w", "--to-files", "/docs/", a.toString()))
        .isEqualTo("wrap-with-directory and to-files options are not compatible");
  }

  @Test
  void statPrintsKubosDefaultFormatAndItsTokens() {
    String foo = add("foo\n");
    cli.ok("files", "cp", "/ipfs/" + foo, "/file1");
    String stat = cli.ok("files", "stat", "/file1").out();
    assertThat(stat)
        .isEqualTo(
            foo
                + "\nSize: 4\nCumulativeSize: 12\nChildBlocks: 0\nType: file\n"
                + "Mode: not set (not set)\nMtime: not set\n");
    assertThat(cli.ok("files", "stat", "/").out())
        .startsWith(hashOf("/") + "\nSize: 0\nCumulativeSize: ")
        .contains("\nChildBlocks: 1\nType: directory\n");
    assertThat(cli.ok("files", "stat", "--hash", "/file1").out()).isEqualTo(foo + "\n");
    assertThat(cli.ok("files", "stat", "--size", "/file1").out()).isEqualTo("12\n");
    assertThat(cli.ok("files", "stat", "--format=<type> <size> <childs>", "/file1").out())
        .isEqualTo("file 4 0\n");
    assertThat(cli.ok("files", "stat", "--cid-base=base32", "--hash", "/file1").out())
        .startsWith("bafy");
    assertThat(cli.ok("files", "stat", "--hash", "/ipfs/" + foo).out()).isEqualTo(foo + "\n");
    assertThat(cli.ok("files", "stat", "--with-local", "/ipfs/" + foo).out())
        .endsWith("Mtime: not set\nLocal: 12 B of 12 B (100.00%)\n");
    assertThat(cli.ok("files", "stat", "--enc=json", "/file1").json().get("Type").asText())
        .isEqualTo("file");

    assertThat(cli.fails("files", "stat", "--hash", "--size", "/"))
        .isEqualTo(
            "invalid parameters: format was set by multiple options. Only one format option is"
                + " allowed");
    assertThat(cli.fails("files", "stat", "/nope")).isEqualTo("file does not exist");
  }

  @Test
  void chmodAndTouchPrintAsKubosStat() {
    cli.ok("files", "cp", "/ipfs/" + add("foo\n"), "/f");
    cli.ok("files", "mkdir", "/d");
    assertThat(cli.ok("files", "chmod", "0644", "/f").out()).isEmpty();
    assertThat(cli.ok("files", "touch", "--mtime=1630937926", "/f").out()).isEmpty();
    assertThat(cli.ok("files", "stat", "/f").out())
        .endsWith("Type: file\nMode: -rw-r--r-- (0644)\nMtime: 6 Sep 2021, 14:18:46 UTC\n");
    assertThat(cli.ok("files", "stat", "--format=<mode> <mtime-secs> <mtime-nsecs>", "/f").out())
        .isEqualTo("-rw-r--r-- 1630937926 0\n");
    cli.ok("files", "chmod", "755", "/d");
    assertThat(cli.ok("files", "stat", "--format=<mode> <mode-octal>", "/d").out())
        .isEqualTo("drwxr-xr-x 0755\n");
    cli.ok("files", "touch", "/d");
    assertThat(cli.ok("files", "stat", "--format=<mtime-secs>", "/d").out().strip())
        .isNotEqualTo("not set");
    assertThat(cli.fails("files", "chmod", "9", "/d"))
        .isEqualTo("strconv.ParseInt: parsing \"9\": invalid syntax");
  }

  @Test
  void readWritesTheBytesToStdout() {
    cli.ok("files", "cp", "/ipfs/" + add("foo\n"), "/f");
    assertThat(cli.ok("files", "read", "/f").out()).isEqualTo("foo\n");
    assertThat(cli.ok("files", "read", "-o", "1", "/f").out()).isEqualTo("oo\n");
    assertThat(cli.ok("files", "read", "-n", "2", "/f").out()).isEqualTo("fo");
    assertThat(cli.ok("files", "read", "--offset", "2", "--count", "200", "/f").out())
        .isEqualTo("o\n");
    assertThat(cli.fails("files", "read", "--offset", "-3", "/f"))
        .isEqualTo("cannot specify negative offset");
    assertThat(cli.fails("files", "read", "--offset", "5", "/f"))
        .isEqualTo("offset was past end of file (5 > 4)");
    assertThat(cli.fails("files", "read", "/")).isEqualTo("/ was not a file");
  }

  @Test
  void writeTakesAFileOrStdin() throws IOException {
    Path data = tmp.resolve("data.txt");
    Files.writeString(data, "from a file\n");
    assertThat(cli.ok("files", "write", "-e", "-p", "/a/b", data.toString()).out()).isEmpty();
    assertThat(cli.ok("files", "read", "/a/b").out()).isEqualTo("from a file\n");
    cli.okWithInput(bytes("FROM"), "files", "write", "/a/b");
    assertThat(cli.ok("files", "read", "/a/b").out()).isEqualTo("FROM a file\n");
    cli.okWithInput(bytes("fish\n"), "files", "write", "--truncate", "/a/b");
    assertThat(cli.ok("files", "read", "/a/b").out()).isEqualTo("fish\n");
    cli.okWithInput(bytes("walrus\n"), "files", "write", "-f=false", "-e", "/a/w");
    assertThat(cli.ok("files", "read", "/a/w").out()).isEqualTo("walrus\n");

    assertThat(cli.failsWithInput(bytes("x"), "files", "write", "--offset", "-1", "/a/b"))
        .isEqualTo("cannot have negative write offset");
    assertThat(cli.failsWithInput(bytes("x"), "files", "write", "/a"))
        .isEqualTo("/a was not a file");
    assertThat(cli.failsWithInput(bytes("x"), "files", "write", "-e", "/no/parents"))
        .isEqualTo("file does not exist");
  }

  @Test
  void rmPrintsEachErrorThenFails() {
    cli.ok("files", "mkdir", "/d");
    cli.ok("files", "cp", "/ipfs/" + add("one\n"), "/one");
    Run run = cli.run("files", "rm", "/one", "/nope", "/d");
    assertThat(run.error()).isEqualTo("can't remove some files");
    assertThat(run.out())
        .isEqualTo(
            "\"/nope: file does not exist\"\n"
                + "\"/d: path is a directory, use -r to remove directories\"\n");
    assertThat(cli.ok("files", "ls").out()).isEqualTo("d\n");
    assertThat(cli.ok("files", "rm", "-r", "/d").out()).isEmpty();
    assertThat(cli.ok("files", "rm", "--force", "/nonexistent").out()).isEmpty();
    assertThat(cli.fails("files", "rm", "--flush=false", "/x"))
        .startsWith("files rm always flushes for safety.");
    assertThat(hashOf("/")).isEqualTo(EMPTY_DIR);
  }

  @Test
  void mkdirCpMvAndChcidPrintNothing() {
    assertThat(cli.ok("files", "mkdir", "--flush", "--parents", "/flushed/deep").out()).isEmpty();
    assertThat(cli.ok("files", "mkdir", "-p", "/flushed/deep").out()).isEmpty();
    assertThat(cli.fails("files", "mkdir", "/"))
        .isEqualTo("cannot create directory '/': Already exists");
    assertThat(cli.ok("files", "mv", "/flushed/deep", "/deep").out()).isEmpty();
    assertThat(cli.ok("files", "ls").out()).isEqualTo("deep\nflushed\n");
    assertThat(cli.ok("files", "cp", "-p", "/deep", "/x/y/").out()).isEmpty();
    assertThat(cli.ok("files", "ls", "/x/y").out()).isEqualTo("deep\n");
    assertThat(cli.ok("files", "chcid", "--cid-version=1", "/deep").out()).isEmpty();
    assertThat(hashOf("/deep")).startsWith("bafy");
    assertThat(cli.fails("files", "chcid", "--cid-version=1", "/")).contains("Import.CidVersion");
  }

  @Test
  void flushPrintsKubosJson() {
    cli.ok("files", "mkdir", "/d");
    assertThat(cli.ok("files", "flush").out()).isEqualTo("{\"Cid\":\"" + hashOf("/") + "\"}\n");
    assertThat(cli.ok("files", "flush", "/d").out()).isEqualTo("{\"Cid\":\"" + EMPTY_DIR + "\"}\n");
  }

  @Test
  void chrootPrintsKubosMessage() {
    cli.ok("files", "mkdir", "/mydir");
    String old = hashOf("/");
    String mydir = hashOf("/mydir");
    assertThat(cli.fails("files", "chroot"))
        .isEqualTo("this is a potentially destructive operation; pass --confirm to proceed");
    assertThat(cli.ok("files", "chroot", "--confirm").out())
        .isEqualTo(
            "MFS root changed from "
                + old
                + " to "
                + EMPTY_DIR
                + "\nThe old root "
                + old
                + " will be garbage collected unless pinned.\n");
    assertThat(cli.ok("files", "ls").out()).isEmpty();
    cli.ok("files", "chroot", "--confirm", mydir);
    assertThat(hashOf("/")).isEqualTo(mydir);
  }

  @Test
  void filesWriteThenRepoGcThenReadWorks() {
    cli.okWithInput(bytes("hello world\n"), "files", "write", "--create", "/kept");
    cli.ok("repo", "gc");
    assertThat(cli.ok("files", "read", "/kept").out()).isEqualTo("hello world\n");
  }

  @Test
  void helpDescribesMfs() {
    assumeTrue(
        mode == Cli.Mode.IN_PROCESS, "help is the same in both modes and never reaches a daemon");
    assertThat(cli.ok("files", "--help").out())
        .contains("MFS", "garbage", "--flush=false", "trickle");
  }
}
