package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class OutputTreeTest {
  @TempDir Path scratch;

  /**
   * A job can nest directories until their host paths reach PATH_MAX: some 2,000 levels of
   * one-letter names. Their import runs on a job worker's thread (a stack of 1 MiB by default) and
   * must not overflow it.
   */
  @Test
  void aTreeAsDeepAsTheHostAllowsIsImportedOnAWorkersStack() throws Exception {
    Path outputs = scratch.resolve("outputs");
    Path deepest = outputs;
    int depth = 0;
    while (deepest.toString().length() + 4 < PathResolver.PATH_MAX) {
      deepest = deepest.resolve("a");
      depth++;
    }
    Files.createDirectories(deepest);
    Files.writeString(deepest.resolve("f"), "x");
    BlockStore blocks = BlockStores.memory();
    AtomicReference<Object> result = new AtomicReference<>();
    Thread worker =
        new Thread(
            null,
            () -> {
              try {
                result.set(
                    OutputTree.importDirectory(
                            outputs, blocks, ImportOptions.defaults(), Long.MAX_VALUE)
                        .orElseThrow());
              } catch (Throwable t) {
                result.set(t);
              }
            },
            "worker",
            1024 * 1024);
    worker.start();
    worker.join();
    assertThat(result.get()).isInstanceOf(Cid.class);
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    Cid at = (Cid) result.get();
    for (int i = 0; i < depth; i++) {
      at = exporter.resolve(at, "a");
    }
    byte[] f = exporter.open(exporter.resolve(at, "f"), 0, 1).readAllBytes();
    assertThat(new String(f, StandardCharsets.UTF_8)).isEqualTo("x");
    for (Path p = deepest; !p.equals(scratch); p = p.getParent()) {
      if (p.equals(deepest)) {
        Files.delete(p.resolve("f"));
      }
      Files.delete(p);
    }
  }
}
