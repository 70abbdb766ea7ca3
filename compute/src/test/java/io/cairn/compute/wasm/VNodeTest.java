package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class VNodeTest {
  @TempDir Path host;

  private final WasmRunnerTest.CountingStore blocks =
      new WasmRunnerTest.CountingStore(BlockStores.memory());

  @Test
  void aChildOfAnInputDirectoryIsFoundWithoutReadingItsSiblings() throws IOException {
    Path dir = Files.createDirectory(host.resolve("dir"));
    for (int i = 0; i < 40; i++) {
      Files.writeString(dir.resolve(String.format("f%02d", i)), "file " + i);
    }
    Cid root =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importEntries(
                FileSystemSource.walk(
                    List.of(dir), FileSystemSource.WalkOptions.defaults().withRecursive(true)),
                ImportListener.NONE)
            .getLast()
            .cid();
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    Cid f07 = exporter.resolve(root, "f07");
    blocks.fetched.clear();
    VNode listed = VNode.ofInput(exporter, root);
    VNode child = listed.child("f07");
    assertThat(child).isEqualTo(new VNode.InputFile(exporter, f07, "file 7".length()));
    assertThat(blocks.fetched).containsExactlyInAnyOrder(root, f07);
    assertThat(listed.child("nope")).isNull();
    assertThat(listed.child("..")).isNull();
    assertThat(listed.list()).hasSize(40);
    // Under /inputs, the directory is made once per job: its links are not read again per file.
    VNode.InputsRoot inputs = new VNode.InputsRoot(exporter, Map.of("dir", root));
    assertThat(inputs.child("dir")).isSameAs(inputs.child("dir")).isEqualTo(listed);
  }
}
