package io.cairn.node.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HelpTextTest {
  @Test
  void joinsSourceLinesIntoParagraphsAndSetsTheFirstSentenceApart() {
    assertThat(
            HelpText.paragraphs(
                new String[] {
                  "Run a node: the API, the gateway and a peer. The API listens on",
                  "Addresses.API (e.g. 127.0.0.1:5001).",
                  "Stop it with Ctrl-C."
                }))
        .containsExactly(
            "Run a node: the API, the gateway and a peer.",
            "The API listens on Addresses.API (e.g. 127.0.0.1:5001). Stop it with Ctrl-C.");
  }

  @Test
  void keepsBlankLinesAndIndentedExamplesAsTheyAre() {
    assertThat(
            HelpText.paragraphs(
                new String[] {
                  "Get and set config values.",
                  "  cairn config Addresses.API        show a value",
                  "  cairn config Import.CidVersion 1  set a value",
                  "Keys use Kubo's names",
                  "where one exists.",
                  "",
                  "A last paragraph."
                }))
        .containsExactly(
            "Get and set config values.",
            "  cairn config Addresses.API        show a value",
            "  cairn config Import.CidVersion 1  set a value",
            "Keys use Kubo's names where one exists.",
            "",
            "A last paragraph.");
  }

  @Test
  void leavesAOneSentenceDescriptionAlone() {
    assertThat(HelpText.paragraphs(new String[] {"Show the repo version."}))
        .containsExactly("Show the repo version.");
    assertThat(HelpText.paragraphs(new String[0])).isEmpty();
  }
}
