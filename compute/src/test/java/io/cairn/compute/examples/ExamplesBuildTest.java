package io.cairn.compute.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.storage.testing.JsReference;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed example modules are what {@code compute/examples/build.sh} builds from their
 * sources, byte for byte. Needs Debian 12's clang 14 with wasi-libc and the wasm32 builtins ({@code
 * ./run-tests} installs them with apt-get); skipped where they are not installed.
 */
@Tag("compute")
class ExamplesBuildTest {
  private static final List<String> EXAMPLES =
      List.of("mlp-infer", "mlp-train", "nft-rarity", "wordcount");

  @TempDir Path out;

  private static String clangVersion() throws IOException, InterruptedException {
    Process clang;
    try {
      clang = new ProcessBuilder("clang", "--version").redirectErrorStream(true).start();
    } catch (IOException e) {
      return "";
    }
    String text = new String(clang.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return clang.waitFor() == 0 ? text : "";
  }

  private static boolean wasiInstalled() throws IOException {
    if (!Files.isRegularFile(Path.of("/usr/lib/wasm32-wasi/libc.a"))) {
      return false;
    }
    try (Stream<Path> llvm =
        Files.list(Path.of("/usr/lib"))
            .filter(p -> p.getFileName().toString().startsWith("llvm-"))) {
      return llvm.anyMatch(
          p -> {
            try (Stream<Path> files = Files.walk(p.resolve("lib/clang"))) {
              return files.anyMatch(
                  f -> f.getFileName().toString().equals("libclang_rt.builtins-wasm32.a"));
            } catch (IOException e) {
              return false;
            }
          });
    }
  }

  @Test
  void buildShRebuildsTheCommittedModules() throws IOException, InterruptedException {
    String version = clangVersion();
    assumeTrue(
        version.contains("clang version 14."),
        "clang 14 (Debian 12) is not installed; the committed modules were built with it");
    assumeTrue(wasiInstalled(), "wasi-libc or libclang-rt-14-dev-wasm32 is not installed");
    Path root = JsReference.projectRoot();
    Process build =
        new ProcessBuilder(root.resolve("compute/examples/build.sh").toString(), out.toString())
            .redirectErrorStream(true)
            .start();
    String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(build.waitFor(5, TimeUnit.MINUTES)).isTrue();
    assertThat(build.exitValue()).as(log).isZero();
    for (String example : EXAMPLES) {
      assertThat(Files.readAllBytes(out.resolve(example + ".wasm")))
          .as(
              "%s.wasm rebuilt from its sources (run compute/examples/build.sh and commit)",
              example)
          .isEqualTo(Examples.module(example));
    }
    try (Stream<Path> built = Files.list(out)) {
      assertThat(built.map(p -> p.getFileName().toString()).sorted().toList())
          .isEqualTo(EXAMPLES.stream().map(e -> e + ".wasm").toList());
    }
  }
}
