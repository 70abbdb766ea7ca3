package io.cairn.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Other modules open stores through the root package and see only its interfaces. */
class StoragesTest {
  private static final Block BLOCK =
      Block.create(Multicodec.RAW, "hello".getBytes(StandardCharsets.UTF_8));

  @TempDir Path dir;

  @Test
  void rootPackageHasNoPublicImplementation() throws Exception {
    Path root =
        Path.of(BlockStore.class.getProtectionDomain().getCodeSource().getLocation().toURI())
            .resolve("io/cairn/storage");
    List<String> exposed;
    try (Stream<Path> files = Files.list(root)) {
      exposed =
          files
              .map(f -> f.getFileName().toString())
              .filter(n -> n.endsWith(".class") && !n.contains("$"))
              .map(n -> load("io.cairn.storage." + n.substring(0, n.length() - 6)))
              .filter(
                  c -> BlockStore.class.isAssignableFrom(c) || Storage.class.isAssignableFrom(c))
              .filter(c -> !c.isInterface() && Modifier.isPublic(c.getModifiers()))
              .map(Class::getName)
              .toList();
    }
    assertThat(exposed).isEmpty();
  }

  @Test
  void memoryStoreKeepsBlocksBehindAHiddenClass() {
    try (BlockStore store = BlockStores.memory()) {
      store.put(BLOCK);
      assertThat(store.get(BLOCK.cid()))
          .hasValueSatisfying(b -> assertThat(b).isEqualTo(BLOCK.data()));
      assertHidden(store.getClass());
    }
  }

  @Test
  void discardingStoreKeepsNothing() {
    try (BlockStore store = BlockStores.discarding()) {
      store.put(BLOCK);
      assertThat(store.has(BLOCK.cid())).isFalse();
      assertThat(store.keys()).isEmpty();
      assertHidden(store.getClass());
    }
  }

  @Test
  void storageOpensCreatesAndReopensBehindAHiddenClass() {
    StorageOptions options = StorageOptions.defaults(dir.resolve("datastore"));
    try (Storage storage = Storages.open(options)) {
      storage.blocks().put(BLOCK);
      assertHidden(storage.getClass());
    }
    try (Storage storage = Storages.openExisting(options)) {
      assertThat(storage.blocks().has(BLOCK.cid())).isTrue();
    }
  }

  private static void assertHidden(Class<?> implementation) {
    assertThat(implementation.getPackageName())
        .startsWith("io.cairn.storage.")
        .isNotEqualTo("io.cairn.storage");
    assertThat(Modifier.isPublic(implementation.getModifiers())).as("public").isFalse();
    assertThat(Modifier.isFinal(implementation.getModifiers())).as("final").isTrue();
  }

  private static Class<?> load(String name) {
    try {
      return Class.forName(name, false, StoragesTest.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalStateException(e);
    }
  }
}
