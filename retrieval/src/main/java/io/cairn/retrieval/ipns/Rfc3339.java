package io.cairn.retrieval.ipns;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The text form of an IPNS record's validity (its end of life). Written in UTC with nine fraction
 * digits, as js {@code ipns} writes it ({@code 2025-01-02T03:04:05.000000000Z}); go's boxo trims
 * trailing fraction zeros instead, and both are the same instant to every reader. Read as Go's
 * {@code time.Parse(time.RFC3339Nano, ...)} reads it: 0 to 9 fraction digits, {@code Z} or a {@code
 * ±hh:mm} offset.
 */
final class Rfc3339 {
  private static final DateTimeFormatter FORMAT =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private static final Pattern TEXT =
      Pattern.compile(
          "(\\d{4})-(\\d{2})-(\\d{2})T(\\d{2}):(\\d{2}):(\\d{2})(?:\\.(\\d{1,9}))?"
              + "(Z|([+-])(\\d{2}):(\\d{2}))");

  /** The latest instant with a four-digit year, the most RFC 3339 can write. */
  private static final Instant MAX = Instant.parse("9999-12-31T23:59:59.999999999Z");

  private static final Instant MIN = Instant.parse("0000-01-01T00:00:00Z");

  private Rfc3339() {}

  /**
   * The instant as UTC text with nine fraction digits.
   *
   * @throws IllegalArgumentException if its year is outside 0000 to 9999
   */
  static String format(Instant instant) {
    if (instant.isBefore(MIN) || instant.isAfter(MAX)) {
      throw new IllegalArgumentException(
          "validity " + instant + " is outside the years 0000 to 9999 that RFC 3339 can write");
    }
    return FORMAT.format(instant);
  }

  /**
   * Parses RFC 3339 text.
   *
   * @throws IpnsException naming the text and what is wrong with it
   */
  static Instant parse(String text) {
    Matcher m = TEXT.matcher(text);
    if (!m.matches()) {
      throw new IpnsException(
          "record validity '"
              + shown(text)
              + "' is not an RFC 3339 timestamp (such as 2025-01-02T03:04:05.123456789Z)");
    }
    try {
      String fraction = m.group(7) == null ? "" : m.group(7);
      int nanos =
          fraction.isEmpty() ? 0 : Integer.parseInt((fraction + "00000000").substring(0, 9));
      LocalDateTime local =
          LocalDateTime.of(
              number(m, 1),
              number(m, 2),
              number(m, 3),
              number(m, 4),
              number(m, 5),
              number(m, 6),
              nanos);
      ZoneOffset offset =
          m.group(8).equals("Z")
              ? ZoneOffset.UTC
              : ZoneOffset.ofHoursMinutes(
                  (m.group(9).equals("-") ? -1 : 1) * number(m, 10),
                  (m.group(9).equals("-") ? -1 : 1) * number(m, 11));
      return local.toInstant(offset);
    } catch (DateTimeException e) {
      throw new IpnsException(
          "record validity '" + text + "' is not a valid date and time: " + e.getMessage(), e);
    }
  }

  private static int number(Matcher m, int group) {
    return Integer.parseInt(m.group(group));
  }

  private static String shown(String text) {
    return text.length() <= 64 ? text : text.substring(0, 64) + "…";
  }
}
