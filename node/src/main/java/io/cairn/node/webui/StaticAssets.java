package io.cairn.node.webui;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The page's files, read once from the classpath, each with its content type and an ETag. */
final class StaticAssets {
  /** One file. */
  record Asset(byte[] bytes, String contentType, String etag) {}

  /** The files of the page, by name; index.html serves the folder itself. */
  static final Map<String, String> TYPES =
      Map.of(
          "index.html", "text/html; charset=utf-8",
          "app.css", "text/css; charset=utf-8",
          "app.js", "text/javascript; charset=utf-8",
          "network.js", "text/javascript; charset=utf-8",
          "files.js", "text/javascript; charset=utf-8",
          "favicon.svg", "image/svg+xml");

  private final Map<String, Asset> assets;

  private StaticAssets(Map<String, Asset> assets) {
    this.assets = Map.copyOf(assets);
  }

  /**
   * @param folder the classpath folder, ending in {@code /}
   * @throws IllegalStateException if a file is missing from the build
   */
  static StaticAssets load(String folder) {
    Map<String, Asset> out = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : TYPES.entrySet()) {
      try (InputStream in =
          StaticAssets.class.getClassLoader().getResourceAsStream(folder + e.getKey())) {
        if (in == null) {
          throw new IllegalStateException(
              "the dashboard file " + folder + e.getKey() + " is missing");
        }
        byte[] bytes = in.readAllBytes();
        out.put(e.getKey(), new Asset(bytes, e.getValue(), etag(bytes)));
      } catch (IOException ex) {
        throw new UncheckedIOException(ex);
      }
    }
    return new StaticAssets(out);
  }

  /** The file for a name under {@code /webui/}; the empty name is the page. */
  Optional<Asset> find(String name) {
    return Optional.ofNullable(assets.get(name.isEmpty() ? "index.html" : name));
  }

  private static String etag(byte[] bytes) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(bytes);
      return "\"" + HexFormat.of().formatHex(d, 0, 12) + "\"";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
