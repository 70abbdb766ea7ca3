package io.cairn.compute.gpu;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * A worker whose kernel prints a line, then runs until the file named by {@code cairn.test.go}
 * exists, then prints a second line and a partial third, and replies done.
 */
final class SlowPrintingWorker {
  static final String FIRST = "kernel: step 1 of 2\n";
  static final String REST = "kernel: step 2 of 2\nno newline";

  private SlowPrintingWorker() {}

  public static void main(String[] args) throws Exception {
    System.in.readAllBytes();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(FIRST);
    out.flush();
    Path go = Path.of(System.getProperty("cairn.test.go"));
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (!Files.exists(go) && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    out.print(REST);
    out.println();
    out.println(WorkerReply.done(1, OptionalLong.empty(), "").line());
    out.flush();
    System.exit(0);
  }
}
