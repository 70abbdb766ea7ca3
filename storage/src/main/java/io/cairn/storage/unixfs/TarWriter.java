package io.cairn.storage.unixfs;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes tar headers with the format choices of Go's {@code archive/tar}, which Kubo's {@code get}
 * uses, so archives read the same in every tar reader.
 *
 * <p>In {@link Format#AUTO} (what {@code ipfs get --archive} writes) mtimes are rounded to the
 * second and a header is USTAR when its fields fit, a long path being split into prefix and name;
 * otherwise it is PAX. In {@link Format#PAX} (the transport format of {@code /api/v0/get}) a header
 * whose mtime has a fraction of a second is always PAX, so nanoseconds survive. PAX headers carry
 * {@code path}, {@code linkpath}, {@code size} and {@code mtime} records, sorted by key, for the
 * fields USTAR cannot hold, with the USTAR fields filled as far as they fit. Owner and group are 0
 * and unnamed.
 */
final class TarWriter {
  /** The format a header may take; see the class comment. */
  enum Format {
    AUTO,
    PAX
  }

  static final byte TYPE_REGULAR = '0';
  static final byte TYPE_SYMLINK = '2';
  static final byte TYPE_DIRECTORY = '5';
  private static final byte TYPE_PAX = 'x';
  private static final int BLOCK = 512;
  private static final int NAME_SIZE = 100;
  private static final int PREFIX_SIZE = 155;

  private final OutputStream out;
  private final Format format;
  private final byte[] block = new byte[BLOCK];
  private long remaining;
  private long padding;

  TarWriter(OutputStream out, Format format) {
    this.out = out;
    this.format = format;
  }

  /** Starts an entry; a regular file's {@code size} bytes must follow through {@link #write}. */
  void header(String name, byte type, long size, int mode, Instant mtime, String linkName)
      throws IOException {
    finishEntry();
    if (format == Format.AUTO) {
      mtime = roundToSecond(mtime);
    }
    Map<String, String> pax = new TreeMap<>();
    boolean ustar = true;
    if (!isAscii(name) || name.length() > NAME_SIZE) {
      ustar &= split(name) != null;
      pax.put("path", name);
    }
    if (!isAscii(linkName) || linkName.length() > NAME_SIZE) {
      ustar = false;
      pax.put("linkpath", linkName);
    }
    if (!fitsOctal(12, size)) {
      ustar = false;
      pax.put("size", Long.toString(size));
    }
    long seconds = mtime.getEpochSecond();
    boolean secondsFit = fitsOctal(12, seconds);
    ustar &= secondsFit;
    if (!secondsFit || mtime.getNano() != 0) {
      // Go's writer prefers PAX for a time USTAR would truncate when PAX was asked for.
      ustar &= format != Format.PAX;
      pax.put("mtime", paxTime(mtime));
    }
    if (ustar) {
      String[] parts = name.length() > NAME_SIZE ? split(name) : new String[] {"", name};
      fill(parts[1], linkName, type, size, mode, seconds);
      string(345, PREFIX_SIZE, parts[0]);
    } else {
      writePaxRecords(name, pax);
      fill(
          toAscii(name),
          toAscii(linkName),
          type,
          fitsOctal(12, size) ? size : 0,
          mode,
          secondsFit ? seconds : 0);
    }
    writeBlock();
    remaining = type == TYPE_REGULAR ? size : 0;
    padding = (BLOCK - remaining % BLOCK) % BLOCK;
  }

  void write(byte[] b, int off, int len) throws IOException {
    if (len > remaining) {
      throw new IllegalStateException("tar entry got more bytes than its header declared");
    }
    out.write(b, off, len);
    remaining -= len;
  }

  /** The current entry's body as a stream; closing it does nothing. */
  OutputStream body() {
    return new OutputStream() {
      @Override
      public void write(int b) throws IOException {
        TarWriter.this.write(new byte[] {(byte) b}, 0, 1);
      }

      @Override
      public void write(byte[] b, int off, int len) throws IOException {
        TarWriter.this.write(b, off, len);
      }
    };
  }

  /** Ends the archive with two zero blocks, as Go's writer does (no padding to a record size). */
  void finish() throws IOException {
    finishEntry();
    out.write(new byte[2 * BLOCK]);
    out.flush();
  }

  private void finishEntry() throws IOException {
    if (remaining != 0) {
      throw new IllegalStateException("tar entry is " + remaining + " bytes short");
    }
    out.write(new byte[(int) padding]);
    padding = 0;
  }

  private void writePaxRecords(String name, Map<String, String> records) throws IOException {
    if (records.isEmpty()) {
      return;
    }
    StringBuilder data = new StringBuilder();
    for (Map.Entry<String, String> r : records.entrySet()) {
      data.append(paxRecord(r.getKey(), r.getValue()));
    }
    byte[] body = data.toString().getBytes(StandardCharsets.UTF_8);
    int slash = name.lastIndexOf('/');
    String headerName =
        toAscii(name.substring(0, slash + 1) + "PaxHeaders.0/" + name.substring(slash + 1));
    if (headerName.length() > NAME_SIZE) {
      headerName = headerName.substring(0, NAME_SIZE);
    }
    while (headerName.endsWith("/")) {
      headerName = headerName.substring(0, headerName.length() - 1);
    }
    Arrays.fill(block, (byte) 0);
    string(0, NAME_SIZE, headerName);
    octal(100, 8, 0);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, body.length);
    octal(136, 12, 0);
    block[156] = TYPE_PAX;
    writeBlock();
    out.write(body);
    out.write(new byte[(BLOCK - body.length % BLOCK) % BLOCK]);
  }

  /** A record "{length} {key}={value}\n" whose length counts its own digits. */
  static String paxRecord(String key, String value) {
    int size = key.length() + value.getBytes(StandardCharsets.UTF_8).length + 3;
    size += Integer.toString(size).length();
    String record = size + " " + key + "=" + value + "\n";
    int actual = record.getBytes(StandardCharsets.UTF_8).length;
    return actual == size ? record : actual + " " + key + "=" + value + "\n";
  }

  /** Seconds with up to nine fraction digits, trailing zeros removed (Go's formatPAXTime). */
  static String paxTime(Instant t) {
    long secs = t.getEpochSecond();
    int nanos = t.getNano();
    if (nanos == 0) {
      return Long.toString(secs);
    }
    String sign = "";
    if (secs < 0) {
      sign = "-";
      secs = -(secs + 1);
      nanos = 1_000_000_000 - nanos;
    }
    String s = String.format("%s%d.%09d", sign, secs, nanos);
    int end = s.length();
    while (s.charAt(end - 1) == '0') {
      end--;
    }
    return s.substring(0, end);
  }

  static Instant roundToSecond(Instant t) {
    return t.getNano() >= 500_000_000
        ? Instant.ofEpochSecond(t.getEpochSecond() + 1)
        : Instant.ofEpochSecond(t.getEpochSecond());
  }

  /** Go's splitUSTARPath: a prefix of at most 155 bytes and a name of at most 100, or null. */
  static String[] split(String name) {
    int length = name.length();
    if (length <= NAME_SIZE || !isAscii(name)) {
      return null;
    } else if (length > PREFIX_SIZE + 1) {
      length = PREFIX_SIZE + 1;
    } else if (name.charAt(length - 1) == '/') {
      length--;
    }
    int i = name.lastIndexOf('/', length - 1);
    int nameLength = name.length() - i - 1;
    if (i <= 0 || nameLength > NAME_SIZE || nameLength == 0 || i > PREFIX_SIZE) {
      return null;
    }
    return new String[] {name.substring(0, i), name.substring(i + 1)};
  }

  private void fill(String name, String link, byte type, long size, int mode, long mtime) {
    Arrays.fill(block, (byte) 0);
    string(0, NAME_SIZE, name);
    octal(100, 8, mode);
    octal(108, 8, 0);
    octal(116, 8, 0);
    octal(124, 12, size);
    octal(136, 12, mtime);
    block[156] = type;
    string(157, NAME_SIZE, link);
    octal(329, 8, 0);
    octal(337, 8, 0);
  }

  private void writeBlock() throws IOException {
    byte[] magic = "ustar\0".getBytes(StandardCharsets.US_ASCII);
    System.arraycopy(magic, 0, block, 257, magic.length);
    block[263] = '0';
    block[264] = '0';
    Arrays.fill(block, 148, 156, (byte) ' ');
    long sum = 0;
    for (byte b : block) {
      sum += b & 0xFF;
    }
    octal(148, 7, sum);
    block[155] = ' ';
    out.write(block);
  }

  /** Octal digits with leading zeros and a NUL at the end (Go's formatOctal). */
  private void octal(int offset, int size, long value) {
    String digits = Long.toOctalString(value);
    String padded = "0".repeat(Math.max(0, size - 1 - digits.length())) + digits;
    string(offset, size, padded);
  }

  /**
   * Copies {@code s} into a field, NUL-terminated when shorter; a truncated value does not end in
   * '/', so readers that trust the field do not take a file for a directory (Go's formatString).
   */
  private void string(int offset, int size, String s) {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    int n = Math.min(bytes.length, size);
    System.arraycopy(bytes, 0, block, offset, n);
    if (n < size) {
      block[offset + n] = 0;
    } else if (bytes.length > size && bytes[size - 1] == '/') {
      int keep = size - 1;
      while (keep > 0 && bytes[keep - 1] == '/') {
        keep--;
      }
      block[offset + keep] = 0;
    }
  }

  static boolean fitsOctal(int fieldSize, long x) {
    int bits = (fieldSize - 1) * 3;
    return x >= 0 && (fieldSize >= 22 || x < (1L << bits));
  }

  private static boolean isAscii(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }

  private static String toAscii(String s) {
    if (isAscii(s)) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80 && c != 0) {
        b.append(c);
      }
    }
    return b.toString();
  }
}
