package io.cairn.node.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Shapes a command's description for picocli, which prints each element of the array on lines of
 * its own and wraps it at the terminal's width: the elements as written in the source are lines of
 * about 95 characters, so at 80 columns every one of them left a short line behind ("... with the"
 * / "dashboard at ..."), and a command list, which shows a command's first element only, cut its
 * summary mid-sentence.
 *
 * <p>Consecutive elements are joined into paragraphs, which picocli then wraps as a whole; an empty
 * element ends a paragraph, and an indented one (an example) stays a line of its own. The first
 * sentence becomes an element of its own, so that a command list shows a whole sentence.
 */
final class HelpText {
  /** The end of a sentence: a full stop and a space, not after "e.g" or "i.e". */
  private static final Pattern SENTENCE_END = Pattern.compile("(?<!\\be\\.g|\\bi\\.e|\\betc)\\. ");

  private HelpText() {}

  static String[] paragraphs(String[] description) {
    List<String> out = new ArrayList<>();
    StringBuilder paragraph = new StringBuilder();
    for (String line : description) {
      if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
        flush(paragraph, out);
        out.add(line);
      } else {
        if (!paragraph.isEmpty()) {
          paragraph.append(' ');
        }
        paragraph.append(line.strip());
      }
    }
    flush(paragraph, out);
    if (!out.isEmpty() && !out.get(0).isEmpty()) {
      Matcher end = SENTENCE_END.matcher(out.get(0));
      if (end.find()) {
        String first = out.get(0);
        out.set(0, first.substring(0, end.start() + 1));
        out.add(1, first.substring(end.end()));
      }
    }
    return out.toArray(String[]::new);
  }

  private static void flush(StringBuilder paragraph, List<String> out) {
    if (!paragraph.isEmpty()) {
      out.add(paragraph.toString());
      paragraph.setLength(0);
    }
  }
}
