package io.cairn.storage.rocksdb;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/** A second JVM running a main class of the test sources on this JVM's class path. */
final class ChildJvm implements AutoCloseable {
  private static final String END = "\0end";

  private final Process process;
  private final Path errors;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;
  private boolean ended;

  private ChildJvm(Process process, Path errors) {
    this.process = process;
    this.errors = errors;
    // Read on a thread of its own, so lines printed just before a kill are not lost.
    this.reader =
        Thread.ofPlatform()
            .daemon()
            .start(
                () -> {
                  try (BufferedReader out =
                      new BufferedReader(
                          new InputStreamReader(
                              process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                      lines.add(line);
                    }
                  } catch (IOException e) {
                    // the child is gone
                  } finally {
                    lines.add(END);
                  }
                });
  }

  static ChildJvm start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx256m");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path errors = Files.createTempFile("child-jvm", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(errors.toFile()))
            .start();
    return new ChildJvm(p, errors);
  }

  /** The next line the child printed, or null once its output has ended. */
  String readLine() throws IOException {
    if (ended) {
      return null;
    }
    try {
      String line = lines.take();
      if (line.equals(END)) {
        ended = true;
        return null;
      }
      return line;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while reading the child's output", e);
    }
  }

  /** Kills the child with SIGKILL and waits for it to end. */
  void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
    reader.join();
  }

  /** Reads lines until one starts with {@code prefix}; fails with the child's errors if none. */
  String await(String prefix) throws IOException {
    for (String line = readLine(); line != null; line = readLine()) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("child ended before printing '" + prefix + "': " + errors());
  }

  Process process() {
    return process;
  }

  String errors() throws IOException {
    return Files.readString(errors);
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(errors);
  }
}
