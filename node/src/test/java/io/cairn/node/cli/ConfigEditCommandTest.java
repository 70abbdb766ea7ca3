package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.config.ConfigEditor;
import io.cairn.config.RepoPaths;
import io.cairn.node.Main;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cairn config edit} with {@code $EDITOR} set to a shell script, run as a user runs it: in a
 * process of its own, as the editor comes from the environment. The editor works on a copy, which
 * replaces the config only if it is valid and nothing changed the config meanwhile.
 */
class ConfigEditCommandTest {
  private static final Pattern KEPT = Pattern.compile("your edit is kept in (\\S+)");

  @TempDir Path tmp;
  private Path repo;
  private String before;

  @BeforeEach
  void init() throws IOException {
    repo = tmp.resolve("repo");
    Cli.init(repo, Cli.Mode.IN_PROCESS);
    before = config();
  }

  @Test
  void aValidEditIsWrittenFromAPrivateCopyInTheRepo() throws Exception {
    Result run =
        edit(
            "stat -c %a \"$1\" > '" + tmp.resolve("mode") + "'",
            "dirname \"$1\" > '" + tmp.resolve("dir") + "'",
            "sed -i 's#/ip4/127.0.0.1/tcp/5001#/ip4/127.0.0.1/tcp/5002#' \"$1\"");

    assertThat(run.exit()).as(run.err()).isZero();
    assertThat(run.err()).isEmpty();
    assertThat(config()).contains("\"API\": \"/ip4/127.0.0.1/tcp/5002\"");
    assertThat(Files.readString(tmp.resolve("mode")).strip()).isEqualTo("600");
    assertThat(Path.of(Files.readString(tmp.resolve("dir")).strip())).isEqualTo(repo);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(repo.resolve("config"))))
        .isEqualTo("rw-------");
    assertThat(copies()).isEmpty();
  }

  @Test
  void anInvalidEditLeavesTheConfigAsItWasAndKeepsTheEdit() throws Exception {
    Result run = edit("sed -i 's#/ip4/127.0.0.1/tcp/5001#not-an-address#' \"$1\"");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err())
        .startsWith("Error: the edited config: Addresses.API")
        .contains("not-an-address");
    assertThat(config()).isEqualTo(before);
    Path kept = kept(run);
    assertThat(Files.readString(kept)).contains("\"API\": \"not-an-address\"");
    assertThat(copies()).containsExactly(kept);
  }

  @Test
  void aChangeMadeWhileTheEditorIsOpenIsNotOverwritten() throws Exception {
    // The editor reads the file when it opens and writes it back when it saves, as editors do;
    // meanwhile another command changes the config.
    Path ready = tmp.resolve("ready");
    Path go = tmp.resolve("go");
    Process editing =
        start(
            script(
                "text=$(cat \"$1\")",
                "touch '" + ready + "'",
                "while [ ! -e '" + go + "' ]; do sleep 0.05; done",
                "printf '%s\\n' \"$text\" | sed 's#tcp/5001#tcp/5002#' > \"$1\""));
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(ready) && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      assertThat(ready).exists();
      ConfigEditor.open(new RepoPaths(repo))
          .set("Datastore.StorageMax", "7GB", ConfigEditor.ValueType.STRING);
      Files.createFile(go);
      Result run = finish(editing);

      assertThat(run.exit()).isEqualTo(1);
      assertThat(run.err())
          .startsWith("Error: the config changed while it was being edited; your edit is kept in ");
      assertThat(config()).contains("\"StorageMax\": \"7GB\"").contains("tcp/5001");
      assertThat(Files.readString(kept(run))).contains("tcp/5002");
    } finally {
      editing.destroyForcibly();
    }
  }

  @Test
  void anUnchangedEditWritesNothing() throws Exception {
    FileTime modified = FileTime.fromMillis(1_000_000_000_000L);
    Files.setLastModifiedTime(repo.resolve("config"), modified);

    Result run = edit(":");

    assertThat(run.exit()).isZero();
    assertThat(run.err()).isEqualTo("Edit cancelled, no changes made.\n");
    assertThat(config()).isEqualTo(before);
    assertThat(Files.getLastModifiedTime(repo.resolve("config"))).isEqualTo(modified);
    assertThat(copies()).isEmpty();
  }

  @Test
  void anEditorThatFailsLeavesTheConfigAndRemovesTheCopy() throws Exception {
    Result run = edit("printf 'half a save' > \"$1\"", "exit 3");

    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("Error: editor exited with status 3\n");
    assertThat(config()).isEqualTo(before);
    assertThat(copies()).isEmpty();
  }

  /**
   * A command stopped while the editor is open (SIGTERM, or Ctrl-C in the terminal) leaves the
   * config as it was and no copy behind: the copy holds the private key.
   */
  @Test
  void aCommandStoppedWhileTheEditorIsOpenLeavesNoCopy() throws Exception {
    Path ready = tmp.resolve("ready");
    Process editing =
        start(script("sed -i 's#tcp/5001#tcp/5002#' \"$1\"", "touch '" + ready + "'", "sleep 20"));
    try {
      awaitFile(ready);
      assertThat(copies()).hasSize(1);
      editing.destroy();
      assertThat(editing.waitFor(30, TimeUnit.SECONDS)).isTrue();

      assertThat(config()).isEqualTo(before);
      assertThat(copies()).isEmpty();
    } finally {
      editing.destroyForcibly();
    }
  }

  /**
   * A SIGTERM sent to the command alone leaves its editor running: the command stops the editor
   * before removing the copy, or an editor saving afterwards would write the private key there
   * again.
   */
  @Test
  void anEditorThatWouldSaveAfterTheCommandStoppedIsStoppedFirst() throws Exception {
    Path ready = tmp.resolve("ready");
    Path go = tmp.resolve("go");
    Path saved = tmp.resolve("saved");
    Process editing =
        start(
            script(
                "touch '" + ready + "'",
                "while [ ! -e '" + go + "' ]; do sleep 0.05; done",
                // As an editor saves: the file is written whether or not it is still there.
                "printf '{}' > \"$1\"",
                "touch '" + saved + "'"));
    try {
      awaitFile(ready);
      editing.destroy();
      assertThat(editing.waitFor(30, TimeUnit.SECONDS)).isTrue();
      Files.createFile(go);
      // A running editor sees the file within 50 ms and saves at once.
      Thread.sleep(1000);

      assertThat(saved).doesNotExist();
      assertThat(copies()).isEmpty();
      assertThat(config()).isEqualTo(before);
    } finally {
      editing.destroyForcibly();
    }
  }

  private static void awaitFile(Path file) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (!Files.exists(file) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(file).exists();
  }

  private record Result(int exit, String err) {}

  private Result edit(String... lines) throws Exception {
    return finish(start(script(lines)));
  }

  private Path script(String... lines) throws IOException {
    Path script = Files.createTempFile(tmp, "editor-", ".sh");
    List<String> text = new ArrayList<>();
    text.add("#!/bin/sh");
    text.add("set -e");
    text.addAll(List.of(lines));
    Files.write(script, text);
    script.toFile().setExecutable(true);
    return script;
  }

  /** Runs {@code cairn config edit} with {@code $EDITOR} set to {@code editor}. */
  private Process start(Path editor) throws IOException {
    String java = ProcessHandle.current().info().command().orElse("java");
    ProcessBuilder builder =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName(),
                "--repo-dir",
                repo.toString(),
                "config",
                "edit")
            .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    builder.environment().put("EDITOR", editor.toString());
    builder.environment().remove("CAIRN_PATH");
    return builder.start();
  }

  private static Result finish(Process process) throws Exception {
    String err = new String(process.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
    return new Result(process.exitValue(), err);
  }

  private Path kept(Result run) {
    Matcher m = KEPT.matcher(run.err());
    assertThat(m.find()).as(run.err()).isTrue();
    Path kept = Path.of(m.group(1));
    assertThat(kept.getParent()).isEqualTo(repo);
    return kept;
  }

  /** The config file's text: it is UTF-8, so equal text is equal bytes. */
  private String config() throws IOException {
    return Files.readString(repo.resolve("config"));
  }

  private List<Path> copies() throws IOException {
    try (Stream<Path> files = Files.list(repo)) {
      return files.filter(f -> f.getFileName().toString().startsWith("config-edit-")).toList();
    }
  }
}
