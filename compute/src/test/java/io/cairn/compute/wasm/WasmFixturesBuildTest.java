package io.cairn.compute.wasm;

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
 * Each committed test module is what {@code wat2wasm} (wabt) builds from the {@code .wat} beside
 * it, byte for byte; skipped where wabt is not installed ({@code ./run-tests} installs it with
 * apt-get).
 */
@Tag("compute")
class WasmFixturesBuildTest {
  @TempDir Path out;

  private static boolean wat2wasmInstalled() throws InterruptedException {
    try {
      Process p = new ProcessBuilder("wat2wasm", "--version").redirectErrorStream(true).start();
      p.getInputStream().readAllBytes();
      return p.waitFor() == 0;
    } catch (IOException e) {
      return false;
    }
  }

  @Test
  void everyTestModuleIsItsWatSourceAssembled() throws IOException, InterruptedException {
    assumeTrue(wat2wasmInstalled(), "wat2wasm (wabt) is not installed");
    Path dir = JsReference.projectRoot().resolve("compute/src/test/resources/wasm");
    List<Path> sources;
    try (Stream<Path> files = Files.list(dir)) {
      sources = files.filter(p -> p.toString().endsWith(".wat")).sorted().toList();
    }
    assertThat(sources).isNotEmpty();
    for (Path wat : sources) {
      String name = wat.getFileName().toString().replace(".wat", "");
      Path built = out.resolve(name + ".wasm");
      Process p =
          new ProcessBuilder("wat2wasm", wat.toString(), "-o", built.toString())
              .redirectErrorStream(true)
              .start();
      String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(p.waitFor(1, TimeUnit.MINUTES)).isTrue();
      assertThat(p.exitValue()).as(name + ".wat: " + log).isZero();
      assertThat(Files.readAllBytes(built))
          .as("%s.wasm assembled from %s.wat (run wat2wasm and commit)", name, name)
          .isEqualTo(WasmFixtures.bytes(name));
    }
  }
}
