package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;

/** Kubo's {@code multibase encode|decode|transcode|list}, with Kubo's documented examples. */
@BothModes
class MultibaseCommandTest {
  @Parameter Cli.Mode mode;

  private static final byte[] HELLO = "hello\n".getBytes(StandardCharsets.UTF_8);

  @TempDir Path tmp;
  Cli cli;

  @BeforeEach
  void init() {
    cli = Cli.init(tmp.resolve("repo"), mode);
  }

  @Test
  void encodesDecodesAndTranscodesWithoutANewline() throws Exception {
    // Kubo's help: echo hello | ipfs multibase encode -b base16  =>  f68656c6c6f0a
    assertThat(cli.okWithInput(HELLO, "multibase", "encode", "-b", "base16").out())
        .isEqualTo("f68656c6c6f0a");
    assertThat(cli.okWithInput(HELLO, "multibase", "encode").out()).isEqualTo("uaGVsbG8K");
    Path file = tmp.resolve("in");
    Files.write(file, HELLO);
    assertThat(cli.ok("multibase", "encode", "-b", "b", file.toString()).out())
        .isEqualTo("bnbswy3dpbi");

    byte[] text = "f68656c6c6f0a\n".getBytes(StandardCharsets.UTF_8);
    assertThat(cli.okWithInput(text, "multibase", "decode").stdout()).isEqualTo(HELLO);
    assertThat(cli.okWithInput(text, "multibase", "transcode", "-b", "base32").out())
        .isEqualTo("bnbswy3dpbi");
    assertThat(cli.ok("multibase", "list").out()).isEqualTo(cli.ok("cid", "bases").out());
  }

  @Test
  void badInputIsNamed() {
    assertThat(cli.failsWithInput("xyz".getBytes(StandardCharsets.UTF_8), "multibase", "decode"))
        .contains("failed to decode multibase: unknown multibase prefix 'x'");
    assertThat(cli.failsWithInput(HELLO, "multibase", "encode", "-b", "base99"))
        .contains("unknown multibase 'base99'");
    assertThat(
            cli.failsWithInput(
                "f6x".getBytes(StandardCharsets.UTF_8), "multibase", "transcode", "-b", "base32"))
        .contains("failed to decode multibase");
  }
}
