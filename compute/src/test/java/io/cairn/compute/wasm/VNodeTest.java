package io.cairn.compute.wasm;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import io.cairn.storage.unixfs.UnixFsNode;
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

  /** A directory of {@code count} files ("file I", named by {@code format}), imported. */
  private Cid directory(String name, int count, String format, ImportOptions options)
      throws IOException {
    Path dir = Files.createDirectory(host.resolve(name));
    for (int i = 0; i < count; i++) {
      Files.writeString(dir.resolve(String.format(format, i)), "file " + i);
    }
    return new UnixFsImporter(blocks, options)
        .importEntries(
            FileSystemSource.walk(
                List.of(dir), FileSystemSource.WalkOptions.defaults().withRecursive(true)),
            ImportListener.NONE)
        .getLast()
        .cid();
  }

  @Test
  void aChildOfAnInputDirectoryIsFoundWithoutReadingItsSiblings() throws IOException {
    Cid root = directory("dir", 40, "f%02d", ImportOptions.defaults());
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

  @Test
  void aShardedDirectoryIsListedOnceAndItsChildrenFoundInTheListing() throws IOException {
    Cid root =
        directory("sharded", 300, "f%03d", ImportOptions.defaults().withShardThresholdBytes(1_000));
    UnixFsExporter exporter = new UnixFsExporter(blocks);
    assertThat(exporter.stat(root).kind()).isEqualTo(UnixFsNode.Kind.HAMT_DIRECTORY);
    Cid f123 = exporter.resolve(root, "f123");
    VNode listed = VNode.ofInput(exporter, root);
    blocks.fetched.clear();
    assertThat(listed.list()).hasSize(300).first().isEqualTo(new VNode.Entry("f000", 4));
    assertThat(blocks.fetched).contains(f123).hasSizeGreaterThan(300);

    // fd_readdir asks again for each buffer of entries, and each file is then opened by name.
    blocks.fetched.clear();
    assertThat(listed.list()).hasSize(300);
    assertThat(blocks.fetched).isEmpty();
    assertThat(listed.child("f123"))
        .isEqualTo(new VNode.InputFile(exporter, f123, "file 123".length()));
    assertThat(listed.child("f300")).isNull();
    assertThat(blocks.fetched).containsExactly(f123);
  }
}
