package io.cairn.compute.gpu;

/** A worker that dies as a driver crash would: a message on stderr and a non-zero exit. */
final class CrashingWorker {
  private CrashingWorker() {}

  public static void main(String[] args) throws Exception {
    System.in.readAllBytes();
    System.err.println("segmentation fault in the driver");
    Runtime.getRuntime().halt(3);
  }
}
