package io.cairn.retrieval.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A {@code _redirects} file (the web redirects file spec): rules {@code from to [status]}, where
 * {@code from} may hold {@code :name} placeholders (one segment each) and end in a {@code *} splat
 * (the rest of the path, {@code :splat} in {@code to}). Rules apply in file order, the first match
 * wins; they are only consulted for paths that do not exist.
 */
final class RedirectsFile {
  /** The spec's size limit: 64 KiB. */
  static final int MAX_SIZE = 64 * 1024;

  private static final Set<Integer> STATUSES = Set.of(200, 301, 302, 303, 307, 308, 404, 410, 451);

  /** One rule; {@code status} defaults to 301. */
  record Rule(String from, String to, int status) {}

  /** A matched rule with the placeholders of {@code to} filled in. */
  record Match(Rule rule, String to) {}

  private final List<Rule> rules;

  private RedirectsFile(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  List<Rule> rules() {
    return rules;
  }

  /**
   * Parses a file.
   *
   * @throws IllegalArgumentException naming the line and what is wrong with it
   */
  static RedirectsFile parse(byte[] bytes) {
    if (bytes.length > MAX_SIZE) {
      throw new IllegalArgumentException(
          "redirects file size cannot exceed " + MAX_SIZE + " bytes (it is " + bytes.length + ")");
    }
    String text;
    try {
      text =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString();
    } catch (CharacterCodingException e) {
      throw new IllegalArgumentException("the file is not UTF-8 text");
    }
    List<Rule> rules = new ArrayList<>();
    String[] lines = text.split("\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String line = lines[n].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      rules.add(parseLine(line, n + 1));
    }
    return new RedirectsFile(rules);
  }

  private static Rule parseLine(String line, int number) {
    String[] fields = line.split("\\s+");
    String where = "line " + number + " (\"" + line + "\"): ";
    if (fields.length < 2) {
      throw new IllegalArgumentException(where + "missing 'to' path");
    }
    if (fields.length > 3) {
      throw new IllegalArgumentException(where + "must match format 'from to [status]'");
    }
    String from = fields[0];
    String to = fields[1];
    if (!from.startsWith("/")) {
      throw new IllegalArgumentException(where + "'from' path must begin with '/'");
    }
    int star = from.indexOf('*');
    if (star >= 0 && (star != from.length() - 1 || !from.endsWith("/*"))) {
      throw new IllegalArgumentException(where + "'from' path can only end with a '/*' splat");
    }
    Set<String> names = new HashSet<>();
    for (String seg : from.split("/")) {
      if (seg.startsWith(":") && !names.add(seg.substring(1))) {
        throw new IllegalArgumentException(
            where + "placeholder '" + seg + "' is used more than once in 'from'");
      }
    }
    if (!to.startsWith("/") && !to.startsWith("https://") && !to.startsWith("http://")) {
      throw new IllegalArgumentException(
          where + "'to' must be a path starting with '/' or an http(s) URL");
    }
    int status = 301;
    if (fields.length == 3) {
      String s = fields[2];
      if (s.endsWith("!")) {
        throw new IllegalArgumentException(
            where + "forced redirects (or \"shadowing\") are not supported by IPFS gateways");
      }
      try {
        status = Integer.parseInt(s);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(where + "status \"" + s + "\" is not a number");
      }
      if (!STATUSES.contains(status)) {
        throw new IllegalArgumentException(where + "status code " + status + " is not supported");
      }
    }
    if ((status == 200 || status >= 400) && !to.startsWith("/")) {
      throw new IllegalArgumentException(
          where + "a rewrite or error page must name a path in the site, not " + to);
    }
    return new Rule(from, to, status);
  }

  /** The first rule matching a path ({@code /a/b}, decoded), or null. */
  Match match(String urlPath) {
    String path =
        urlPath.length() > 1 && urlPath.endsWith("/")
            ? urlPath.substring(0, urlPath.length() - 1)
            : urlPath;
    for (Rule rule : rules) {
      Map<String, String> params = new HashMap<>();
      String splat = matchPattern(rule.from(), path, params);
      if (splat != null) {
        return new Match(rule, expand(rule.to(), params, splat));
      }
    }
    return null;
  }

  /**
   * Matches a {@code from} pattern segment by segment; returns the splat ("" when the pattern has
   * none) or null when the path does not match.
   */
  private static String matchPattern(String from, String path, Map<String, String> params) {
    String pattern =
        from.length() > 1 && from.endsWith("/") ? from.substring(0, from.length() - 1) : from;
    String[] segs = pattern.split("/", -1);
    boolean trailing = segs[segs.length - 1].equals("*");
    int count = trailing ? segs.length - 1 : segs.length;
    String s = path;
    for (int i = 0; i < count; i++) {
      int slash = s.indexOf('/');
      String seg;
      String rest;
      if (slash < 0) {
        // Out of slashes: only the last segment of a pattern without a splat may end here.
        if (i != count - 1 || trailing) {
          return null;
        }
        seg = s;
        rest = "";
      } else {
        if (i == count - 1 && !trailing) {
          return null;
        }
        seg = s.substring(0, slash);
        rest = s.substring(slash + 1);
      }
      if (segs[i].startsWith(":")) {
        params.put(segs[i].substring(1), seg);
      } else if (!segs[i].equals(seg)) {
        return null;
      }
      s = rest;
    }
    return s;
  }

  /** Replaces {@code :name} tokens (and {@code :splat}) in {@code to}. */
  private static String expand(String to, Map<String, String> params, String splat) {
    StringBuilder b = new StringBuilder(to.length() + 32);
    int i = 0;
    while (i < to.length()) {
      char c = to.charAt(i);
      int end = i + 1;
      while (c == ':' && end < to.length() && isNameChar(to.charAt(end))) {
        end++;
      }
      if (c == ':' && end > i + 1) {
        String name = to.substring(i + 1, end);
        String value = name.equals("splat") ? splat : params.get(name);
        b.append(value != null ? value : to.substring(i, end));
        i = end;
      } else {
        b.append(c);
        i++;
      }
    }
    return b.toString();
  }

  private static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  }
}
