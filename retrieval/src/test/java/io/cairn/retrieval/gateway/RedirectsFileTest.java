package io.cairn.retrieval.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RedirectsFileTest {
  private static RedirectsFile parse(String text) {
    return RedirectsFile.parse(text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void parsesRulesSkippingCommentsBlanksAndWhitespace() {
    RedirectsFile f =
        parse("# c\n\n  /a   /b  \r\n\t/c /d 302\r\n/e /f 200\n/g /h 404\n/i https://x.net/y 308");
    assertThat(f.rules())
        .containsExactly(
            new RedirectsFile.Rule("/a", "/b", 301),
            new RedirectsFile.Rule("/c", "/d", 302),
            new RedirectsFile.Rule("/e", "/f", 200),
            new RedirectsFile.Rule("/g", "/h", 404),
            new RedirectsFile.Rule("/i", "https://x.net/y", 308));
  }

  @Test
  void firstMatchingRuleWins() {
    RedirectsFile f = parse("/a /first\n/a /second\n/* /catch 200");
    assertThat(f.match("/a").to()).isEqualTo("/first");
    assertThat(f.match("/zzz").to()).isEqualTo("/catch");
  }

  @Test
  void fillsPlaceholdersAndSplats() {
    RedirectsFile f =
        parse(
            "/posts/:year/:month/:day/:title /articles/:year/:month/:day/:title\n"
                + "/splat/* /redirected-splat/:splat\n"
                + "/twice/:a /x/:a/:a");
    assertThat(f.match("/posts/2022/06/15/hello-world").to())
        .isEqualTo("/articles/2022/06/15/hello-world");
    assertThat(f.match("/splat/one/two.html").to()).isEqualTo("/redirected-splat/one/two.html");
    assertThat(f.match("/twice/q").to()).isEqualTo("/x/q/q");
    assertThat(f.match("/posts/2022/06")).isNull();
    assertThat(f.match("/splat")).isNull();
  }

  @Test
  void trailingSlashesAreIgnoredWhenMatching() {
    RedirectsFile f = parse("/a/ /b");
    assertThat(f.match("/a/").to()).isEqualTo("/b");
    assertThat(f.match("/a").to()).isEqualTo("/b");
  }

  @Test
  void rejectsInvalidFilesNamingTheLine() {
    assertThatThrownBy(() -> parse("/a /b\n/a /b 301!"))
        .hasMessageContaining("line 2")
        .hasMessageContaining("forced redirects");
    assertThatThrownBy(() -> parse("/a /b 418"))
        .hasMessageContaining("status code 418 is not supported");
    assertThatThrownBy(() -> parse("/a /b abc")).hasMessageContaining("not a number");
    assertThatThrownBy(() -> parse("/a")).hasMessageContaining("missing 'to'");
    assertThatThrownBy(() -> parse("/a /b 301 x")).hasMessageContaining("from to [status]");
    assertThatThrownBy(() -> parse("a /b")).hasMessageContaining("must begin with '/'");
    assertThatThrownBy(() -> parse("/a/*/b /c")).hasMessageContaining("splat");
    assertThatThrownBy(() -> parse("/:x/:x /c")).hasMessageContaining("more than once");
    assertThatThrownBy(() -> parse("/a b")).hasMessageContaining("'to' must be a path");
    assertThatThrownBy(() -> parse("/a https://x.net 200")).hasMessageContaining("rewrite");
  }

  @Test
  void rejectsFilesOver64KiB() {
    byte[] big = new byte[RedirectsFile.MAX_SIZE + 1];
    java.util.Arrays.fill(big, (byte) '#');
    assertThatThrownBy(() -> RedirectsFile.parse(big))
        .hasMessageContaining("redirects file size cannot exceed 65536 bytes");
  }
}
