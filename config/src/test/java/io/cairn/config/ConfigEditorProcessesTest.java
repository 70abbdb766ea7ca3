package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config changes made at once by separate processes, as two {@code cairn config KEY VALUE} commands
 * run without a daemon are: each reads the file, changes it and renames a new file over it, so
 * without a lock between processes one could write over a change the other had just made.
 */
class ConfigEditorProcessesTest {
  @TempDir Path tmp;
  private RepoPaths paths;

  @BeforeEach
  void init() {
    paths = new RepoPaths(tmp);
    RepoInitializer.init(paths, List.of(), TestConfigs.IDENTITY);
  }

  @Test
  void changesFromSeparateProcessesAtOnceAllLand() throws Exception {
    int writers = 3;
    int count = 40;
    List<Process> processes = new ArrayList<>();
    try {
      for (int w = 0; w < writers; w++) {
        processes.add(start(ConfigWriter.class, paths.root().toString(), "w" + w, "" + count));
      }
      for (Process p : processes) {
        assertThat(reader(p).readLine()).isEqualTo("ready");
      }
      for (Process p : processes) {
        p.getOutputStream().write('\n');
        p.getOutputStream().flush();
      }
      for (Process p : processes) {
        assertThat(reader(p).readLine()).isEqualTo("done");
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isZero();
      }
    } finally {
      processes.forEach(Process::destroyForcibly);
    }
    JsonNode tokens = ConfigJson.read(paths.config()).path("PinningService").path("Tokens");
    List<String> missing = new ArrayList<>();
    for (int w = 0; w < writers; w++) {
      for (int i = 0; i < count; i++) {
        if (!tokens.has("w" + w + "-" + i)) {
          missing.add("w" + w + "-" + i);
        }
      }
    }
    assertThat(missing).isEmpty();
  }

  @Test
  void aChangeWaitsWhileAnotherProcessChangesTheConfig() throws Exception {
    Process holder = start(ConfigWriter.class, paths.root().toString(), "hold", "1500");
    try {
      assertThat(reader(holder).readLine()).isEqualTo("locked");
      long start = System.nanoTime();
      ConfigEditor.open(paths).set("Datastore.StorageMax", "7GB", ConfigEditor.ValueType.STRING);
      // The holder keeps the lock 1.5 s after saying so: the change waited for it.
      assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
          .isGreaterThan(java.time.Duration.ofSeconds(1));
    } finally {
      holder.destroyForcibly();
    }
    assertThat(ConfigEditor.open(paths).get("Datastore.StorageMax")).isEqualTo("7GB");
  }

  @Test
  void aLockHeldPastTheBoundIsAClearErrorAndFreeOnceItsHolderEnds() throws Exception {
    Process holder = start(ConfigWriter.class, paths.root().toString(), "hold", "60000");
    try {
      assertThat(reader(holder).readLine()).isEqualTo("locked");
      assertThatThrownBy(
              () -> ConfigFileLock.take(paths.configLockFile(), java.time.Duration.ofMillis(300)))
          .isInstanceOf(ConfigException.class)
          .hasMessage(
              "cannot change the config: another process has held "
                  + paths.configLockFile()
                  + " for more than 300 ms (a 'cairn config' command that hangs?); try again once"
                  + " it ends");
    } finally {
      holder.destroyForcibly();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    try (ConfigFileLock held =
        ConfigFileLock.take(paths.configLockFile(), java.time.Duration.ofMillis(300))) {
      assertThat(held).isNotNull();
    }
  }

  @Test
  void theDaemonsRepoLockDoesNotKeepChangesOut() {
    // The daemon holds repo.lock for its whole run and changes the config through its API.
    try (RepoLock daemon = RepoLock.acquireForDaemon(paths)) {
      ConfigEditor.open(paths).set("Import.CidVersion", "1", ConfigEditor.ValueType.STRING);
      assertThat(daemon.isHeld()).isTrue();
    }
    assertThat(ConfigEditor.open(paths).get("Import.CidVersion")).isEqualTo("1");
  }

  private final java.util.Map<Process, BufferedReader> readers = new java.util.HashMap<>();

  private BufferedReader reader(Process p) {
    return readers.computeIfAbsent(
        p,
        q -> new BufferedReader(new InputStreamReader(q.getInputStream(), StandardCharsets.UTF_8)));
  }

  static Process start(Class<?> main, String... args) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new ArrayList<>();
    command.addAll(List.of(java, "-cp", System.getProperty("java.class.path"), main.getName()));
    command.addAll(List.of(args));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
