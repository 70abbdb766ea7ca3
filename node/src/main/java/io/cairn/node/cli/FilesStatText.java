package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** Kubo's text of {@code files stat}: its {@code --format} tokens and the locality line. */
final class FilesStatText {
  private static final String NOT_SET = "not set";

  /** Go's {@code os.FileMode.String()} type letters, for bits 31 down to 19. */
  private static final String GO_MODE_LETTERS = "dalTLDpSugct?";

  /** Go's {@code "2 Jan 2006, 15:04:05 MST"} in UTC. */
  private static final DateTimeFormatter MTIME =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm:ss 'UTC'", Locale.ENGLISH)
          .withZone(ZoneOffset.UTC);

  private FilesStatText() {}

  /** The stat result {@code v} in {@code format}, then Kubo's locality line when it has one. */
  static String render(String format, JsonNode v) {
    long mode = v.hasNonNull("Mode") ? Long.parseLong(v.get("Mode").asText(), 8) : 0;
    String modeText = NOT_SET;
    String modeOctal = NOT_SET;
    if (mode != 0) {
      modeText = goModeString(mode).toLowerCase(Locale.ROOT);
      modeOctal = "0" + Long.toOctalString(mode & 0777);
    }
    long mtime = v.path("Mtime").asLong(0);
    int nsecs = v.path("MtimeNsecs").asInt(0);
    String mtimeText = NOT_SET;
    String mtimeSecs = NOT_SET;
    String mtimeNsecs = NOT_SET;
    if (mtime > 0) {
      mtimeText = MTIME.format(Instant.ofEpochSecond(mtime, nsecs));
      mtimeSecs = Long.toString(mtime);
      mtimeNsecs = Integer.toString(nsecs);
    }
    String s =
        format
            .replace("<hash>", v.path("Hash").asText())
            .replace("<size>", v.path("Size").asText())
            .replace("<cumulsize>", v.path("CumulativeSize").asText())
            .replace("<childs>", v.path("Blocks").asText())
            .replace("<type>", v.path("Type").asText())
            .replace("<mode>", modeText)
            .replace("<mode-octal>", modeOctal)
            .replace("<mtime>", mtimeText)
            .replace("<mtime-secs>", mtimeSecs)
            .replace("<mtime-nsecs>", mtimeNsecs);
    StringBuilder out = new StringBuilder(s).append('\n');
    if (v.path("WithLocality").asBoolean()) {
      long local = v.path("SizeLocal").asLong(0);
      long total = v.path("CumulativeSize").asLong(0);
      out.append(
          String.format(
              Locale.ROOT,
              "Local: %s of %s (%.2f%%)\n",
              Humanize.bytes(local),
              Humanize.bytes(total),
              100.0 * local / total));
    }
    return out.toString();
  }

  /** Go's {@code os.FileMode.String()}: type letters (or '-'), then {@code rwxrwxrwx}. */
  static String goModeString(long mode) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < GO_MODE_LETTERS.length(); i++) {
      if ((mode & (1L << (31 - i))) != 0) {
        b.append(GO_MODE_LETTERS.charAt(i));
      }
    }
    if (b.isEmpty()) {
      b.append('-');
    }
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      b.append((mode & (1L << (8 - i))) != 0 ? rwx.charAt(i) : '-');
    }
    return b.toString();
  }
}
