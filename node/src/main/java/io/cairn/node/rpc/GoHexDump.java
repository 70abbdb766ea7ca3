package io.cairn.node.rpc;

/**
 * Bytes written as Go's {@code encoding/hex.Dump} (the layout of {@code hexdump -C}), which Kubo's
 * {@code name inspect} puts in {@code HexDump}: per 16 bytes a line of the 8-digit offset, two
 * spaces, the bytes in hex in two groups of 8, and the bytes as ASCII (others as {@code .}) between
 * bars; the last line padded to line up.
 */
final class GoHexDump {
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private GoHexDump() {}

  static String dump(byte[] data) {
    StringBuilder out = new StringBuilder(data.length * 5);
    for (int line = 0; line < data.length; line += 16) {
      int n = Math.min(16, data.length - line);
      out.append(String.format("%08x  ", line & 0xffffffffL));
      StringBuilder ascii = new StringBuilder(18).append('|');
      for (int i = 0; i < 16; i++) {
        if (i < n) {
          int b = data[line + i] & 0xff;
          out.append(HEX[b >> 4]).append(HEX[b & 0xf]).append(' ');
          ascii.append(b < 32 || b > 126 ? '.' : (char) b);
        } else {
          out.append("   ");
        }
        if (i == 7) {
          out.append(' ');
        } else if (i == 15) {
          out.append(' ');
        }
      }
      out.append(ascii).append("|\n");
    }
    return out.toString();
  }
}
