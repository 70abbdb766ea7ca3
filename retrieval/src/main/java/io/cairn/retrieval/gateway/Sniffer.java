package io.cairn.retrieval.gateway;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Content type detection from a file's first bytes, for files whose name says nothing: the magic
 * numbers of the image, audio, video and document formats dApps serve, then text (HTML, SVG, XML,
 * JSON, plain), as the mimetype library Kubo uses detects them.
 */
final class Sniffer {
  private Sniffer() {}

  /**
   * @param head the first bytes of the content
   * @param complete whether {@code head} is all of it (a truncated JSON or UTF-8 sequence at the
   *     end is accepted when it is not)
   */
  static String sniff(byte[] head, boolean complete) {
    if (head.length == 0) {
      return "text/plain; charset=utf-8";
    }
    String binary = binary(head);
    if (binary != null) {
      return binary;
    }
    if (!isText(head, complete)) {
      return ContentTypes.OCTET_STREAM;
    }
    int start = skipBomAndSpace(head);
    if (start < head.length && head[start] == '<') {
      String markup = markup(head, start);
      if (markup != null) {
        return markup;
      }
    }
    if (start < head.length && (head[start] == '{' || head[start] == '[')) {
      if (new JsonPrefix(head, complete).valid()) {
        return "application/json";
      }
    }
    return "text/plain; charset=utf-8";
  }

  private static String binary(byte[] b) {
    if (starts(b, 0, 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a)) {
      return "image/png";
    }
    if (starts(b, 0, 0xff, 0xd8, 0xff)) {
      return "image/jpeg";
    }
    if (ascii(b, 0, "GIF87a") || ascii(b, 0, "GIF89a")) {
      return "image/gif";
    }
    if (ascii(b, 0, "RIFF") && b.length >= 12) {
      if (ascii(b, 8, "WEBP")) {
        return "image/webp";
      }
      if (ascii(b, 8, "WAVE")) {
        return "audio/wav";
      }
      if (ascii(b, 8, "AVI ")) {
        return "video/x-msvideo";
      }
    }
    if (b.length >= 12 && ascii(b, 4, "ftyp")) {
      return isoMedia(new String(b, 8, 4, StandardCharsets.ISO_8859_1));
    }
    if (starts(b, 0, 0x1a, 0x45, 0xdf, 0xa3)) {
      return indexOf(b, "webm", 64) >= 0 ? "video/webm" : "video/x-matroska";
    }
    if (ascii(b, 0, "OggS")) {
      if (indexOf(b, "OpusHead", 64) >= 0 || indexOf(b, "vorbis", 64) >= 0) {
        return "audio/ogg";
      }
      return indexOf(b, "theora", 64) >= 0 ? "video/ogg" : "application/ogg";
    }
    if (ascii(b, 0, "fLaC")) {
      return "audio/flac";
    }
    if (ascii(b, 0, "ID3")
        || (b.length >= 3
            && (b[0] & 0xff) == 0xff
            && (b[1] & 0xe0) == 0xe0
            && (b[1] & 0x06) != 0)) {
      return "audio/mpeg";
    }
    if (ascii(b, 0, "%PDF-")) {
      return "application/pdf";
    }
    if (starts(b, 0, 0x00, 'a', 's', 'm')) {
      return "application/wasm";
    }
    if (starts(b, 0, 'P', 'K', 0x03, 0x04)) {
      return "application/zip";
    }
    if (starts(b, 0, 0x1f, 0x8b, 0x08)) {
      return "application/gzip";
    }
    if (starts(b, 0, 0x00, 0x00, 0x01, 0x00) && b.length >= 6 && b[4] != 0) {
      return "image/x-icon";
    }
    if (starts(b, 0, 'I', 'I', 0x2a, 0x00) || starts(b, 0, 'M', 'M', 0x00, 0x2a)) {
      return "image/tiff";
    }
    if (ascii(b, 0, "BM") && b.length >= 14 && b[6] == 0 && b[7] == 0 && b[8] == 0 && b[9] == 0) {
      return "image/bmp";
    }
    if (starts(b, 0, 0xff, 0x0a) || starts(b, 0, 0, 0, 0, 0x0c, 'J', 'X', 'L', ' ')) {
      return "image/jxl";
    }
    return null;
  }

  /** ISO base media files (MP4, AVIF, HEIF, QuickTime) by their major brand. */
  private static String isoMedia(String brand) {
    return switch (brand) {
      case "avif", "avis" -> "image/avif";
      case "heic", "heix", "heim", "heis" -> "image/heic";
      case "mif1", "msf1" -> "image/heif";
      case "M4A ", "M4B " -> "audio/mp4";
      case "qt  " -> "video/quicktime";
      case "3gp4", "3gp5", "3gp6", "3gp7", "3gg6" -> "video/3gpp";
      default -> "video/mp4";
    };
  }

  private static String markup(byte[] b, int start) {
    int end = Math.min(b.length, start + 1024);
    String text =
        new String(b, start, end - start, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
    if (text.contains("<svg")) {
      return "image/svg+xml";
    }
    for (String tag :
        new String[] {
          "<!doctype html", "<html", "<head", "<body", "<script", "<title", "<iframe", "<h1",
              "<div",
          "<font", "<table", "<a ", "<style", "<b>", "<br", "<p>", "<p ", "<!--"
        }) {
      if (text.startsWith(tag)) {
        return "text/html; charset=utf-8";
      }
    }
    if (text.startsWith("<?xml")) {
      return "text/xml; charset=utf-8";
    }
    return null;
  }

  private static boolean isText(byte[] b, boolean complete) {
    for (byte x : b) {
      int c = x & 0xff;
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != 0x0c && c != 0x1b) {
        return false;
      }
    }
    CharsetDecoder d =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    int len = b.length;
    if (!complete) {
      // The window may cut a multi-byte character: drop a trailing incomplete one.
      int i = len - 1;
      int back = 0;
      while (i >= 0 && back < 3 && (b[i] & 0xc0) == 0x80) {
        i--;
        back++;
      }
      if (i >= 0 && (b[i] & 0x80) != 0) {
        int need = (b[i] & 0xe0) == 0xc0 ? 1 : (b[i] & 0xf0) == 0xe0 ? 2 : 3;
        if (back < need) {
          len = i;
        }
      }
    }
    try {
      d.decode(ByteBuffer.wrap(b, 0, len));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static int skipBomAndSpace(byte[] b) {
    int i = starts(b, 0, 0xef, 0xbb, 0xbf) ? 3 : 0;
    while (i < b.length && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r')) {
      i++;
    }
    return i;
  }

  private static boolean starts(byte[] b, int at, int... sig) {
    if (b.length < at + sig.length) {
      return false;
    }
    for (int i = 0; i < sig.length; i++) {
      if ((b[at + i] & 0xff) != sig[i]) {
        return false;
      }
    }
    return true;
  }

  private static boolean ascii(byte[] b, int at, String sig) {
    if (b.length < at + sig.length()) {
      return false;
    }
    for (int i = 0; i < sig.length(); i++) {
      if (b[at + i] != sig.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static int indexOf(byte[] b, String s, int limit) {
    int end = Math.min(b.length, limit) - s.length();
    for (int i = 0; i <= end; i++) {
      if (ascii(b, i, s)) {
        return i;
      }
    }
    return -1;
  }
}
