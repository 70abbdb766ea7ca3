package io.cairn.compute.gpu;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalLong;

/**
 * A worker that prints as a kernel's {@code printf} and the driver would, on standard output and
 * error, then replies done with a kernel time and an energy reading.
 */
final class PrintingWorker {
  static final String STDOUT = "thread 0: y[0] = 2.0\nthread 1: y[1] = 4.0\n";
  static final String STDERR = "driver: note\n";

  private PrintingWorker() {}

  public static void main(String[] args) throws Exception {
    System.in.readAllBytes();
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    out.print(STDOUT);
    out.println(WorkerReply.done(1234, OptionalLong.of(42), "").line());
    out.flush();
    System.err.print(STDERR);
    System.err.flush();
    System.exit(0);
  }
}
