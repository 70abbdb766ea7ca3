package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RepoPathsTest {
  private static final Path HOME = Path.of("/home/ada");

  @Test
  void optionWinsOverEnvironmentWhichWinsOverHome() {
    Map<String, String> env = Map.of("CAIRN_PATH", "/srv/cairn");
    assertThat(RepoPaths.resolve("/tmp/repo", env, HOME).root()).isEqualTo(Path.of("/tmp/repo"));
    assertThat(RepoPaths.resolve(null, env, HOME).root()).isEqualTo(Path.of("/srv/cairn"));
    assertThat(RepoPaths.resolve(null, Map.of(), HOME).root())
        .isEqualTo(Path.of("/home/ada/.cairn"));
    assertThat(RepoPaths.resolve("", Map.of("CAIRN_PATH", ""), HOME).root())
        .isEqualTo(Path.of("/home/ada/.cairn"));
  }

  @Test
  void expandsTheHomeDirectory() {
    assertThat(RepoPaths.resolve("~/nodes/a", Map.of(), HOME).root())
        .isEqualTo(Path.of("/home/ada/nodes/a"));
    assertThat(RepoPaths.resolve(null, Map.of("CAIRN_PATH", "~"), HOME).root()).isEqualTo(HOME);
  }

  @Test
  void homeComesFromTheEnvironmentBeforeJavasUserHome() {
    Map<String, String> env = Map.of("HOME", "/home/grace");
    assertThat(RepoPaths.resolve(null, env, HOME).root()).isEqualTo(Path.of("/home/grace/.cairn"));
    assertThat(RepoPaths.resolve("~/nodes/b", env, HOME).root())
        .isEqualTo(Path.of("/home/grace/nodes/b"));
    assertThat(RepoPaths.resolve(null, Map.of("HOME", ""), HOME).root())
        .isEqualTo(Path.of("/home/ada/.cairn"));
    assertThat(
            RepoPaths.resolve(null, Map.of("HOME", "/home/grace", "CAIRN_PATH", "/srv/c"), HOME)
                .root())
        .isEqualTo(Path.of("/srv/c"));
  }

  @Test
  void namesTheRepoFiles() {
    RepoPaths paths = new RepoPaths(Path.of("/r/./x/.."));
    assertThat(paths.root()).isEqualTo(Path.of("/r"));
    assertThat(paths.config()).isEqualTo(Path.of("/r/config"));
    assertThat(paths.datastore()).isEqualTo(Path.of("/r/datastore"));
    assertThat(paths.lockFile()).isEqualTo(Path.of("/r/repo.lock"));
    assertThat(paths.versionFile()).isEqualTo(Path.of("/r/version"));
    assertThat(paths.keystore()).isEqualTo(Path.of("/r/keystore"));
  }

  @Test
  void makesRelativePathsAbsolute() {
    assertThat(RepoPaths.resolve("repo", Map.of(), HOME).root().isAbsolute()).isTrue();
  }
}
