package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The .gitignore syntax of git's documentation, rule by rule. */
class IgnoreRulesTest {
  private static IgnoreRules rules(String... lines) {
    return IgnoreRules.parse(List.of(lines));
  }

  @Test
  void aRuleWithoutASlashMatchesNamesAtAnyDepth() {
    IgnoreRules r = rules("*.log");
    assertThat(r.ignored("a.log", false)).isTrue();
    assertThat(r.ignored("sub/deep/b.log", false)).isTrue();
    assertThat(r.ignored("log.txt", false)).isFalse();
    assertThat(r.ignored("sub.log/file", false)).isFalse();
  }

  @Test
  void aTrailingSlashMatchesDirectoriesOnly() {
    IgnoreRules r = rules("node_modules/");
    assertThat(r.ignored("node_modules", true)).isTrue();
    assertThat(r.ignored("pkg/node_modules", true)).isTrue();
    assertThat(r.ignored("node_modules", false)).isFalse();
  }

  @Test
  void theLastMatchingRuleDecidesAndBangTakesBack() {
    IgnoreRules r = rules("*.log", "!keep.log");
    assertThat(r.ignored("x.log", false)).isTrue();
    assertThat(r.ignored("keep.log", false)).isFalse();
    assertThat(rules("!keep.log", "*.log").ignored("keep.log", false)).isTrue();
  }

  @Test
  void aSlashAtTheStartOrInTheMiddleAnchorsTheRuleToTheAddedDirectory() {
    IgnoreRules top = rules("/build");
    assertThat(top.ignored("build", true)).isTrue();
    assertThat(top.ignored("src/build", true)).isFalse();
    IgnoreRules middle = rules("doc/*.txt");
    assertThat(middle.ignored("doc/a.txt", false)).isTrue();
    assertThat(middle.ignored("doc/sub/a.txt", false)).isFalse();
    assertThat(middle.ignored("x/doc/a.txt", false)).isFalse();
  }

  @Test
  void doubleStarsSpanDirectories() {
    assertThat(rules("**/tmp").ignored("tmp", true)).isTrue();
    assertThat(rules("**/tmp").ignored("a/b/tmp", true)).isTrue();
    IgnoreRules between = rules("a/**/b");
    assertThat(between.ignored("a/b", false)).isTrue();
    assertThat(between.ignored("a/x/b", false)).isTrue();
    assertThat(between.ignored("a/x/y/b", false)).isTrue();
    assertThat(between.ignored("c/a/x/b", false)).isFalse();
    IgnoreRules inside = rules("out/**");
    assertThat(inside.ignored("out/x", false)).isTrue();
    assertThat(inside.ignored("out/x/y", false)).isTrue();
    assertThat(inside.ignored("out", true)).isFalse();
  }

  @Test
  void questionMarksBracketsAndEscapes() {
    assertThat(rules("?.txt").ignored("a.txt", false)).isTrue();
    assertThat(rules("?.txt").ignored("ab.txt", false)).isFalse();
    assertThat(rules("[ab].c").ignored("b.c", false)).isTrue();
    assertThat(rules("[ab].c").ignored("c.c", false)).isFalse();
    assertThat(rules("[!ab].c").ignored("c.c", false)).isTrue();
    assertThat(rules("[a-c]x").ignored("bx", false)).isTrue();
    assertThat(rules("[a-c]x").ignored("dx", false)).isFalse();
    assertThat(rules("\\#lit").ignored("#lit", false)).isTrue();
    assertThat(rules("\\!bang").ignored("!bang", false)).isTrue();
    assertThat(rules("a\\*b").ignored("a*b", false)).isTrue();
    assertThat(rules("a\\*b").ignored("axb", false)).isFalse();
    // Regex characters in a rule are plain characters.
    assertThat(rules("a+(b)").ignored("a+(b)", false)).isTrue();
    assertThat(rules("a+(b)").ignored("aab", false)).isFalse();
  }

  @Test
  void commentsBlankLinesAndTrailingSpacesAreSkipped() {
    IgnoreRules r = rules("# a comment", "", "   ", "name  \r");
    assertThat(r.ignored("name", false)).isTrue();
    assertThat(r.ignored("# a comment", false)).isFalse();
    assertThat(rules("   ").isEmpty()).isTrue();
    assertThat(rules("sp\\ ").ignored("sp ", false)).isTrue();
  }

  @Test
  void anUnclosedBracketNamesTheRule() {
    assertThatThrownBy(() -> rules("ok", "[abc"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'[abc'")
        .hasMessageContaining("not closed");
  }
}
