package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.ChildJvm;
import io.cairn.storage.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} during a large {@code add} leaves a repo that opens, verifies, and holds no pin
 * to a partial DAG; garbage collection removes what the killed adds wrote, and adding the file
 * again completes and reads back the same bytes.
 *
 * <p>The add runs in a child JVM ({@code io.cairn.node.Main}, as the launcher runs it) with {@code
 * --progress --enc=json}, whose progress events say how far it got; it is killed with SIGKILL when
 * they pass a chosen share of the file, and once just after it printed the root (around the moment
 * the pin commits).
 */
@Tag("crash")
class CrashDuringAddIT {
  private static final long SIZE = 400L * 1024 * 1024;
  private static final long SEED = 400;

  @TempDir Path tmp;

  /** Where to kill: after this share of the bytes, or (when negative) after the root's event. */
  private record Kill(double share) {
    boolean afterRoot() {
      return share < 0;
    }
  }

  @Test
  void aKilledAddLeavesARepoThatVerifiesAndPinsNoPartialDag() throws Exception {
    Path file = TestData.file(tmp.resolve("big.bin"), SEED, SIZE);
    Cli cli = Cli.init(tmp.resolve("repo"), Cli.Mode.IN_PROCESS);
    List<List<String>> pinsAfterKills = new ArrayList<>();

    for (Kill kill : List.of(new Kill(0.03), new Kill(0.5), new Kill(0.97), new Kill(-1))) {
      long reached = addAndKill(cli, file, kill);
      String context = "after a kill at " + reached + " of " + SIZE + " bytes (" + kill + ")";
      System.out.println("add killed at " + reached + " of " + SIZE + " bytes");

      // The repo opens and every stored block matches its hash.
      assertThat(cli.ok("repo", "verify").out())
          .as(context)
          .isEqualTo("verify complete, all blocks validated.\n");
      // No pin points at a DAG with a missing block.
      assertThat(cli.ok("pin", "verify").out()).as(context).isEmpty();
      pinsAfterKills.add(cli.ok("pin", "ls", "-q", "-t", "recursive").lines());
      System.out.println(
          "  repo holds "
              + cli.ok("repo", "stat", "--enc=json").json().get("NumObjects")
              + " blocks, pins "
              + pinsAfterKills.getLast());
    }

    // Blocks of the killed adds that no pin holds are garbage.
    cli.ok("pin", "ls", "-q", "-t", "recursive")
        .lines()
        .forEach(pinned -> cli.ok("pin", "rm", pinned));
    cli.ok("repo", "gc", "--silent");
    assertThat(cli.ok("repo", "stat", "--enc=json").json().get("NumObjects").asLong()).isZero();

    // A fresh add of the same file completes and reads back the same bytes.
    String root = cli.ok("add", "-Q", file.toString()).out().strip();
    assertThat(pinsAfterKills)
        .as("the only pin a killed add may leave is that of the whole file")
        .allSatisfy(pins -> assertThat(pins).isSubsetOf(root));
    assertThat(cli.ok("pin", "verify", "--verbose").lines()).containsExactly(root + " ok");
    assertThat(catDigest(cli, root)).isEqualTo(digest(TestData.stream(SEED, SIZE)));
  }

  /**
   * How far a child's {@code add --progress --enc=json} got: the bytes its progress events reached,
   * and whether it printed a root.
   */
  record AddProgress(long bytes, boolean root) {
    private static final Pattern BYTES = Pattern.compile("\"Bytes\":(\\d+)");

    /** Reads the child's events until {@code stop} accepts the bytes reached, or a root comes. */
    static AddProgress until(ChildJvm child, LongPredicate stop) throws InterruptedException {
      long reached = 0;
      for (String line = child.readLine(60); line != null; line = child.readLine(60)) {
        Matcher bytes = BYTES.matcher(line);
        if (bytes.find()) {
          reached = Long.parseLong(bytes.group(1));
          if (stop.test(reached)) {
            return new AddProgress(reached, false);
          }
        } else if (line.contains("\"Hash\"")) {
          return new AddProgress(reached, true);
        }
      }
      return new AddProgress(reached, false);
    }
  }

  /** Runs {@code add} on {@code file} in a child JVM and kills it at {@code kill}. */
  private static long addAndKill(Cli cli, Path file, Kill kill) throws Exception {
    long reached = 0;
    try (ChildJvm child =
        ChildJvm.start(
            "io.cairn.node.Main",
            "--repo-dir",
            cli.repo().toString(),
            "add",
            "--progress",
            "--enc=json",
            file.toString())) {
      AddProgress p =
          AddProgress.until(child, bytes -> !kill.afterRoot() && bytes >= kill.share() * SIZE);
      reached = p.bytes();
      if (p.root()) {
        assertThat(kill.afterRoot()).as("the add finished before the kill point").isTrue();
      }
      child.kill();
    }
    return reached;
  }

  private static String catDigest(Cli cli, String cid) {
    MessageDigest sha = sha256();
    Run run =
        cli.runInto(
            new DigestOutputStream(OutputStream.nullOutputStream(), sha), new byte[0], "cat", cid);
    assertThat(run.exit()).as("cat: %s", run.err()).isZero();
    return HexFormat.of().formatHex(sha.digest());
  }

  private static String digest(InputStream in) {
    MessageDigest sha = sha256();
    try (in;
        OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), sha)) {
      in.transferTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return HexFormat.of().formatHex(sha.digest());
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
