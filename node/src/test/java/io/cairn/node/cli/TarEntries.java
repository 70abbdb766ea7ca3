package io.cairn.node.cli;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads the entry names of a ustar archive (with PAX {@code path} records) to check archives. */
final class TarEntries {
  private TarEntries() {}

  static List<String> names(byte[] tar) {
    List<String> names = new ArrayList<>();
    String paxPath = null;
    int pos = 0;
    while (pos + 512 <= tar.length && tar[pos] != 0) {
      String name = field(tar, pos, 100);
      String prefix = field(tar, pos + 345, 155);
      long size = Long.parseLong(field(tar, pos + 124, 12).trim(), 8);
      char type = (char) tar[pos + 156];
      int data = pos + 512;
      if (type == 'x') {
        paxPath = paxPath(new String(tar, data, (int) size, StandardCharsets.UTF_8));
      } else {
        names.add(paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name);
        paxPath = null;
      }
      pos = data + (int) ((size + 511) / 512 * 512);
    }
    return names;
  }

  private static String field(byte[] tar, int offset, int length) {
    int end = offset;
    while (end < offset + length && tar[end] != 0) {
      end++;
    }
    return new String(tar, offset, end - offset, StandardCharsets.UTF_8);
  }

  /** The {@code path} of PAX records ("LEN key=value\n"), or null. */
  private static String paxPath(String records) {
    for (String record : records.split("\n")) {
      int space = record.indexOf(' ');
      if (record.startsWith("path=", space + 1)) {
        return record.substring(space + 1 + "path=".length());
      }
    }
    return null;
  }
}
