package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.DirEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Paths and rights as uvwasi (node:wasi) has them, through pathops.wat over {@link PathTree}: ".."
 * resolved lexically under the descriptor, escapes refused with ENOTCAPABLE, symlinks followed only
 * where they stay inside, a descriptor's rights enforced, {@code /inputs} read-only. {@link
 * WasiReferenceIT} runs the cases node:wasi can express against node itself.
 */
@Tag("compute")
class WasiPathsTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);
  private static final String IN = "IN\n";
  // pathops arguments: lookup flags, open flags, rights
  private static final String NOFOLLOW = "0";
  private static final String FOLLOW = "1";
  private static final String READ = "2";
  private static final String WRITE = "64";
  private static final String CREAT = "1";
  private static final String TRUNC = "8";

  @TempDir Path scratch;

  private final BlockStore blocks = BlockStores.memory();

  private Map<String, Cid> inputs() {
    Cid in =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importStream(
                "in",
                new ByteArrayInputStream(IN.getBytes(StandardCharsets.UTF_8)),
                ImportListener.NONE)
            .cid();
    return Map.of("in", in, PathTree.NAME, PathTree.importTo(blocks));
  }

  /** Runs pathops with its arguments after "main"; the status, then what it printed. */
  private WasmOutcome pathops(String... args) {
    List<String> argv = Stream.concat(Stream.of("main"), Stream.of(args)).toList();
    WasmJob job = WasmJob.command(WasmFixtures.bytes("pathops"), inputs(), SEED).withArgs(argv);
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch).run(job);
  }

  private String result(String... args) {
    WasmOutcome outcome = pathops(args);
    return outcome.status() + " " + new String(cat(outcome.stdout()), StandardCharsets.UTF_8);
  }

  private String read(String dirflags, String path) {
    return result("3", path, dirflags, "0", READ, "read");
  }

  private byte[] cat(Cid cid) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(cid, 0, -1, out);
    return out.toByteArray();
  }

  @Test
  void dotDotIsResolvedLexicallyUnderTheDescriptor() {
    assertThat(read(NOFOLLOW, "d/a/../b")).isEqualTo("done b\n");
    assertThat(read(NOFOLLOW, "./in")).isEqualTo("done " + IN);
    // Lexical: what precedes ".." need not exist, nor be a directory.
    assertThat(read(NOFOLLOW, "d/nope/../b")).isEqualTo("done b\n");
    assertThat(read(NOFOLLOW, "d/x/../b")).isEqualTo("done b\n");
    assertThat(read(NOFOLLOW, "d/a/../../d/b")).isEqualTo("done b\n");
    // Up out of /inputs and back in by its name stays under the descriptor.
    assertThat(read(NOFOLLOW, "../inputs/in")).isEqualTo("done " + IN);
    assertThat(result("3", "d", NOFOLLOW, "0", READ, "read", "a/../b")).isEqualTo("done b\n");
  }

  @Test
  void escapesAboveTheDescriptorAreNotCapable() {
    for (String path : List.of("../x", "d/../../in", "..", "../inputsX/in", "../outputs")) {
      assertThat(read(NOFOLLOW, path)).as(path).isEqualTo("exit 76 ");
    }
    // Under a directory opened from /inputs, its parent is out of reach too.
    assertThat(result("3", "d", NOFOLLOW, "0", READ, "read", "../in")).isEqualTo("exit 76 ");
    assertThat(result("4", "../inputs/z", NOFOLLOW, "0", "0", "mkdir")).isEqualTo("exit 76 ");
  }

  @Test
  void absolutePathsAreNotCapableEvenInsideTheSandbox() {
    for (String path : List.of("/etc/passwd", "/inputs/in", "/")) {
      assertThat(read(NOFOLLOW, path)).as(path).isEqualTo("exit 76 ");
    }
  }

  @Test
  void emptyPathIsInvalidAndATrailingSlashNeedsADirectory() {
    assertThat(read(NOFOLLOW, "")).isEqualTo("exit 28 ");
    assertThat(read(NOFOLLOW, "in/")).isEqualTo("exit 54 ");
    assertThat(read(NOFOLLOW, "in/x")).isEqualTo("exit 54 ");
    assertThat(read(NOFOLLOW, "d/nope/x")).isEqualTo("exit 44 ");
  }

  @Test
  void symlinksThatStayInsideAreFollowed() {
    assertThat(read(FOLLOW, "d/link-b")).isEqualTo("done b\n");
    assertThat(read(FOLLOW, "d/link-up")).isEqualTo("done " + IN);
    assertThat(read(FOLLOW, "d/link-abs-in")).isEqualTo("done " + IN);
    assertThat(read(NOFOLLOW, "d/link-dir/x")).isEqualTo("done ax\n");
    assertThat(read(FOLLOW, "d/link-dir/../b")).isEqualTo("done b\n");
  }

  /**
   * Without LOOKUP_SYMLINK_FOLLOW, path_open does not follow a link that is the last name: ELOOP,
   * as wasmtime's O_NOFOLLOW (node:wasi lets the host's open follow it).
   */
  @Test
  void openingALinkWithoutFollowingItIsEloop() {
    for (String path : List.of("d/link-b", "d/link-dir", "d/link-out", "d/link-esc")) {
      assertThat(read(NOFOLLOW, path)).as(path).isEqualTo("exit 32 ");
    }
  }

  @Test
  void symlinksLeadingOutAreNotCapableWhateverTheFlags() {
    for (String path : List.of("d/link-out", "d/link-esc", "d/link-outdir/hostname")) {
      assertThat(read(FOLLOW, path)).as(path).isEqualTo("exit 76 ");
    }
    // A link before the last name is followed whatever the flags, and held to the sandbox too.
    assertThat(read(NOFOLLOW, "d/link-outdir/hostname")).isEqualTo("exit 76 ");
    // From a directory opened under /inputs, a link to its parent leads out of that directory.
    assertThat(result("3", "d", FOLLOW, "0", READ, "read", "link-up")).isEqualTo("exit 76 ");
  }

  @Test
  void aSymlinkLoopIsEloop() {
    assertThat(read(FOLLOW, "d/loop1")).isEqualTo("exit 32 ");
  }

  @Test
  void statFollowsALinkOnlyWhenAsked() {
    // pathops prints the file type (7 symlink, 4 regular file) and the size.
    assertThat(result("3", "d/link-b", NOFOLLOW, "0", "0", "stat")).isEqualTo("done 7\n1\n");
    assertThat(result("3", "d/link-b", FOLLOW, "0", "0", "stat")).isEqualTo("done 4\n2\n");
    assertThat(result("3", "d/link-out", FOLLOW, "0", "0", "stat")).isEqualTo("exit 76 ");
  }

  @Test
  void aDescriptorOpenedWithoutTheWriteRightCannotWrite() {
    assertThat(result("3", "in", NOFOLLOW, "0", READ, "write")).isEqualTo("exit 76 ");
    WasmOutcome created = pathops("4", "o", NOFOLLOW, CREAT, READ, "write");
    assertThat(created.status().toString()).isEqualTo("exit 76");
    WasmOutcome written = pathops("4", "o", NOFOLLOW, CREAT, WRITE, "write");
    assertThat(written.status().toString()).isEqualTo("done");
    assertThat(outputs(written.outputRoot())).isEqualTo(Map.of("o", "w\n"));
  }

  @Test
  void aDirectoryHasNoReadRightAndCannotBeOpenedToWrite() {
    assertThat(read(NOFOLLOW, "d")).isEqualTo("exit 76 ");
    assertThat(read(NOFOLLOW, ".")).isEqualTo("exit 76 ");
    assertThat(result("3", "d", NOFOLLOW, "0", WRITE, "open")).isEqualTo("exit 31 ");
    assertThat(result("3", "d", NOFOLLOW, TRUNC, "0", "open")).isEqualTo("exit 31 ");
  }

  @Test
  void inputsAreReadOnly() {
    assertThat(result("3", "in", NOFOLLOW, "0", WRITE, "write")).isEqualTo("exit 69 ");
    assertThat(result("3", "in", NOFOLLOW, TRUNC, READ, "open")).isEqualTo("exit 69 ");
    assertThat(result("3", "new", NOFOLLOW, CREAT, READ, "open")).isEqualTo("exit 69 ");
    assertThat(result("3", "d/new", NOFOLLOW, "0", "0", "mkdir")).isEqualTo("exit 69 ");
    assertThat(result("3", "d/link-b", NOFOLLOW, "0", "0", "unlink")).isEqualTo("exit 69 ");
    // Opening an existing input with O_CREAT but no write right is allowed, as on a read-only
    // mount.
    assertThat(result("3", "in", NOFOLLOW, CREAT, READ, "read")).isEqualTo("done " + IN);
  }

  /** Each file or directory created under /outputs costs 512 bytes of the output cap. */
  @Test
  void creatingEntriesIsChargedAgainstTheOutputCap() {
    List<String> argv = List.of("main", "4", "o", NOFOLLOW, CREAT, WRITE, "write");
    WasmJob job = WasmJob.command(WasmFixtures.bytes("pathops"), inputs(), SEED).withArgs(argv);
    WasmRunner runner = new WasmRunner(blocks, ImportOptions.defaults(), scratch);
    WasmOutcome within = runner.run(job.withLimits(WasmLimits.defaults().withOutputBytes(514)));
    assertThat(within.status().toString()).isEqualTo("done");
    WasmOutcome over = runner.run(job.withLimits(WasmLimits.defaults().withOutputBytes(513)));
    assertThat(over.status().toString()).isEqualTo("output-limit: /outputs over 513 bytes");
    List<String> mkdir = List.of("main", "4", "d", NOFOLLOW, "0", "0", "mkdir");
    WasmOutcome dir =
        runner.run(job.withArgs(mkdir).withLimits(WasmLimits.defaults().withOutputBytes(511)));
    assertThat(dir.status().toString()).isEqualTo("output-limit: /outputs over 511 bytes");
  }

  /**
   * Output names that are not ASCII keep their name in the output tree whatever the host's locale:
   * the scratch file is named in ASCII on the host ({@link ScratchNames}).
   */
  @Test
  void outputNamesOutsideAsciiAndWithPercentKeepTheirNames() {
    WasmOutcome accented = pathops("4", "café.txt", NOFOLLOW, CREAT, WRITE, "write");
    assertThat(accented.status().toString()).isEqualTo("done");
    assertThat(outputs(accented.outputRoot())).isEqualTo(Map.of("café.txt", "w\n"));
    WasmOutcome percent = pathops("4", "100%25 ✓", NOFOLLOW, CREAT, WRITE, "write");
    assertThat(outputs(percent.outputRoot())).isEqualTo(Map.of("100%25 ✓", "w\n"));
  }

  @Test
  void scratchNamesAreAsciiAndDecodeToTheModulesName() {
    for (String name : List.of("café.txt", "100%25 ✓", "plain", "%", "a\u0001b")) {
      String host = ScratchNames.encode(name);
      assertThat(host.chars()).allMatch(c -> c >= 0x20 && c < 0x7F);
      assertThat(ScratchNames.decode(host)).isEqualTo(name);
    }
    assertThat(ScratchNames.encode("café")).isEqualTo("caf%C3%A9");
  }

  @Test
  void aPathThatIsNotUtf8IsEilseq() {
    VNode.HostDir out = new VNode.HostDir(scratch);
    OpenFd.Dir dir = new OpenFd.Dir(out, "/outputs", true);
    byte[] raw = {'a', (byte) 0xC3, 'b'};
    assertThat(PathResolver.resolve(dir, raw, false).errno()).isEqualTo(WasiErrno.EILSEQ);
  }

  private Map<String, String> outputs(Cid root) {
    try (Stream<DirEntry> entries = new UnixFsExporter(blocks).list(root, true)) {
      return entries.collect(
          Collectors.toMap(DirEntry::name, e -> new String(cat(e.cid()), StandardCharsets.UTF_8)));
    }
  }
}
