package io.cairn.node.chain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.config.RepoPaths;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChainAccountsTest {
  @TempDir Path tmp;

  @Test
  void theKeystorePasswordIsMadeOnceOwnerOnlyAndReadBack() throws Exception {
    assumeTrue(
        System.getenv(ChainAccounts.PASSWORD_ENV) == null, "password set in the environment");
    RepoPaths paths = new RepoPaths(tmp.resolve("repo"));

    char[] made = ChainAccounts.password(paths, true);

    Path file = ChainAccounts.passwordFile(paths);
    assertThat(new String(made)).matches("[0-9a-f]{48}");
    assertThat(Files.readString(file)).isEqualTo(new String(made) + "\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(ChainAccounts.password(paths, true)).isEqualTo(made);
    try (Stream<Path> files = Files.list(file.getParent())) {
      assertThat(files).containsExactly(file);
    }
  }
}
