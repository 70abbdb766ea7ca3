package io.cairn.compute.gpu;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A worker that hangs like a kernel that never ends: it starts a child process (as a driver might)
 * and writes the child's process id to the file named by {@code cairn.test.pidfile}, then sleeps.
 */
final class HangingWorker {
  private HangingWorker() {}

  public static void main(String[] args) throws Exception {
    Process child = new ProcessBuilder("sleep", "600").start();
    Path pidFile = Path.of(System.getProperty("cairn.test.pidfile"));
    Path tmp = pidFile.resolveSibling(pidFile.getFileName() + ".tmp");
    Files.writeString(tmp, Long.toString(child.pid()));
    Files.move(tmp, pidFile);
    Thread.sleep(Long.MAX_VALUE);
  }
}
