package io.cairn.retrieval.gateway;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the regular files of a tar archive (USTAR and PAX path records), for assertions. */
final class Tar {
  private Tar() {}

  static Map<String, byte[]> read(byte[] tar) {
    Map<String, byte[]> out = new LinkedHashMap<>();
    int at = 0;
    String paxPath = null;
    while (at + 512 <= tar.length) {
      byte[] h = Arrays.copyOfRange(tar, at, at + 512);
      if (allZero(h)) {
        break;
      }
      String name = field(h, 0, 100);
      String prefix = field(h, 345, 155);
      long size =
          Long.parseLong(field(h, 124, 12).strip().isEmpty() ? "0" : field(h, 124, 12).strip(), 8);
      char type = (char) h[156];
      byte[] body = Arrays.copyOfRange(tar, at + 512, at + 512 + (int) size);
      at += 512 + (int) ((size + 511) / 512 * 512);
      if (type == 'x') {
        for (String record : new String(body, StandardCharsets.UTF_8).split("\n")) {
          int sp = record.indexOf(' ');
          if (sp > 0 && record.startsWith("path=", sp + 1)) {
            paxPath = record.substring(sp + 6);
          }
        }
        continue;
      }
      String path = paxPath != null ? paxPath : prefix.isEmpty() ? name : prefix + "/" + name;
      paxPath = null;
      if (type == '0' || type == 0) {
        out.put(path, body);
      } else if (type == '5') {
        out.put(path.endsWith("/") ? path : path + "/", null);
      }
    }
    return out;
  }

  private static String field(byte[] h, int off, int len) {
    int end = off;
    while (end < off + len && h[end] != 0) {
      end++;
    }
    return new String(h, off, end - off, StandardCharsets.UTF_8);
  }

  private static boolean allZero(byte[] b) {
    for (byte x : b) {
      if (x != 0) {
        return false;
      }
    }
    return true;
  }
}
