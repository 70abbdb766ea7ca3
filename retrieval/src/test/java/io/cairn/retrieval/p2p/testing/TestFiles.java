package io.cairn.retrieval.p2p.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Seeded files and directory trees for transfer tests, and their digests to compare. */
public final class TestFiles {
  private TestFiles() {}

  /** Writes {@code size} seeded random bytes to {@code file}. */
  public static Path random(Path file, long size, long seed) throws IOException {
    Files.createDirectories(file.getParent());
    Random random = new Random(seed);
    byte[] chunk = new byte[1 << 20];
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long left = size; left > 0; left -= chunk.length) {
        random.nextBytes(chunk);
        out.write(chunk, 0, (int) Math.min(left, chunk.length));
      }
    }
    return file;
  }

  /**
   * Writes a small tree under {@code root}: an empty file, a file under 1 KiB (Helia answers a
   * want-have for it with the block), files of several blocks, nested directories.
   */
  public static Path tree(Path root, long seed) throws IOException {
    Files.createDirectories(root.resolve("empty-dir"));
    random(root.resolve("empty.txt"), 0, seed);
    random(root.resolve("small.txt"), 700, seed + 1);
    random(root.resolve("docs/readme.md"), 5_000, seed + 2);
    random(root.resolve("docs/images/photo.bin"), 3 * 1024 * 1024 + 17, seed + 3);
    random(root.resolve("data/part-1.bin"), 600_000, seed + 4);
    return root;
  }

  /** The SHA-256 of a stream's bytes, in hex; reads it to the end. */
  public static String sha256(InputStream in) throws IOException {
    MessageDigest md = sha256();
    byte[] buf = new byte[1 << 16];
    for (int n; (n = in.read(buf)) > 0; ) {
      md.update(buf, 0, n);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  public static String sha256(Path file) throws IOException {
    try (InputStream in = Files.newInputStream(file)) {
      return sha256(in);
    }
  }

  /**
   * Every entry under {@code root} by relative path ('/'-separated): "dir" for a directory, else
   * the file's size and SHA-256.
   */
  public static Map<String, String> digests(Path root) throws IOException {
    Map<String, String> out = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(root)) {
      for (Path p : walk.filter(p -> !p.equals(root)).toList()) {
        String rel = root.relativize(p).toString().replace('\\', '/');
        out.put(rel, Files.isDirectory(p) ? "dir" : Files.size(p) + " " + sha256(p));
      }
    }
    return out;
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("the JDK has no SHA-256", e);
    }
  }
}
