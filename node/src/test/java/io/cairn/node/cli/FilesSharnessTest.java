package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kubo's {@code test/sharness/t0250-files-api.sh}, step by step as far as it applies to a node that
 * writes every change through, with its root, directory and file CIDs for each import format. It
 * runs against a daemon, as the script's "with-daemon" half: the in-process CLI runs the same
 * handlers (each command's both paths are {@link FilesCommandTest}'s), and the storage module's
 * {@code MfsTest} checks every one of these CIDs below the API.
 */
@ExtendWith(Cli.StopDaemons.class)
class FilesSharnessTest {
  private static final String EMPTY_DIR = "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn";

  /** The CIDs a run of {@code test_files_api} must reach. */
  private record Hashes(String root, String cats, String file, String trunc) {}

  private static final Hashes CIDV0 =
      new Hashes(
          "QmcwKfTMCT7AaeiD92hWjnZn9b6eh9NxnhfSzN5x2vnDpt",
          "Qma88m8ErTGkZHbBWGqy1C7VmEmX8wwNDWNpGyCaNmEgwC",
          "QmQdQt9qooenjeaNhiKHF3hBvmNteB4MQBtgu3jxgf9c7i",
          "QmPVnT9gocPbqzN4G6SMp8vAPyzcjDbUJrNdKgzQquuDg4");
  private static final Hashes PARTIAL_RAW_LEAVES =
      new Hashes(
          "QmTpKiKcAj4sbeesN6vrs5w3QeVmd4QmGpxRL81hHut4dZ",
          "QmPhPkmtUGGi8ySPHoPu1qbfryLJKKq1GYxpgLyyCruvGe",
          CIDV0.file(),
          CIDV0.trunc());
  private static final Hashes RAW_LEAVES =
      new Hashes(
          "QmTHzLiSouBHVTssS8xRzmfWGAvTGhPEjtPdB6pWMQdxJX",
          "QmPJkzbCoBuL379TbHgwF1YbVHnKgiDa5bjqYhe6Lovdms",
          "bafybeibkrazpbejqh3qun7xfnsl7yofl74o4jwhxebpmtrcpavebokuqtm",
          "bafybeigwhb3q36yrm37jv5fo2ap6r6eyohckqrxmlejrenex4xlnuxiy3e");
  private static final Hashes CIDV1_DIRECTORIES =
      new Hashes(
          "QmTLdTaZNj8Mvq1cgYup59ZFJFv1KxptouFSZUZKeq7X3z",
          "bafybeihsqinttigpskqqj63wgalrny3lifvqv5ml7igrirdhlcf73l3wvm",
          RAW_LEAVES.file(),
          RAW_LEAVES.trunc());
  private static final Hashes CIDV1_ROOT =
      new Hashes(
          "bafybeickjecu37qv6ue54ofk3n4rpm4g4abuofz7yc4qn4skffy263kkou",
          CIDV1_DIRECTORIES.cats(),
          RAW_LEAVES.file(),
          RAW_LEAVES.trunc());
  private static final Hashes BLAKE2B_ROOT =
      new Hashes(
          "bafykbzaceaebvwrjdw5rfhqqh5miaq3g42yybnrw3kxxxx43ggyttm6xn2zek",
          "bafykbzaceaqvpxs3dfl7su6744jgyvifbusow2tfixdy646chasdwyz2boagc",
          "bafykbzaceca45w2i3o3q3ctqsezdv5koakz7sxsw37ygqjg4w54m2bshzevxy",
          "bafykbzaceadeu7onzmlq7v33ytjpmo37rsqk2q6mzeqf5at55j32zxbcdbwig");

  @TempDir Path tmp;
  Cli cli;
  String file1;
  String file2;
  String file3;
  String dir1;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), Cli.Mode.DAEMON);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** The script's {@code create_files}: three files and a directory, added with {@code flags}. */
  private void createFiles(String... flags) throws IOException {
    file1 = addText("foo\n", flags);
    file2 = addText("bar\n", flags);
    file3 = addText("baz\n", flags);
    Path stuff = tmp.resolve("stuff_test");
    Files.createDirectories(stuff);
    Files.writeString(stuff.resolve("a"), "cats\n");
    Files.writeString(stuff.resolve("b"), "dogs\n");
    Files.writeString(stuff.resolve("c"), "giraffes\n");
    dir1 = cli.ok(concat(List.of("add", "-r", "-Q"), flags, stuff.toString())).out().strip();
  }

  private String addText(String text, String... flags) {
    return cli.okWithInput(bytes(text), concat(List.of("add", "-q"), flags)).out().strip();
  }

  private static String[] concat(List<String> head, String[] middle, String... tail) {
    List<String> all = new ArrayList<>(head);
    all.addAll(Arrays.asList(middle));
    all.addAll(Arrays.asList(tail));
    return all.toArray(String[]::new);
  }

  /** A {@code files} command line with the run's extra flags after {@code subcommand}. */
  private String[] files(String subcommand, String[] extra, String... rest) {
    return concat(List.of("files", subcommand), extra, rest);
  }

  private void verifyDirContents(String dir, String... names) {
    List<String> expected = new ArrayList<>(Arrays.asList(names));
    expected.sort(null);
    List<String> listed = new ArrayList<>(cli.ok("files", "ls", dir).lines());
    listed.sort(null);
    assertThat(listed).as("entries of %s", dir).isEqualTo(expected);
  }

  private String hashOf(String path) {
    return cli.ok("files", "stat", "--hash", path).out().strip();
  }

  /**
   * The script's {@code test_files_api}: {@code args} go to mkdir and write, {@code raw} to write.
   */
  private void filesApi(Hashes want, String[] args, String... raw) {
    String[] writeArgs = concat(List.of(), args, raw);
    cli.ok(files("mkdir", args, "/cats"));
    assertThat(cli.ok("files", "ls").out()).isEqualTo("cats\n");
    verifyDirContents("/cats");

    String stat = cli.ok("files", "stat", "/").out();
    String rootHash = stat.lines().findFirst().orElseThrow();
    assertThat(cli.ok("ls", rootHash).out()).contains("cats");
    assertThat(cli.ok("files", "stat", "--hash", "/").out()).isEqualTo(rootHash + "\n");
    assertThat(cli.run("files", "stat", "--hash", "--size", "/").exit()).isEqualTo(1);
    assertThat(cli.ok("files", "stat", "--format=<hash>", "/").out()).isEqualTo(rootHash + "\n");
    assertThat(cli.ok("files", "stat", "--format=<cumulsize>", "/").out())
        .isEqualTo(cli.ok("files", "stat", "--size", "/").out());
    cli.ok("files", "stat", "/ipfs/" + dir1);
    assertThat(cli.ok("files", "stat", "--with-local", "/ipfs/" + dir1).out())
        .contains("(100.00%)");
    assertThat(cli.run(files("mkdir", args, "/")).exit()).isEqualTo(1);
    assertThat(hashOf("/")).isEqualTo(rootHash);

    cli.ok("files", "cp", "/ipfs/" + file1, "/cats/file1");
    verifyDirContents("/cats", "file1");
    assertThat(cli.ok("files", "ls", "-l", "/cats").out()).isEqualTo("file1\t" + file1 + "\t4\n");
    assertThat(cli.ok("files", "ls", "-l", "/cats/file1").out())
        .isEqualTo("file1\t" + file1 + "\t4\n");
    assertThat(cli.ok("files", "ls", "/cats/file1").out()).isEqualTo("file1\n");
    List<String> fileStat = cli.ok("files", "stat", "/cats/file1").lines();
    assertThat(fileStat.stream().filter(l -> !l.startsWith("CumulativeSize:")))
        .containsExactly(
            file1,
            "Size: 4",
            "ChildBlocks: 0",
            "Type: file",
            "Mode: not set (not set)",
            "Mtime: not set");
    assertThat(cli.ok("files", "read", "/cats/file1").out()).isEqualTo("foo\n");

    cli.ok("files", "cp", "/ipfs/" + file2, "/file2");
    verifyDirContents("/", "file2", "cats");
    assertThat(cli.ok("files", "read", "/file2").out()).isEqualTo("bar\n");
    cli.ok(files("mkdir", args, "-p", "/cats/this/is/a/dir"));
    verifyDirContents("/cats", "this", "file1");
    verifyDirContents("/cats/this", "is");
    verifyDirContents("/cats/this/is", "a");
    verifyDirContents("/cats/this/is/a", "dir");
    verifyDirContents("/cats/this/is/a/dir");
    assertThat(cli.ok("files", "ls", "-l", "/cats").lines())
        .contains("this/\t" + hashOf("/cats/this") + "\t0");

    cli.ok("files", "cp", "/ipfs/" + file3, "/cats/this/is/a/dir/file3");
    cli.ok("files", "cp", "-p", "/ipfs/" + file3, "/cats/some/other/dir/file3");
    assertThat(cli.ok("files", "read", "/cats/some/other/dir/file3").out()).isEqualTo("baz\n");
    cli.ok("files", "rm", "-r", "/cats/some");
    assertThat(cli.ok("files", "read", "/cats/this/is/a/dir/file3").out()).isEqualTo("baz\n");
    verifyDirContents("/cats/this/is/a/dir", "file3");
    cli.ok("files", "rm", "/cats/this/is/a/dir/file3");
    verifyDirContents("/cats/this/is/a/dir");
    cli.ok("files", "rm", "-r", "/cats/this/is/a/dir");
    verifyDirContents("/cats/this/is/a");
    cli.ok("files", "rm", "/file2");
    verifyDirContents("/", "cats");
    String before = hashOf("/");
    assertThat(cli.run("files", "rm", "-r", "/").exit()).isEqualTo(1);
    assertThat(hashOf("/")).isEqualTo(before);

    assertThat(cli.ok("files", "read", "-o", "1", "/cats/file1").out()).isEqualTo("oo\n");
    assertThat(cli.ok("files", "read", "-n", "2", "/cats/file1").out()).isEqualTo("fo");
    assertThat(cli.run("files", "read", "--offset", "-3", "/cats/file1").exit()).isEqualTo(1);
    assertThat(cli.ok("files", "read", "--offset", "0", "/cats/file1").out()).isEqualTo("foo\n");
    assertThat(cli.ok("files", "read", "--offset", "2", "/cats/file1").out()).isEqualTo("o\n");
    assertThat(cli.run("files", "read", "--offset", "5", "/cats/file1").exit()).isEqualTo(1);
    assertThat(cli.run("files", "read", "--count", "-1", "/cats/file1").exit()).isEqualTo(1);
    assertThat(cli.ok("files", "read", "--count", "0", "/cats/file1").out()).isEmpty();
    assertThat(cli.ok("files", "read", "--count", "200", "/cats/file1").out()).isEqualTo("foo\n");

    cli.okWithInput(bytes("ipfs rocks\n"), files("write", writeArgs, "--create", "/cats/ipfs"));
    verifyDirContents("/cats", "ipfs", "file1", "this");
    assertThat(cli.ok("files", "read", "/cats/ipfs").out()).isEqualTo("ipfs rocks\n");
    cli.okWithInput(bytes("is super cool\n"), files("write", writeArgs, "-o", "5", "/cats/ipfs"));
    assertThat(cli.ok("files", "read", "/cats/ipfs").out()).isEqualTo("ipfs is super cool\n");
    assertThat(hashOf("/cats/ipfs")).as("FILE_HASH").isEqualTo(want.file());
    byte[] output = bytes("ipfs is super cool\n");
    assertThat(
            cli.runWithInput(output, files("write", writeArgs, "--offset", "-1", "/cats/ipfs"))
                .exit())
        .isEqualTo(1);
    assertThat(hashOf("/cats/ipfs")).isEqualTo(want.file());

    cli.okWithInput(bytes("foobar\n"), files("write", writeArgs, "--create", "/fun"));
    cli.okWithInput(bytes("blah\n"), files("write", writeArgs, "--offset", "50", "/fun"));
    byte[] sparse = new byte[55];
    System.arraycopy(bytes("foobar\n"), 0, sparse, 0, 7);
    System.arraycopy(bytes("blah\n"), 0, sparse, 50, 5);
    assertThat(cli.ok("files", "read", "/fun").stdout()).isEqualTo(sparse);
    cli.ok("files", "rm", "/fun");

    String dirHash = hashOf("/cats");
    assertThat(cli.runWithInput(output, files("write", writeArgs, "/cats")).exit()).isEqualTo(1);
    assertThat(hashOf("/cats")).isEqualTo(dirHash);
    assertThat(cli.runWithInput(output, files("write", writeArgs, "/cats/bar/")).exit())
        .isEqualTo(1);
    verifyDirContents("/cats", "file1", "ipfs", "this");

    // Kubo's --flush=false defers the root's update; Cairn writes it through at once.
    cli.okWithInput(
        bytes("testing\n"), files("write", writeArgs, "-f=false", "-e", "/cats/walrus"));
    assertThat(hashOf("/")).as("ROOT_HASH").isEqualTo(want.root());
    assertThat(hashOf("/cats")).as("CATS_HASH").isEqualTo(want.cats());
    assertThat(cli.ok("files", "flush", "/").out()).contains(want.root());

    cli.ok("files", "mv", "/cats/this/is", "/cats/");
    cli.ok("files", "mv", "/cats/is", "/");
    cli.ok("files", "mv", "/is", "/cats");
    verifyDirContents("/cats", "file1", "ipfs", "this", "is", "walrus");
    verifyDirContents("/cats/this");
    cli.ok("files", "rm", "-r", "/cats");
    verifyDirContents("/");

    cli.okWithInput(bytes("some content\n"), files("write", writeArgs, "--create", "/cats"));
    cli.okWithInput(bytes("fish\n"), files("write", writeArgs, "--truncate", "/cats"));
    assertThat(cli.ok("files", "read", "/cats").out()).isEqualTo("fish\n");
    assertThat(hashOf("/cats")).as("TRUNC_HASH").isEqualTo(want.trunc());
    cli.ok("files", "rm", "/cats");

    cli.ok(files("mkdir", args, "--flush", "--parents", "/flushed/deep"));
    cli.ok(files("mkdir", args, "--flush", "--parents", "/flushed/deep"));
    verifyDirContents("/", "flushed");
    verifyDirContents("/flushed", "deep");
    cli.ok("files", "rm", "-r", "/flushed");
    verifyDirContents("/");

    cli.ok(files("mkdir", args, "/test_dir"));
    cli.ok("files", "rm", "-r", "/test_dir");
    cli.okWithInput(bytes("content\n"), files("write", writeArgs, "-e", "/test_file"));
    cli.ok("files", "cp", "/test_file", "/test_dir");
    assertThat(cli.ok("files", "stat", "/test_dir").lines()).contains("Type: file");
    cli.ok("files", "rm", "-r", "/test_dir");
    cli.ok("files", "rm", "-r", "/test_file");

    cli.ok(files("mkdir", args, "/adir"));
    cli.okWithInput(bytes("blah\n"), files("write", writeArgs, "--create", "/foobar"));
    cli.ok("files", "cp", "/foobar", "/adir/");
    assertThat(cli.ok("files", "ls", "/adir").lines()).contains("foobar");
    cli.ok("files", "cp", "/ipfs/" + file1, "/file1");
    cli.ok("files", "cp", "/ipfs/" + file2, "/file2");
    cli.ok("files", "cp", "--force", "/file1", "/file2");
    assertThat(cli.ok("files", "read", "/file2").out()).isEqualTo("foo\n");
    cli.ok("files", "rm", "/file1");
    cli.ok("files", "rm", "/file2");

    byte[] rocks = bytes("ipfs rocks\n");
    assertThat(
            cli.runWithInput(rocks, "files", "write", "--create", "/parents/foo/ipfs.txt").exit())
        .isEqualTo(1);
    cli.okWithInput(
        rocks, "files", "write", "--create", "--parents", "/parents/foo/bar/baz/ipfs.txt");
    assertThat(cli.ok("files", "stat", "/parents/foo/bar/baz/ipfs.txt").lines())
        .contains("Type: file");
    cli.okWithInput(
        rocks, "files", "write", "-e", "-p", "/parents/foo/bar/baz/qux/quux/g/ipfs.txt");
    cli.okWithInput(rocks, "files", "write", "-e", "-p", "/parents/foo/bar/baz/qux/quux/g/i2.txt");
    assertThat(cli.ok("files", "ls", "/parents/foo/bar/baz/qux/quux/g").out())
        .isEqualTo("i2.txt\nipfs.txt\n");
    cli.ok("files", "rm", "-r", "/foobar", "/adir", "/parents");
    verifyDirContents("/");
    cli.ok("repo", "gc");

    byte[] hello = bytes("hello world\n");
    cli.okWithInput(hello, "files", "write", "--create", "/forcibly");
    cli.ok("files", "rm", "--force", "/forcibly");
    verifyDirContents("/");
    cli.ok("files", "mkdir", "/forcibly-dir-one");
    cli.ok("files", "mkdir", "/forcibly-dir-two");
    cli.ok("files", "rm", "--force", "/forcibly-dir-one", "/forcibly-dir-two");
    verifyDirContents("/");
    cli.okWithInput(hello, "files", "write", "--create", "/file_one");
    cli.okWithInput(hello, "files", "write", "--create", "/file_two");
    cli.ok("files", "rm", "/file_one", "/file_two");
    cli.ok("files", "rm", "--force", "/nonexistent");
    cli.ok("files", "rm", "--force", "/deeply/nonexistent");
    cli.okWithInput(hello, "files", "write", "--create", "/file_one");
    cli.okWithInput(hello, "files", "write", "--create", "/file_two");
    assertThat(cli.run("files", "rm", "/file_one", "/nonexistent", "/file_two").exit())
        .isEqualTo(1);
    verifyDirContents("/");
  }

  private static final String[] NONE = {};

  /** The daemon reads Import.* for the root only when it starts, as Kubo's. */
  private void restartDaemon() {
    cli.withRepoClosed(() -> {});
  }

  @Test
  void defaultFormatReachesKubosHashes() throws IOException {
    createFiles();
    filesApi(CIDV0, NONE);
  }

  @Test
  void rawLeavesReachKubosHashes() throws IOException {
    createFiles("--raw-leaves");
    filesApi(PARTIAL_RAW_LEAVES, NONE);
    filesApi(RAW_LEAVES, NONE, "--raw-leaves");
  }

  @Test
  void cidV1DirectoriesReachKubosHashes() throws IOException {
    createFiles("--raw-leaves");
    filesApi(CIDV1_DIRECTORIES, new String[] {"--cid-version=1"});
  }

  @Test
  void theRootFollowsImportConfigAndChcidLeavesItAlone() throws IOException {
    createFiles("--raw-leaves");
    assertThat(cli.fails("files", "chcid", "--cid-version=1", "/")).contains("Import.CidVersion");
    cli.ok("files", "mkdir", "/chcid-test");
    cli.ok("files", "chcid", "--hash=blake2b-256", "/chcid-test");
    assertThat(cli.ok("cid", "format", "-f", "%h", hashOf("/chcid-test")).out())
        .isEqualTo("blake2b-256\n");
    cli.ok("files", "rm", "-r", "/chcid-test");

    cli.ok("config", "--json", "Import.CidVersion", "1");
    restartDaemon();
    assertThat(hashOf("/"))
        .isEqualTo("bafybeiczsscdsbs7ffqz55asqdf3smv6klcw3gofszvwlyarci47bgf354");
    filesApi(CIDV1_ROOT, NONE);

    cli.ok("config", "Import.HashFunction", "blake2b-256");
    restartDaemon();
    assertThat(hashOf("/"))
        .isEqualTo("bafykbzacebugfutjir6qie7apo5shpry32ruwfi762uytd5g3u2gk7tpscndq");
    filesApi(BLAKE2B_ROOT, NONE);
    cli.ok("config", "--json", "Import.HashFunction", "null");

    cli.ok("config", "--json", "Import.CidVersion", "0");
    restartDaemon();
    assertThat(hashOf("/")).isEqualTo(EMPTY_DIR);
  }

  @Test
  void shardedDirectoriesReachKubosHashes() {
    cli.ok("config", "--json", "Import.UnixFSHAMTDirectorySizeThreshold", "\"1B\"");
    restartDaemon();
    testSharding("QmPkwLJTYZRGPJ8Lazr9qPdrLmswPtUjaDbEpmR9jEh1se", NONE);
    testSharding(
        "bafybeibu4i76qi26jhpgskqhivuactsvdsia44swpi7eaw45r7c3c3lhs4",
        new String[] {"--cid-version=1"});
  }

  /** The script's {@code test_sharding}: 100 files written in reverse order into one directory. */
  private void testSharding(String shardHash, String[] args) {
    cli.ok(files("mkdir", args, "/foo"));
    List<String> names = new ArrayList<>();
    for (int i = 100; i >= 1; i--) {
      cli.okWithInput(bytes(i + "\n"), "files", "write", "--create", "/foo/file" + i);
      names.add("file" + i);
    }
    List<String> sorted = new ArrayList<>(names);
    sorted.sort(null);
    assertThat(cli.ok("files", "ls", "/foo").lines()).isEqualTo(sorted);
    assertThat(cli.ok("files", "ls", "-U", "/foo").lines())
        .containsExactlyInAnyOrderElementsOf(names)
        .isNotEqualTo(sorted);
    assertThat(cli.ok("files", "read", "/foo/file65").out()).isEqualTo("65\n");
    String file42 = hashOf("/foo/file42");
    cli.ok("pin", "add", file42);
    cli.ok("pin", "rm", file42);
    assertThat(hashOf("/foo")).isEqualTo(shardHash);
    cli.ok("files", "rm", "-r", "/foo");
  }
}
