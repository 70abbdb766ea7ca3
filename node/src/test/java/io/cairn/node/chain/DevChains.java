package io.cairn.node.chain;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

/** For tests whose daemons run a dev chain: where the launcher would find Anvil. */
public final class DevChains {
  private DevChains() {}

  /** The project root (the folder with {@code interop/}, where Anvil is installed). */
  public static Path projectRoot() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null && !Files.isDirectory(dir.resolve("interop"))) {
      dir = dir.getParent();
    }
    assertThat(dir).as("project root with interop/").isNotNull();
    return dir;
  }

  /** Points {@code cairn.home} at the project root, as the launcher does. */
  public static void useProjectHome() {
    System.setProperty("cairn.home", projectRoot().toString());
  }
}
