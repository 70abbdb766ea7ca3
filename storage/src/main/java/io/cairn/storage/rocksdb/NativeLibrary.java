package io.cairn.storage.rocksdb;

import java.io.IOException;
import java.io.InputStream;
import java.net.JarURLConnection;
import java.net.URL;
import java.net.URLConnection;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import org.rocksdb.RocksDB;
import org.rocksdb.util.Environment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads RocksDB's JNI library from one file per library build, shared by every process.
 *
 * <p>{@link RocksDB#loadLibrary()} copies the 17 MB library to a new temporary file on every start
 * and deletes it only when the JVM exits normally, so each killed process (a crash, a test that
 * kills a daemon) leaves one behind. Here the library goes once to {@code
 * <tmp>/cairn-rocksdb-<crc>-<size>/}, named after the jar entry's CRC-32 and size so that another
 * RocksDB version gets its own folder. It is written to a temporary name and moved into place
 * atomically, so a process never loads a half-written copy of another's. When anything here fails,
 * RocksDB's own loader runs instead.
 */
final class NativeLibrary {
  private static final Logger LOG = LoggerFactory.getLogger(NativeLibrary.class);
  private static volatile boolean loaded;

  private NativeLibrary() {}

  static void load() {
    if (loaded) {
      return;
    }
    synchronized (NativeLibrary.class) {
      if (loaded) {
        return;
      }
      try {
        Path dir = extract(Path.of(System.getProperty("java.io.tmpdir")));
        if (dir != null) {
          RocksDB.loadLibrary(List.of(dir.toString()));
        }
      } catch (IOException | RuntimeException | UnsatisfiedLinkError e) {
        LOG.debug("loading RocksDB from a shared copy failed, using its own loader", e);
      }
      RocksDB.loadLibrary(); // returns at once when the shared copy loaded
      loaded = true;
    }
  }

  /**
   * The file name {@link RocksDB#loadLibrary(List)} looks for in a folder. It builds it from {@code
   * "rocksdbjni"} ({@code librocksdbjnijni-linux64.so} on Linux), not from the name the jar stores
   * the library under, so the copy must carry that name.
   */
  static String fileName() {
    return Environment.getJniLibraryFileName("rocksdbjni");
  }

  /**
   * Puts the library for this platform under {@code tmp}, unless it is there already.
   *
   * @return the folder holding it, or {@code null} when the jar does not hold one for this platform
   */
  static Path extract(Path tmp) throws IOException {
    URL url =
        RocksDB.class.getClassLoader().getResource(Environment.getJniLibraryFileName("rocksdb"));
    if (url == null) {
      return null;
    }
    URLConnection connection = url.openConnection();
    String key;
    if (connection instanceof JarURLConnection jar) {
      JarEntry entry = jar.getJarEntry();
      key = HexFormat.of().toHexDigits((int) entry.getCrc()) + "-" + entry.getSize();
    } else {
      key = "file-" + connection.getContentLengthLong();
    }
    Path dir = tmp.resolve("cairn-rocksdb-" + key);
    Path target = dir.resolve(fileName());
    if (Files.isRegularFile(target)) {
      return dir;
    }
    Files.createDirectories(dir);
    Path part = Files.createTempFile(dir, "rocksdb", ".part");
    try {
      try (InputStream in = connection.getInputStream()) {
        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
      }
      try {
        Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (FileAlreadyExistsException | AtomicMoveNotSupportedException raced) {
        // another process put it there first (rename over an existing file is atomic on POSIX
        // and does not throw; this covers file systems that refuse it)
        if (!Files.isRegularFile(target)) {
          throw raced;
        }
      }
    } finally {
      Files.deleteIfExists(part);
    }
    return dir;
  }
}
