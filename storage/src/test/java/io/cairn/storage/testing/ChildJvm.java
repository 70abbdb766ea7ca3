package io.cairn.storage.testing;

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
import java.util.concurrent.TimeUnit;

/**
 * A second JVM running a main class on this JVM's class path (the {@code cairn} CLI itself, or a
 * test helper), with its stdout read line by line on a thread of its own and its stderr in a file.
 */
public final class ChildJvm implements AutoCloseable {
  private static final String END = "\0end";

  private final Process process;
  private final Path errors;
  private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
  private final Thread reader;

  private ChildJvm(Process process, Path errors) {
    this.process = process;
    this.errors = errors;
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

  /** Starts {@code main} with {@code args} in a JVM of at most 512 MiB of heap. */
  public static ChildJvm start(Class<?> main, String... args) throws IOException {
    return start(main.getName(), args);
  }

  /** Starts the class named {@code main} with {@code args}, as {@link #start(Class, String...)}. */
  public static ChildJvm start(String main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main);
    command.addAll(List.of(args));
    Path errors = Files.createTempFile("cairn-child", ".err");
    Process p =
        new ProcessBuilder(command)
            .redirectError(ProcessBuilder.Redirect.to(errors.toFile()))
            .start();
    return new ChildJvm(p, errors);
  }

  /** The next line of stdout, or null once it has ended; fails after {@code seconds}. */
  public String readLine(long seconds) throws InterruptedException {
    String line = lines.poll(seconds, TimeUnit.SECONDS);
    if (line == null) {
      throw new AssertionError("child printed nothing for " + seconds + " s; stderr: " + errors());
    }
    if (line.equals(END)) {
      lines.add(END);
      return null;
    }
    return line;
  }

  /** Kills the child with SIGKILL and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly();
    process.waitFor();
  }

  /**
   * Reads lines until one starts with {@code prefix}, waiting at most {@code seconds} for each;
   * fails with the child's errors if its output ends first.
   */
  public String await(String prefix, long seconds) throws InterruptedException {
    for (String line = readLine(seconds); line != null; line = readLine(seconds)) {
      if (line.startsWith(prefix)) {
        return line;
      }
    }
    throw new AssertionError("child ended before printing '" + prefix + "': " + errors());
  }

  /** Writes a line to the child's stdin. */
  public void sendLine(String line) throws IOException {
    process.getOutputStream().write((line + "\n").getBytes(StandardCharsets.UTF_8));
    process.getOutputStream().flush();
  }

  /** Closes the child's stdin (helpers that hold something release it then). */
  public void closeInput() throws IOException {
    process.getOutputStream().close();
  }

  /** Waits for the child to exit and returns its exit code. */
  public int waitFor(long seconds) throws InterruptedException {
    if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
      throw new AssertionError("child did not exit in " + seconds + " s; stderr: " + errors());
    }
    return process.exitValue();
  }

  public String errors() {
    try {
      return Files.readString(errors);
    } catch (IOException e) {
      return "(unreadable: " + e.getMessage() + ")";
    }
  }

  @Override
  public void close() throws IOException {
    process.destroyForcibly();
    try {
      process.waitFor();
      reader.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Files.deleteIfExists(errors);
  }
}
