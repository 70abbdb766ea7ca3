package io.cairn.compute.gpu;

import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Starts a worker JVM: the same {@code java} binary and class path as this process, running {@code
 * mainClass}, with the worker's standard output and error sent to files.
 */
final class WorkerLauncher {
  /** Worker heap: host-device copies go through mapped files, so the heap stays small. */
  static final String HEAP = "-Xmx256m";

  private final String mainClass;
  private final List<String> jvmOptions;

  WorkerLauncher(String mainClass, List<String> jvmOptions) {
    this.mainClass = Objects.requireNonNull(mainClass, "mainClass");
    this.jvmOptions = List.copyOf(jvmOptions);
  }

  /** The real worker, {@link GpuWorker}. */
  static WorkerLauncher gpuWorker() {
    return new WorkerLauncher(GpuWorker.class.getName(), List.of());
  }

  Process start(List<String> args, Path stdout, Path stderr) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add(HEAP);
    command.add("-XX:+UseSerialGC");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("--enable-native-access=ALL-UNNAMED"); // JCuda loads its JNI library
    command.addAll(jvmOptions);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(mainClass);
    command.addAll(args);
    return new ProcessBuilder(command)
        .redirectOutput(stdout.toFile())
        .redirectError(stderr.toFile())
        .start();
  }

  /** This JVM's own {@code java}, else the one under {@code java.home}. */
  static String javaBinary() {
    return ProcessHandle.current()
        .info()
        .command()
        .orElse(Path.of(System.getProperty("java.home"), "bin", "java" + exeSuffix()).toString());
  }

  private static String exeSuffix() {
    return File.separatorChar == '\\' ? ".exe" : "";
  }

  /** Kills the process and every process it started, at once. */
  static void killTree(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }
}
