package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.ChildJvm;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.testing.WebFileServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of an {@code add --nocopy}, of a file (the filestore) and of a URL
 * (the urlstore), leaves a repo that opens and verifies: {@code repo verify} is clean and {@code
 * filestore verify} lists only references that read back ({@code ok}), or none; the same add then
 * completes. The add runs in a child JVM ({@code io.cairn.node.Main}) that writes the repo itself,
 * killed with SIGKILL when its progress events pass half the file, and once just after it printed
 * the root.
 */
@Tag("crash")
class CrashDuringNocopyAddIT {
  private static final long SIZE = 64L * 1024 * 1024;

  @TempDir Path tmp;

  @Test
  void aKilledNocopyAddLeavesOnlyReferencesThatReadBack() throws Exception {
    Path file =
        TestData.file(Files.createDirectories(tmp.resolve("data")).resolve("big.bin"), 64, SIZE);
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    cli.ok("config", "--json", "Experimental.FilestoreEnabled", "true");
    cli.ok("config", "--json", "Experimental.UrlstoreEnabled", "true");
    String expected = cli.ok("add", "-Q", "-n", "--raw-leaves", file.toString()).out().strip();
    // References of an add that completed before the kills: they must all survive them.
    Path kept = TestData.file(tmp.resolve("data/kept.bin"), 65, 600_000);
    cli.ok("add", "--nocopy", kept.toString());
    List<String> keptRefs = cli.ok("filestore", "verify").lines();
    assertThat(keptRefs).hasSize(3).allMatch(l -> l.startsWith("ok "));
    try (WebFileServer server = WebFileServer.start()) {
      String url = server.serve("/web/big.bin", Files.readAllBytes(file)).toString();
      for (String source : List.of(file.toString(), url)) {
        for (boolean afterRoot : List.of(false, true)) {
          killedAddLeavesAConsistentRepo(cli, source, afterRoot, expected, keptRefs);
        }
      }
    }
  }

  private static void killedAddLeavesAConsistentRepo(
      Cli cli, String source, boolean afterRoot, String expected, List<String> keptRefs)
      throws Exception {
    long reached = addAndKill(cli, source, afterRoot);
    System.out.println("add --nocopy " + source + " killed at " + reached + " of " + SIZE);
    if (!afterRoot) {
      assertThat(reached).as("the add was killed before it ended").isLessThan(SIZE);
    }

    assertThat(cli.ok("repo", "verify").out())
        .as("after a kill during add --nocopy %s", source)
        .isEqualTo("verify complete, all blocks validated.\n");
    List<String> left = cli.ok("filestore", "verify").lines();
    System.out.println("  references left by the killed add: " + (left.size() - keptRefs.size()));
    assertThat(left).allMatch(l -> l.startsWith("ok ")).containsAll(keptRefs);
    assertThat(cli.ok("pin", "verify").out()).isEmpty();

    // The same add completes, and every reference reads back.
    assertThat(cli.ok("add", "-Q", "--nocopy", source).out().strip()).isEqualTo(expected);
    List<String> refs = cli.ok("filestore", "verify").lines();
    assertThat(refs).isNotEmpty().allMatch(l -> l.startsWith("ok "));
    cli.ok("pin", "rm", expected);
    cli.ok("repo", "gc", "--silent");
    assertThat(cli.ok("filestore", "verify").lines()).containsExactlyInAnyOrderElementsOf(keptRefs);
  }

  /**
   * Runs {@code add --nocopy} of {@code source} in a child JVM, killed past half the file or, with
   * {@code afterRoot}, just after it printed the root (around the moment the pin commits).
   */
  private static long addAndKill(Cli cli, String source, boolean afterRoot) throws Exception {
    long reached = 0;
    String[] add = {
      "--repo-dir", cli.repo().toString(), "add", "--nocopy", "--progress", "--enc=json", source
    };
    try (ChildJvm child = ChildJvm.start("io.cairn.node.Main", add)) {
      reached =
          CrashDuringAddIT.AddProgress.until(child, bytes -> !afterRoot && bytes >= SIZE / 2)
              .bytes();
      child.kill();
    }
    return reached;
  }
}
