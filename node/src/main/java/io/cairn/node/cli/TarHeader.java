package io.cairn.node.cli;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;

/**
 * One entry header of a tar stream (USTAR, with PAX {@code path}, {@code linkpath}, {@code size}
 * and {@code mtime} records and GNU long names applied), as {@code ipfs get} receives them.
 *
 * @param type the type flag: {@code '0'} file, {@code '2'} symlink, {@code '5'} directory, {@code
 *     'x'}/{@code 'g'} PAX records, {@code 'L'}/{@code 'K'} GNU long name or link target
 */
record TarHeader(String name, int mode, long size, Instant mtime, char type, String linkName) {
  static final int BLOCK = 512;

  /** Whether a header block is all zeros (the end of the archive). */
  static boolean isZero(byte[] block) {
    for (byte b : block) {
      if (b != 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Parses a header block, letting {@code overrides} (from the PAX records or GNU long-name entries
   * before it) win.
   */
  static TarHeader parse(byte[] b, Map<String, String> overrides) throws IOException {
    long checksum = octal(b, 148, 8, "checksum");
    long sum = 0;
    for (int i = 0; i < BLOCK; i++) {
      sum += (i >= 148 && i < 156) ? ' ' : (b[i] & 0xFF);
    }
    if (sum != checksum) {
      throw new IOException("tar header checksum does not match");
    }
    String name = string(b, 0, 100);
    String prefix = string(b, 345, 155);
    boolean ustar = string(b, 257, 5).equals("ustar");
    if (ustar && !prefix.isEmpty()) {
      name = prefix + "/" + name;
    }
    char type = b[156] == 0 ? '0' : (char) (b[156] & 0xFF);
    long size = number(b, 124, 12, "size");
    Instant mtime = Instant.ofEpochSecond(number(b, 136, 12, "mtime"));
    String link = string(b, 157, 100);
    if (overrides.containsKey("path")) {
      name = overrides.get("path");
    }
    if (overrides.containsKey("linkpath")) {
      link = overrides.get("linkpath");
    }
    if (overrides.containsKey("size")) {
      size = Long.parseLong(overrides.get("size"));
    }
    if (overrides.containsKey("mtime")) {
      mtime = paxTime(overrides.get("mtime"));
    }
    return new TarHeader(name, (int) octal(b, 100, 8, "mode"), size, mtime, type, link);
  }

  /** Reads PAX records ({@code "LEN key=value\n"...}) into {@code into}. */
  static void paxRecords(byte[] data, Map<String, String> into) throws IOException {
    int pos = 0;
    while (pos < data.length) {
      int space = pos;
      while (space < data.length && data[space] != ' ') {
        space++;
      }
      int length;
      try {
        length = Integer.parseInt(new String(data, pos, space - pos, StandardCharsets.US_ASCII));
      } catch (NumberFormatException e) {
        throw new IOException("malformed PAX record at byte " + pos, e);
      }
      if (length <= space - pos || pos + length > data.length) {
        throw new IOException("malformed PAX record at byte " + pos);
      }
      String record = new String(data, space + 1, pos + length - space - 2, StandardCharsets.UTF_8);
      int eq = record.indexOf('=');
      if (eq > 0) {
        into.put(record.substring(0, eq), record.substring(eq + 1));
      }
      pos += length;
    }
  }

  private static Instant paxTime(String value) throws IOException {
    try {
      BigDecimal seconds = new BigDecimal(value);
      long whole = seconds.setScale(0, java.math.RoundingMode.FLOOR).longValueExact();
      int nanos = seconds.subtract(BigDecimal.valueOf(whole)).movePointRight(9).intValue();
      return Instant.ofEpochSecond(whole, nanos);
    } catch (ArithmeticException | NumberFormatException e) {
      throw new IOException("malformed PAX mtime \"" + value + "\"", e);
    }
  }

  private static String string(byte[] b, int off, int len) {
    int end = off;
    while (end < off + len && b[end] != 0) {
      end++;
    }
    return new String(b, off, end - off, StandardCharsets.UTF_8);
  }

  /** An octal field, or a base-256 one (high bit set) as GNU tar writes large numbers. */
  private static long number(byte[] b, int off, int len, String field) throws IOException {
    if ((b[off] & 0x80) != 0) {
      long v = b[off] & 0x7F;
      for (int i = off + 1; i < off + len; i++) {
        v = (v << 8) | (b[i] & 0xFF);
      }
      return v;
    }
    return octal(b, off, len, field);
  }

  private static long octal(byte[] b, int off, int len, String field) throws IOException {
    String s = string(b, off, len).strip();
    if (s.isEmpty()) {
      return 0;
    }
    try {
      return Long.parseLong(s, 8);
    } catch (NumberFormatException e) {
      throw new IOException("tar header field " + field + " is not a number: \"" + s + "\"", e);
    }
  }
}
