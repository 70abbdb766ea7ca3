package io.cairn.storage.unixfs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code .gitignore}-style rules for what a directory walk leaves out (Kubo's {@code add --ignore}
 * and {@code --ignore-rules-path}), with git's syntax: {@code #} comments, {@code !} to take an
 * entry back, {@code *}, {@code ?}, {@code [a-z]}, {@code **}, a backslash to escape, a trailing
 * {@code /} for directories only; the last rule that matches decides.
 *
 * <p>A rule without a slash (but a trailing one) matches an entry's name at any depth, as in git
 * and Kubo. A rule with a slash at its start or in its middle matches the entry's path from the
 * directory being added, as in git (Kubo matches names only, so such rules never match there).
 */
public final class IgnoreRules {
  /** Leaves nothing out. */
  public static final IgnoreRules NONE = new IgnoreRules(List.of());

  private record Rule(Pattern pattern, boolean negated, boolean onlyDirs, boolean anchored) {}

  private final List<Rule> rules;

  private IgnoreRules(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /**
   * Rules from lines as a {@code .gitignore} file holds them; blank lines and comments are skipped.
   *
   * @throws IllegalArgumentException naming a rule that cannot be read (an unclosed {@code [})
   */
  public static IgnoreRules parse(List<String> lines) {
    List<Rule> out = new ArrayList<>();
    for (String raw : lines) {
      String line =
          stripTrailingSpaces(raw.endsWith("\r") ? raw.substring(0, raw.length() - 1) : raw);
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      boolean negated = line.startsWith("!");
      if (negated) {
        line = line.substring(1);
      }
      boolean onlyDirs = line.endsWith("/") && !line.endsWith("\\/");
      if (onlyDirs) {
        line = line.substring(0, line.length() - 1);
      }
      if (line.isEmpty()) {
        continue;
      }
      boolean anchored = line.indexOf('/') >= 0;
      if (line.startsWith("/")) {
        line = line.substring(1);
      }
      try {
        out.add(new Rule(Pattern.compile(regex(line)), negated, onlyDirs, anchored));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("ignore rule '" + raw + "': " + e.getMessage(), e);
      }
    }
    return new IgnoreRules(out);
  }

  /** Whether there is no rule. */
  public boolean isEmpty() {
    return rules.isEmpty();
  }

  /**
   * Whether the entry at {@code path} (relative to the directory being added, {@code /}-separated)
   * is left out.
   */
  public boolean ignored(String path, boolean directory) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    boolean ignored = false;
    for (Rule r : rules) {
      if (r.onlyDirs && !directory) {
        continue;
      }
      if (r.pattern.matcher(r.anchored ? path : name).matches()) {
        ignored = !r.negated;
      }
    }
    return ignored;
  }

  /** Git drops trailing spaces unless the last is escaped with a backslash. */
  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ' && !(end > 1 && s.charAt(end - 2) == '\\')) {
      end--;
    }
    return s.substring(0, end);
  }

  /** A Java regex matching what the glob matches, a whole path or name at a time. */
  private static String regex(String glob) {
    StringBuilder re = new StringBuilder();
    int n = glob.length();
    for (int i = 0; i < n; i++) {
      char c = glob.charAt(i);
      switch (c) {
        case '*' -> {
          boolean twice = i + 1 < n && glob.charAt(i + 1) == '*';
          boolean atSegmentStart = i == 0 || glob.charAt(i - 1) == '/';
          boolean atSegmentEnd = i + 2 >= n || glob.charAt(i + 2) == '/';
          if (twice && atSegmentStart && atSegmentEnd) {
            if (i + 2 >= n) {
              re.append(".*"); // "dir/**": everything inside
            } else {
              re.append("(?:.*/)?"); // "**/x" and "a/**/b": any number of directories
              i++; // the slash after "**"
            }
            i++;
          } else {
            re.append("[^/]*");
            while (i + 1 < n && glob.charAt(i + 1) == '*') {
              i++;
            }
          }
        }
        case '?' -> re.append("[^/]");
        case '[' -> i = charClass(glob, i, re);
        case '\\' -> {
          if (i + 1 < n) {
            re.append(Pattern.quote(String.valueOf(glob.charAt(++i))));
          }
        }
        default -> re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return re.toString();
  }

  /** Appends the bracket expression at {@code start}; returns the index of its {@code ]}. */
  private static int charClass(String glob, int start, StringBuilder re) {
    int i = start + 1;
    StringBuilder cls = new StringBuilder("[");
    if (i < glob.length() && (glob.charAt(i) == '!' || glob.charAt(i) == '^')) {
      cls.append('^');
      i++;
    }
    boolean first = true;
    for (; i < glob.length(); i++) {
      char c = glob.charAt(i);
      if (c == ']' && !first) {
        re.append(cls).append(']');
        return i;
      }
      first = false;
      if (c == '\\' && i + 1 < glob.length()) {
        c = glob.charAt(++i);
      }
      if (c == '-' && cls.length() > 1 && i + 1 < glob.length() && glob.charAt(i + 1) != ']') {
        cls.append('-');
      } else {
        cls.append(Character.isLetterOrDigit(c) ? String.valueOf(c) : "\\" + c);
      }
    }
    throw new IllegalArgumentException("'[' at " + start + " is not closed");
  }
}
