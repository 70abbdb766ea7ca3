package io.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.chain.DevChains;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher runs the CLI and the daemon from a copy of the build that later builds leave alone
 * ({@code cairn_install_dist} in scripts/env.sh): a build rewrites node/target's jars in place, and
 * a daemon that ran from them could no longer load classes (its API answered nothing and {@code
 * cairn shutdown} left it hanging). These run the real shell functions on small stand-in jars.
 */
class LauncherCopyTest {
  @TempDir Path tmp;

  @Test
  void aCopyIsLeftAloneByLaterBuildsAndRemovedOnceNothingRunsFromIt() throws Exception {
    Path target = tmp.resolve("target");
    Path root = tmp.resolve("dist");
    write(target.resolve("cairn.jar"), "cli 1", 1_000);
    write(target.resolve("lib/dependency.jar"), "dependency", 1_000);
    write(target.resolve("lib/cairn-storage.jar"), "storage 1", 1_000);

    Path first = install(target, root);
    assertThat(read(first.resolve("cairn.jar"))).isEqualTo("cli 1");
    assertThat(read(first.resolve("lib/cairn-storage.jar"))).isEqualTo("storage 1");

    // A build rewrites the jars in place (same files), as Maven does.
    write(target.resolve("cairn.jar"), "cli 2", 2_000);
    write(target.resolve("lib/cairn-storage.jar"), "storage 2", 2_000);
    assertThat(read(first.resolve("cairn.jar"))).isEqualTo("cli 1");
    assertThat(read(first.resolve("lib/cairn-storage.jar"))).isEqualTo("storage 1");

    Path second = install(target, root);
    assertThat(second).isNotEqualTo(first);
    assertThat(read(second.resolve("cairn.jar"))).isEqualTo("cli 2");
    assertThat(read(second.resolve("lib/cairn-storage.jar"))).isEqualTo("storage 2");
    // An unchanged jar is shared, a changed one copied.
    assertThat(inode(second.resolve("lib/dependency.jar")))
        .isEqualTo(inode(first.resolve("lib/dependency.jar")));
    assertThat(inode(second.resolve("lib/dependency.jar")))
        .isNotEqualTo(inode(target.resolve("lib/dependency.jar")));

    // A daemon still runs from the first copy while a third is made: the first is kept, and so is
    // the second, which was current until then (a command may have chosen it and not started).
    Process daemon =
        new ProcessBuilder("sh", "-c", "sleep 60; :", first.resolve("cairn.jar").toString())
            .start();
    Path third;
    try {
      third = install(target, root);
      assertThat(list(root))
          .containsExactlyInAnyOrder("current", name(first), name(second), name(third));
    } finally {
      daemon.descendants().forEach(ProcessHandle::destroy);
      daemon.destroy();
      daemon.waitFor(10, TimeUnit.SECONDS);
    }

    // Once nothing runs from them, the older copies go at the next build.
    Path fourth = install(target, root);
    assertThat(list(root)).containsExactlyInAnyOrder("current", name(third), name(fourth));
  }

  private static String name(Path dir) {
    return dir.getFileName().toString();
  }

  @Test
  void nothingIsInstalledWithoutABuild() throws Exception {
    Path root = tmp.resolve("dist");
    bash("cairn_install_dist \"$1\" \"$2\"; cairn_current_dist \"$2\"", tmp.resolve("none"), root);
    assertThat(root).doesNotExist();
  }

  private static List<String> list(Path root) throws IOException {
    try (Stream<Path> names = Files.list(root)) {
      return names.map(p -> p.getFileName().toString()).toList();
    }
  }

  /** Runs cairn_install_dist and returns the current copy it made. */
  private Path install(Path target, Path root) throws Exception {
    // Copies are named by the second and the shell's process ID: never two in one second here.
    Thread.sleep(1_100);
    String out =
        bash("cairn_install_dist \"$1\" \"$2\" && cairn_current_dist \"$2\"", target, root);
    Path dir = Path.of(out.strip());
    assertThat(dir.getParent()).isEqualTo(root);
    return dir;
  }

  private static String bash(String script, Path a, Path b) throws Exception {
    Path env = DevChains.projectRoot().resolve("scripts/env.sh");
    Process p =
        new ProcessBuilder(
                List.of(
                    "bash",
                    "-c",
                    ". \"$0\"; " + script,
                    env.toString(),
                    a.toString(),
                    b.toString()))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    return out;
  }

  private static void write(Path file, String text, long secondsAfterEpoch) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, text);
    Files.setLastModifiedTime(file, FileTime.from(Instant.ofEpochSecond(secondsAfterEpoch)));
  }

  private static String read(Path file) throws IOException {
    return Files.readString(file);
  }

  private static Object inode(Path file) throws IOException {
    return Files.getAttribute(file, "unix:ino");
  }
}
