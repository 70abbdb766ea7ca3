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
    VNode child = new VNode.InputDir(exporter, root).child("f07");
    assertThat(child).isEqualTo(new VNode.InputFile(exporter, f07, "file 7".length()));
    assertThat(blocks.fetched).containsExactlyInAnyOrder(root, f07);
    assertThat(new VNode.InputDir(exporter, root).child("nope")).isNull();
    assertThat(new VNode.InputDir(exporter, root).child("..")).isNull();
  }
}
