package io.cairn.retrieval.gateway;

import java.util.Locale;
import java.util.Map;

/**
 * Content types of files: by the extension of their name (the types Go's {@code mime} package
 * knows, which Kubo uses, and common media types), else by their first bytes ({@link Sniffer}, as
 * Kubo does with the mimetype library when the name says nothing).
 */
final class ContentTypes {
  static final String OCTET_STREAM = "application/octet-stream";

  /** How many leading bytes sniffing reads (the mimetype library's default). */
  static final int SNIFF_LENGTH = 3072;

  private static final Map<String, String> BY_EXTENSION =
      Map.ofEntries(
          // Go's mime package built-in table (charset as Go adds it to text types).
          Map.entry("avif", "image/avif"),
          Map.entry("css", "text/css; charset=utf-8"),
          Map.entry("gif", "image/gif"),
          Map.entry("htm", "text/html; charset=utf-8"),
          Map.entry("html", "text/html; charset=utf-8"),
          Map.entry("jpeg", "image/jpeg"),
          Map.entry("jpg", "image/jpeg"),
          Map.entry("js", "text/javascript; charset=utf-8"),
          Map.entry("json", "application/json"),
          Map.entry("mjs", "text/javascript; charset=utf-8"),
          Map.entry("pdf", "application/pdf"),
          Map.entry("png", "image/png"),
          Map.entry("svg", "image/svg+xml"),
          Map.entry("wasm", "application/wasm"),
          Map.entry("webp", "image/webp"),
          Map.entry("xml", "text/xml; charset=utf-8"),
          // Common types from mime.types that sites and NFTs use.
          Map.entry("apng", "image/apng"),
          Map.entry("bmp", "image/bmp"),
          Map.entry("ico", "image/vnd.microsoft.icon"),
          Map.entry("tif", "image/tiff"),
          Map.entry("tiff", "image/tiff"),
          Map.entry("heic", "image/heic"),
          Map.entry("jxl", "image/jxl"),
          Map.entry("txt", "text/plain; charset=utf-8"),
          Map.entry("md", "text/markdown; charset=utf-8"),
          Map.entry("csv", "text/csv; charset=utf-8"),
          Map.entry("map", "application/json"),
          Map.entry("jsonld", "application/ld+json"),
          Map.entry("webmanifest", "application/manifest+json"),
          Map.entry("mp4", "video/mp4"),
          Map.entry("m4v", "video/mp4"),
          Map.entry("mov", "video/quicktime"),
          Map.entry("webm", "video/webm"),
          Map.entry("ogv", "video/ogg"),
          Map.entry("mkv", "video/x-matroska"),
          Map.entry("mp3", "audio/mpeg"),
          Map.entry("m4a", "audio/mp4"),
          Map.entry("aac", "audio/aac"),
          Map.entry("ogg", "audio/ogg"),
          Map.entry("oga", "audio/ogg"),
          Map.entry("opus", "audio/ogg"),
          Map.entry("wav", "audio/wav"),
          Map.entry("flac", "audio/flac"),
          Map.entry("weba", "audio/webm"),
          Map.entry("glb", "model/gltf-binary"),
          Map.entry("gltf", "model/gltf+json"),
          Map.entry("woff", "font/woff"),
          Map.entry("woff2", "font/woff2"),
          Map.entry("ttf", "font/ttf"),
          Map.entry("otf", "font/otf"),
          Map.entry("zip", "application/zip"),
          Map.entry("gz", "application/gzip"),
          Map.entry("tar", "application/x-tar"),
          Map.entry("car", "application/vnd.ipld.car"),
          Map.entry("wat", "text/plain; charset=utf-8"));

  private ContentTypes() {}

  /** The type a file name's extension implies, or null when it implies none. */
  static String byName(String name) {
    if (name == null) {
      return null;
    }
    int slash = name.lastIndexOf('/');
    int dot = name.lastIndexOf('.');
    if (dot <= slash || dot == name.length() - 1) {
      return null;
    }
    return BY_EXTENSION.get(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /**
   * The type for a response: by name, else by the leading bytes; HTML's charset is dropped so
   * browsers decide it, as Kubo does.
   *
   * @param head the file's first bytes (up to {@link #SNIFF_LENGTH})
   * @param complete whether {@code head} is the whole file
   */
  static String of(String name, byte[] head, boolean complete) {
    String type = byName(name);
    if (type == null) {
      type = Sniffer.sniff(head, complete);
    }
    return type.startsWith("text/html;") ? "text/html" : type;
  }
}
