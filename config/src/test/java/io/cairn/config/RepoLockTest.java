package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RepoLockTest {
  @TempDir Path tmp;

  @Test
  void anotherProcessHoldingTheLockKeepsUsOut() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    Process holder = startHolder(paths);
    try {
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");
      assertThatThrownBy(() -> RepoLock.acquire(paths))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage(
              "repo at " + tmp + " is locked by another process (is a cairn daemon running?)");
    } finally {
      holder.getOutputStream().close();
      assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(holder.exitValue()).isZero();
    try (RepoLock lock = RepoLock.acquire(paths)) {
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  void aKilledHolderReleasesTheLock() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    Process holder = startHolder(paths);
    BufferedReader out =
        new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("locked");
    holder.destroyForcibly();
    assertThat(holder.waitFor(30, TimeUnit.SECONDS)).isTrue();
    try (RepoLock lock = RepoLock.acquire(paths)) {
      assertThat(lock.isHeld()).isTrue();
    }
  }

  @Test
  void theSameProcessCannotTakeItTwice() {
    RepoPaths paths = new RepoPaths(tmp);
    try (RepoLock first = RepoLock.acquire(paths)) {
      assertThatThrownBy(() -> RepoLock.acquire(paths))
          .hasMessageContaining("is locked by another process");
      assertThat(first.isHeld()).isTrue();
    }
    RepoLock again = RepoLock.acquire(paths);
    again.close();
    again.close();
    assertThat(again.isHeld()).isFalse();
  }

  @Test
  void aRefusedSecondTakeInTheSameProcessKeepsOtherProcessesOut() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    try (RepoLock first = RepoLock.acquire(paths)) {
      assertThatThrownBy(() -> RepoLock.acquire(paths))
          .hasMessageContaining("is locked by another process");
      assertThat(RepoLock.isLocked(paths)).isTrue();
      Process other = startHolder(paths);
      other.getOutputStream().close();
      BufferedReader out =
          new BufferedReader(new InputStreamReader(other.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("refused");
      assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(RepoLock.isLocked(paths)).isFalse();
  }

  @Test
  void aDaemonRecordLeftByAKilledDaemonNamesNoDaemon() throws Exception {
    RepoPaths paths = new RepoPaths(tmp);
    // A daemon killed with SIGKILL leaves its record; its process ID may since belong to a live
    // process that is no daemon (in a container, even to the command that reads the record).
    java.nio.file.Files.writeString(paths.daemonPidFile(), ProcessHandle.current().pid() + "\n");
    assertThat(RepoLock.isLocked(paths)).isFalse();
    assertThat(RepoLock.daemon(paths)).isEmpty();
    try (RepoLock held = RepoLock.acquireForDaemon(paths)) {
      assertThat(RepoLock.daemon(paths)).contains(ProcessHandle.current());
    }
    assertThat(RepoLock.daemon(paths)).isEmpty();
  }

  @Test
  void aLockTakenWhileAnotherCommandProbesItIsTakenOnceTheProbeEnds() throws Exception {
    // A command looking for a daemon holds a shared lock for a moment (isLocked): a daemon that
    // starts at that moment must not fail as if another held the repo.
    RepoPaths paths = new RepoPaths(tmp);
    RepoLock.acquire(paths).close(); // creates the lock file
    Process probe = startHolder(paths, "50");
    BufferedReader out =
        new BufferedReader(new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8));
    assertThat(out.readLine()).isEqualTo("probing");

    try (RepoLock held = RepoLock.acquire(paths)) {
      assertThat(held.isHeld()).isTrue();
    }
    assertThat(probe.waitFor(30, TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void thereIsNothingToLockWithoutARepo() {
    RepoPaths paths = new RepoPaths(tmp.resolve("missing"));
    assertThatThrownBy(() -> RepoLock.acquire(paths))
        .hasMessage("no Cairn repo at " + paths.root() + "; run 'cairn init'");
    assertThat(java.nio.file.Files.exists(paths.root())).isFalse();
  }

  private static Process startHolder(RepoPaths paths, String... more) throws Exception {
    String java = ProcessHandle.current().info().command().orElse("java");
    List<String> command = new java.util.ArrayList<>();
    command.addAll(
        List.of(
            java,
            "-cp",
            System.getProperty("java.class.path"),
            LockHolder.class.getName(),
            paths.root().toString()));
    command.addAll(List.of(more));
    return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
  }
}
