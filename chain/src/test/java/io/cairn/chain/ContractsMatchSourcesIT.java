package io.cairn.chain;

import static org.assertj.core.api.Assertions.assertThat;

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
 * The committed ABI and BIN files are what the pinned solc makes of the Solidity sources: the
 * sources are recompiled with {@code compile.mjs} and every output compared byte for byte.
 */
@Tag("chain")
class ContractsMatchSourcesIT {
  @TempDir Path out;

  @Test
  void committedAbiAndBinMatchTheSources() throws Exception {
    Path root = JsReference.projectRoot();
    Process p =
        new ProcessBuilder(
                JsReference.node().toString(),
                root.resolve("chain/src/main/solidity/compile.mjs").toString(),
                "--out",
                out.toString())
            .redirectErrorStream(true)
            .start();
    byte[] log = p.getInputStream().readAllBytes();
    assertThat(p.waitFor(300, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(log, StandardCharsets.UTF_8)).isZero();

    Path contracts = Path.of("io/cairn/chain/contracts");
    compare(out.resolve("main"), root.resolve("chain/src/main/resources").resolve(contracts));
    compare(out.resolve("test"), root.resolve("chain/src/test/resources").resolve(contracts));
  }

  private static void compare(Path compiled, Path committed) throws IOException {
    List<String> made = names(compiled);
    assertThat(names(committed)).as("contracts in " + committed).isEqualTo(made);
    assertThat(made).isNotEmpty();
    for (String name : made) {
      assertThat(Files.readString(committed.resolve(name)))
          .as(name + " differs from the sources: run compile.mjs and commit")
          .isEqualTo(Files.readString(compiled.resolve(name)));
    }
  }

  private static List<String> names(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }
}
