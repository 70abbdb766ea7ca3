package io.cairn.node;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.node.chain.DevChains;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Java names files in the character set of the locale it starts in, and with no locale (as in many
 * containers, cron jobs and service managers) that is ASCII. The launcher's {@code
 * cairn_utf8_locale} (scripts/env.sh) makes it UTF-8 there, so a repo path outside ASCII works.
 */
class LauncherLocaleTest {
  @TempDir Path tmp;

  @Test
  void aRepoPathOutsideAsciiWorksWithoutALocale() throws Exception {
    Path repo = tmp.resolve("dépôt ĉairn 仓库");
    Path env = DevChains.projectRoot().resolve("scripts/env.sh");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                List.of(
                    "bash",
                    "-c",
                    ". \"$0\"; cairn_utf8_locale; exec \"$1\" -cp \"$2\" io.cairn.node.Main init",
                    env.toString(),
                    java,
                    System.getProperty("java.class.path")))
            .redirectErrorStream(true);
    Map<String, String> environment = pb.environment();
    environment.clear();
    environment.put("PATH", "/usr/bin:/bin");
    environment.put("HOME", tmp.toString());
    environment.put("CAIRN_PATH", repo.toString());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("peer identity: 12D3KooW");
    assertThat(Files.isRegularFile(repo.resolve("config"))).isTrue();
  }
}
