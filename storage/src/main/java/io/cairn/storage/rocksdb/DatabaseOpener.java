package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageException;
import io.cairn.storage.StorageOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.rocksdb.ColumnFamilyDescriptor;
import org.rocksdb.ColumnFamilyHandle;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a repo's database: tells a missing database from a damaged or foreign folder, opens every
 * column family (creating Cairn's, keeping any it does not know), checks the schema version and
 * notes whether the last process closed the database.
 */
final class DatabaseOpener {
  private static final Logger LOG = LoggerFactory.getLogger(DatabaseOpener.class);

  /**
   * 2: block index entries may say where in a pack file a block is ({@link BlockEntry}). A version
   * 1 database is upgraded when opened, as each of its entries is a valid version 2 entry.
   */
  static final int SCHEMA_VERSION = 2;

  static final String SCHEMA_KEY = "schema-version";
  static final String REPO_KEY = "repo-id";

  /** A file earlier versions created to test for direct I/O; one a crash left is not data. */
  private static final String PROBE = "DIRECT-IO-PROBE";

  private DatabaseOpener() {}

  /**
   * Opens the database in {@code directory}.
   *
   * @param create whether to create it when the folder is missing or empty
   */
  static RocksDatabase open(Path directory, boolean create) {
    NativeLibrary.load();
    boolean exists = Files.isRegularFile(directory.resolve("CURRENT"));
    if (!exists) {
      if (hasFiles(directory)) {
        throw new StorageException(
            "repo database at "
                + directory
                + " is damaged or is not a Cairn database: it holds files but no CURRENT file");
      }
      if (!create) {
        throw new StorageException(
            "repo database at " + directory + " does not exist; run 'cairn init' to create a repo");
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new StorageException("cannot create the repo database folder " + directory, e);
      }
    }
    RocksTuning tuning = new RocksTuning();
    PackFiles packs = new PackFiles(directory.resolve(PackFiles.FOLDER));
    List<ColumnFamilyHandle> handles = new ArrayList<>();
    RocksDB db = null;
    try {
      List<ColumnFamilyDescriptor> descriptors = new ArrayList<>();
      descriptors.add(new ColumnFamilyDescriptor(RocksDB.DEFAULT_COLUMN_FAMILY, tuning.defaults()));
      for (Column<?, ?> c : Column.ALL) {
        descriptors.add(
            new ColumnFamilyDescriptor(
                c.name().getBytes(StandardCharsets.UTF_8), tuning.options(c)));
      }
      for (byte[] name : existingColumns(directory, exists)) {
        if (descriptors.stream().noneMatch(d -> Arrays.equals(d.getName(), name))) {
          descriptors.add(new ColumnFamilyDescriptor(name, tuning.defaults()));
        }
      }
      db =
          RocksDB.open(tuning.dbOptions(create, packs), directory.toString(), descriptors, handles);
    } catch (RocksDBException e) {
      handles.forEach(ColumnFamilyHandle::close);
      if (db != null) {
        db.close();
      }
      tuning.close();
      packs.close();
      throw RocksErrors.translate(e, "open the repo database", directory);
    }
    RocksDatabase database = new RocksDatabase(directory, tuning, packs, db, handles);
    try {
      byte[] openKey = RocksDatabase.bytes(RocksDatabase.OPEN_KEY);
      database.uncleanShutdown(database.getRaw(Column.META, openKey) != null);
      checkSchema(database);
      database.putRaw(Column.META, openKey, new byte[] {1}, Durability.SYNCED);
      return database;
    } catch (RuntimeException e) {
      database.abandon();
      throw e;
    }
  }

  /**
   * Opens a repo's database in {@code directory}: creates it only where {@code cairn init} left its
   * marker, and refuses a database recorded as another repo's.
   *
   * @param repoId the repo's identity (its node's peer ID), recorded in the database when it is
   *     created (or first opened by a version that records it) and checked at every open
   */
  static RocksDatabase openRepo(Path directory, String repoId) {
    Path marker = directory.resolve(StorageOptions.NEW_REPO_MARKER);
    boolean created = !Files.isRegularFile(directory.resolve("CURRENT"));
    if (created && !Files.isRegularFile(marker)) {
      throw new StorageException(
          "the repo's datastore "
              + directory
              + (Files.isDirectory(directory) ? " is empty" : " is missing")
              + ": its blocks and pins are gone (was the folder deleted or moved?). Restore it, or"
              + " run 'cairn init' to make a new repo in another folder");
    }
    RocksDatabase db = open(directory, created);
    try {
      byte[] key = RocksDatabase.bytes(REPO_KEY);
      byte[] recorded = db.getRaw(Column.META, key);
      if (recorded == null) {
        db.putRaw(Column.META, key, RocksDatabase.bytes(repoId), Durability.SYNCED);
      } else if (!repoId.equals(new String(recorded, StandardCharsets.UTF_8))) {
        throw new StorageException(
            "the repo's datastore "
                + directory
                + " belongs to another repo (node "
                + new String(recorded, StandardCharsets.UTF_8)
                + "), not to this one (node "
                + repoId
                + "); put this repo's own datastore back");
      }
      Files.deleteIfExists(marker);
      return db;
    } catch (IOException e) {
      db.close();
      throw new StorageException("cannot remove " + marker, e);
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
  }

  private static List<byte[]> existingColumns(Path directory, boolean exists)
      throws RocksDBException {
    if (!exists) {
      return List.of();
    }
    try (Options options = new Options()) {
      return RocksDB.listColumnFamilies(options, directory.toString());
    }
  }

  private static boolean hasFiles(Path directory) {
    if (!Files.isDirectory(directory)) {
      return false;
    }
    try (Stream<Path> files = Files.list(directory)) {
      return files.anyMatch(
          f -> {
            String name = f.getFileName().toString();
            return !name.equals(PROBE) && !name.equals(StorageOptions.NEW_REPO_MARKER);
          });
    } catch (IOException e) {
      throw new StorageException("cannot read the repo database folder " + directory, e);
    }
  }

  private static void checkSchema(RocksDatabase db) {
    byte[] key = RocksDatabase.bytes(SCHEMA_KEY);
    byte[] stored = db.getRaw(Column.META, key);
    if (stored == null) {
      db.putRaw(
          Column.META,
          key,
          RocksDatabase.bytes(Integer.toString(SCHEMA_VERSION)),
          Durability.SYNCED);
      return;
    }
    String text = new String(stored, StandardCharsets.UTF_8);
    int version;
    try {
      version = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new StorageException(
          "repo database at "
              + db.directory()
              + " has an unreadable schema version '"
              + text
              + "'");
    }
    if (version == 1) {
      db.putRaw(
          Column.META,
          key,
          RocksDatabase.bytes(Integer.toString(SCHEMA_VERSION)),
          Durability.SYNCED);
      LOG.info(
          "upgraded the repo database at {} to schema version {}", db.directory(), SCHEMA_VERSION);
      return;
    }
    if (version != SCHEMA_VERSION) {
      throw new StorageException(
          "repo database at "
              + db.directory()
              + " has schema version "
              + version
              + "; this version of Cairn reads version "
              + SCHEMA_VERSION
              + (version > SCHEMA_VERSION ? ": upgrade Cairn" : ""));
    }
  }
}
