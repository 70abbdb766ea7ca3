package io.cairn.compute.gpu;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Arrays;

/**
 * A worker that does as the real one does with files but needs no GPU: it reads the request, fills
 * each output buffer with the bytes of the first input buffer (cut or zero-padded to its size),
 * prints every buffer's file on standard error, and replies done.
 */
final class CopyingWorker {
  private CopyingWorker() {}

  public static void main(String[] args) throws Exception {
    PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, false, StandardCharsets.UTF_8);
    WorkerRequest request =
        WorkerRequest.read(new DataInputStream(new BufferedInputStream(System.in)));
    byte[] first = null;
    for (WorkerRequest.Arg arg : request.args()) {
      if (arg instanceof WorkerRequest.Buffer b) {
        err.println(b.file());
        if (!b.output() && first == null) {
          first = Files.readAllBytes(b.file());
        }
      }
    }
    for (WorkerRequest.Arg arg : request.args()) {
      if (arg instanceof WorkerRequest.Buffer b && b.output()) {
        byte[] bytes = first == null ? new byte[0] : first;
        Files.write(b.file(), Arrays.copyOf(bytes, (int) b.bytes()));
      }
    }
    err.flush();
    out.println(WorkerReply.done(1, "").line());
    out.flush();
    System.exit(0);
  }
}
