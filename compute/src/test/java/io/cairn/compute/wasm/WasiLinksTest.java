package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportEntry;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import io.cairn.storage.unixfs.UnixFsNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code path_symlink}, {@code path_link} and {@code path_readlink} in {@code /outputs}, through
 * linkops.wat (a script of calls; each prints what it read, then its errno): links are made,
 * followed only where the call asks and only inside the sandbox, and kept in the output tree as
 * {@code ipfs add} keeps them.
 */
@Tag("compute")
class WasiLinksTest {
  private static final byte[] SEED = "seed".getBytes(StandardCharsets.UTF_8);

  @TempDir Path scratch;

  private final BlockStore blocks = BlockStores.memory();

  private WasmOutcome run(String script) {
    return run(script, WasmLimits.defaults());
  }

  private WasmOutcome run(String script, WasmLimits limits) {
    Cid in =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importStream(
                "in",
                new ByteArrayInputStream("IN\n".getBytes(StandardCharsets.UTF_8)),
                ImportListener.NONE)
            .cid();
    List<String> argv = Stream.concat(Stream.of("main"), Stream.of(script.split(" "))).toList();
    WasmJob job = WasmJob.command(WasmFixtures.bytes("linkops"), Map.of("in", in), SEED);
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch)
        .run(job.withArgs(argv).withLimits(limits));
  }

  /** What the script printed, each call's lines joined by "|" and the calls by " ". */
  private String out(String script) {
    WasmOutcome outcome = run(script);
    assertThat(outcome.status().toString()).isEqualTo("done");
    String printed = new String(WasmFixtures.cat(blocks, outcome.stdout()), StandardCharsets.UTF_8);
    return printed.replace("\n", "|");
  }

  @Test
  void aSymlinkIsReadFollowedWhereAskedAndUnlinked() {
    // w f, s f l, r l, c l, C l (ELOOP: not followed), t l (a symlink of 1 byte), T l (the file)
    assertThat(out("w f s f l r l c l C l t l T l")).isEqualTo("0|0|f|0|w|0|32|7|1|1|0|4|1|2|0|");
    // Unlinking the link leaves the file; a link to a directory is followed through.
    assertThat(out("w f s f l u l t l c f d d w d/x s d dl c dl/x T dl"))
        .isEqualTo("0|0|0|44|w|0|0|0|0|w|0|3|1|0|0|");
  }

  @Test
  void anAbsoluteTargetIsRefusedAsWasmtimeRefusesIt() {
    // EPERM (63): cap-std's symlink refuses a target with a root, whatever it names.
    assertThat(out("s /etc/passwd a s / b s /outputs/x c t a")).isEqualTo("63|63|63|44|");
  }

  /** A buffer for path_readlink that leads out of the memory is EOVERFLOW (61), as node:wasi. */
  @Test
  void aReadlinkBufferOutOfTheMemoryIsEoverflow() {
    assertThat(out("s f l N l r l")).isEqualTo("0|61|f|0|");
  }

  @Test
  void aLinkLeadingOutOfThePreopenIsNotCapable() {
    // Made (wasmtime makes it too), read back, but never followed out: ENOTCAPABLE (76).
    assertThat(out("s ../../etc/passwd e r e c e C e T e t e"))
        .isEqualTo("0|../../etc/passwd|0|76|32|76|7|1|16|0|");
    assertThat(out("s .. up c up/x T up d sub s ../.. sub/up2 c sub/up2/etc/passwd T sub/up2"))
        .isEqualTo("0|76|76|0|0|76|76|");
    // A chain whose last link leads out, and a link through a link that leads out.
    assertThat(out("s c2 c1 s ../outside c2 c c1 T c1 d s s ../.. s/p s s/p q c q/x"))
        .isEqualTo("0|0|76|76|0|0|0|76|");
  }

  @Test
  void aLoopIsEloop() {
    assertThat(out("s l1 l1 c l1 C l1 T l1 s l3 l2 s l2 l3 c l2 T l3 c l2/x"))
        .isEqualTo("0|32|32|32|0|0|32|32|32|");
  }

  @Test
  void aSymlinkIsNotMadeOverAnExistingNameNorThroughATrailingSlash() {
    assertThat(out("s x t/ d t s x t s x t/ w f s x f s x f/ s x ."))
        .isEqualTo("44|0|20|20|0|20|54|20|");
    // A trailing slash after a dangling link neither makes its target nor removes it.
    assertThat(out("s nope dl d dl/ t nope R dl/ u dl/ m dl/ z t dl"))
        .isEqualTo("0|20|44|54|54|54|7|1|4|0|");
  }

  @Test
  void aHardLinkIsTheSameFileUnderTwoNames() {
    // Written through either name, seen through both; two links until one is unlinked.
    assertThat(out("w a h a b w b c a t a t b u a c b t b"))
        .isEqualTo("0|0|0|w|w|0|4|2|4|0|4|2|4|0|0|w|w|0|4|1|4|0|");
  }

  @Test
  void aHardLinkRefusesWhatLinkRefuses() {
    // onto itself or an existing name EEXIST, to a directory EPERM, "n/" ENOENT, nothing ENOENT.
    assertThat(out("w b h b b d dir h dir x h b dir h b n/ h nope x"))
        .isEqualTo("0|20|0|63|20|44|44|");
    // A symlink is linked itself; followed, a dangling one is ENOENT.
    assertThat(out("s tgt sl h sl hl t hl r hl H sl h2")).isEqualTo("0|0|7|2|3|0|tgt|0|44|");
    // An input cannot be linked into /outputs: another file system (EXDEV, 75).
    assertThat(out("i in x t x")).isEqualTo("75|44|");
  }

  /**
   * A hard link's source is resolved in the sandbox as any path: through a link or ".." that leads
   * out it is ENOTCAPABLE, a directory reached through a link EPERM; nothing outside {@code
   * /outputs} ever gets a second name there.
   */
  @Test
  void aHardLinkNeverNamesAFileOutsideTheOutputs() {
    assertThat(
            out(
                "s ../../etc/passwd e H e x h ../../etc/passwd y h ../inputs/in y "
                    + "s ../inputs/in e2 H e2 z d dir s dir sd H sd w h sd v t v"))
        .isEqualTo("0|76|76|76|0|76|0|0|63|0|7|2|3|0|");
  }

  /**
   * A symlink's target is bytes of the output tree (a UnixFS symlink holds it; so does the host's
   * disk): it costs its length beside the entry's 512, else entries of 4 KiB targets would store
   * eight times the cap.
   */
  @Test
  void aSymlinkTargetIsChargedAgainstTheOutputCap() {
    String script = "s " + "a".repeat(3000) + " l h l l2";
    long cost = 2 * (512 + 3000);
    WasmOutcome made = run(script, WasmLimits.defaults().withOutputBytes(512 + 2999));
    assertThat(made.status().toString()).isEqualTo("output-limit: /outputs over 3511 bytes");
    WasmOutcome linked = run(script, WasmLimits.defaults().withOutputBytes(cost - 1));
    assertThat(linked.status().toString()).startsWith("output-limit: /outputs over 7023 bytes");
    WasmOutcome within = run(script, WasmLimits.defaults().withOutputBytes(cost));
    assertThat(within.status().toString()).isEqualTo("done");
  }

  /**
   * A link is an entry of the output tree: 512 bytes of the output cap, as a file, and what it
   * holds (a symlink its target, a hard link its file's bytes, read once more by the new name).
   */
  @Test
  void eachLinkIsChargedAgainstTheOutputCap() {
    // "w f" costs 512 + 2 bytes; "s f l" 512 + 1 more, "h f l" 512 + 2.
    for (String link : List.of("s f l", "h f l")) {
      long cost = link.startsWith("h") ? 1028 : 1027;
      WasmOutcome within = run("w f " + link, WasmLimits.defaults().withOutputBytes(cost));
      assertThat(within.status().toString()).as(link).isEqualTo("done");
      WasmOutcome over = run("w f " + link, WasmLimits.defaults().withOutputBytes(1025));
      assertThat(over.status().toString())
          .as(link)
          .isEqualTo("output-limit: /outputs over 1025 bytes");
    }
  }

  /**
   * The output import reads a file once by each of its names, so a file hard-linked many times
   * counts once per name: a job cannot make the import read its cap many times over.
   */
  @Test
  void aHardLinkedFileCountsOncePerNameAgainstTheOutputCap() {
    // Three names of 65536 bytes; then two names of a file grown after it was linked.
    Map<String, Long> bytes =
        Map.of("B f h f a h f b", 3 * (512 + 65536L), "w f h f a B a", 2 * (512 + 65538L));
    bytes.forEach(
        (script, cost) -> {
          WasmOutcome over = run(script, WasmLimits.defaults().withOutputBytes(cost - 1));
          assertThat(over.status().toString())
              .as(script)
              .startsWith("output-limit: /outputs over " + (cost - 1) + " bytes");
          assertThat(over.outputRoot()).as(script).isNull();
          WasmOutcome within = run(script, WasmLimits.defaults().withOutputBytes(cost));
          assertThat(within.status().toString()).as(script).isEqualTo("done");
        });
  }

  /**
   * A write of no bytes far past the end extends nothing and costs nothing (Linux's pwrite of no
   * bytes writes nothing); it must not wrap the output count round to let later writes past the
   * cap.
   */
  @Test
  void aWriteOfNoBytesAtTheLastOffsetCostsNothing() {
    assertThat(out("w f Z f t f")).isEqualTo("0|0|4|1|2|0|");
    WasmOutcome over = run("w f Z f w g w h", WasmLimits.defaults().withOutputBytes(1100));
    assertThat(over.status().toString()).isEqualTo("output-limit: /outputs over 1100 bytes");
  }

  /**
   * A directory is not moved where its entries' host paths would pass PATH_MAX (ENAMETOOLONG):
   * Cairn names scratch entries by their full host paths, so such a tree could not be imported nor
   * deleted after the job, and each job could leave its outputs on the node's disk.
   */
  @Test
  void aDirectoryIsNotMovedPastTheHostsLongestPath() throws Exception {
    String name = "a".repeat(250);
    StringBuilder script = new StringBuilder();
    String deep = name;
    for (int i = 0; i < 15; i++, deep += "/" + name) {
      script.append("d ").append(deep).append(' ');
    }
    deep = deep.substring(0, deep.length() - name.length() - 1); // 15 names: 3764 bytes
    // "b/N/N" moved under it would lie 3764 + 2 + 502 bytes below /outputs; "c" 3766 bytes.
    script.append("d b d b/").append(name).append(" d b/").append(name).append('/').append(name);
    script.append(" m b ").append(deep).append("/b d c m c ").append(deep).append("/c");
    WasmOutcome outcome = run(script.toString());
    assertThat(outcome.status().toString()).isEqualTo("done");
    String printed = new String(WasmFixtures.cat(blocks, outcome.stdout()), StandardCharsets.UTF_8);
    assertThat(printed.replace("\n", "|")).isEqualTo("0|".repeat(18) + "37|0|0|");
    try (Stream<Path> left = Files.list(scratch)) {
      assertThat(left).as("scratch directories left").isEmpty();
    }
  }

  /**
   * An open directory is the directory, not its name, as on Linux and in wasmtime: renamed, it is
   * still where files made through it land, and a new directory at its old name is another one.
   */
  @Test
  void aDirectoryDescriptorFollowsItsDirectoryWhenRenamed() {
    // d sub, o sub, m sub sub2, d sub, W x (made in sub2), c sub2/x, t sub/x (ENOENT), V x
    assertThat(out("d sub o sub m sub sub2 d sub W x c sub2/x t sub/x V x"))
        .isEqualTo("0|0|0|0|0|w|0|44|4|1|2|0|");
    // Its parent renamed: the same.
    assertThat(out("d p d p/q o p/q m p r d p d p/q W x c r/q/x t p/q/x"))
        .isEqualTo("0|0|0|0|0|0|0|w|0|44|");
  }

  /**
   * A removed directory stays removed for a descriptor open on it: nothing can be made or found
   * through it (ENOENT, as Linux answers for an unlinked directory), not even in a new directory
   * made at its name; the descriptor itself still answers fd_filestat_get.
   */
  @Test
  void aDirectoryDescriptorOfARemovedDirectoryFindsNothing() {
    // d sub, o sub, R sub, d sub, W x (ENOENT), t sub/x (ENOENT), V x (ENOENT), S - (a directory)
    assertThat(out("d sub o sub R sub d sub W x t sub/x V x S -"))
        .isEqualTo("0|0|0|0|44|44|44|3|1|0|0|");
    // Replaced by a rename: the one the descriptor held is gone.
    assertThat(out("d a d b o b m a b W x t b/x t a")).isEqualTo("0|0|0|0|44|44|44|");
  }

  /**
   * An open file keeps its links count through renames of it or of its directory, and once its last
   * name is removed (by unlink or by a rename over it) it has none, as fstat(2) answers; a new file
   * made at its old name is not it.
   */
  @Test
  void aFileDescriptorFollowsItsFileWhenRenamedOrRemoved() {
    assertThat(out("O a h a b m a c S -")).isEqualTo("0|0|0|4|2|0|0|");
    assertThat(out("d d O d/f h d/f g m d e S - c e/f")).isEqualTo("0|0|0|0|4|2|0|0|0|");
    // Two names of one file: the rename leaves both, and the descriptor still has two links.
    assertThat(out("O a h a b m a b S - t a")).isEqualTo("0|0|0|4|2|0|0|4|2|0|0|");
    // Unlinked: no links, still written; a new file at its name and its link are another file.
    assertThat(out("O a u a S - w a h a b S - x - S - c a"))
        .isEqualTo("0|0|4|0|0|0|0|0|4|0|0|0|0|4|0|2|0|w|0|");
    assertThat(out("O a w b m b a S - c a")).isEqualTo("0|0|0|4|0|0|0|w|0|");
  }

  @Test
  void linksAreKeptInTheOutputTreeAsIpfsAddKeepsThem() {
    WasmOutcome outcome = run("w f s f l h f g d sub s ../f sub/up s ../../x sub/out");
    assertThat(outcome.status().toString()).isEqualTo("done");
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    Cid up = exporter.resolve(exporter.resolve(outcome.outputRoot(), "sub"), "up");
    UnixFsNode link = exporter.stat(up);
    assertThat(link.kind()).isEqualTo(UnixFsNode.Kind.SYMLINK);
    assertThat(link.symlinkTarget()).isEqualTo("../f");
    Cid f = exporter.resolve(outcome.outputRoot(), "f");
    assertThat(exporter.resolve(outcome.outputRoot(), "g")).isEqualTo(f);
    byte[] w = "w\n".getBytes(StandardCharsets.UTF_8);
    List<ImportEntry> added =
        List.of(
            new ImportEntry.Directory("outputs"),
            new ImportEntry.File("outputs/f", () -> new ByteArrayInputStream(w)),
            new ImportEntry.File("outputs/g", () -> new ByteArrayInputStream(w)),
            new ImportEntry.Symlink("outputs/l", "f"),
            new ImportEntry.Directory("outputs/sub"),
            new ImportEntry.Symlink("outputs/sub/out", "../../x"),
            new ImportEntry.Symlink("outputs/sub/up", "../f"));
    Cid expected =
        new UnixFsImporter(BlockStores.memory(), ImportOptions.defaults())
            .importEntries(added.iterator(), ImportListener.NONE)
            .get(0)
            .cid();
    assertThat(outcome.outputRoot()).isEqualTo(expected);
  }

  /**
   * On the host a guest's link points nowhere: its target is one name no scratch file can have, so
   * a host program that follows it (a backup, a shell) finds nothing, wherever the guest aimed it.
   */
  @Test
  void aLinkOnTheHostNeverResolves() throws Exception {
    for (String target : List.of("../../etc/passwd", "/etc/passwd", "..", ".", "x", "café/..")) {
      Path link = scratch.resolve("link");
      Files.createSymbolicLink(link, Path.of(ScratchNames.encodeLinkTarget(target)));
      assertThat(Files.exists(link)).as(target).isFalse();
      assertThat(Files.readSymbolicLink(link).toString()).doesNotContain("/");
      assertThat(ScratchNames.decodeLinkTarget(Files.readSymbolicLink(link).toString()))
          .isEqualTo(target);
      assertThat(Files.exists(link, LinkOption.NOFOLLOW_LINKS)).isTrue();
      Files.delete(link);
    }
  }
}
