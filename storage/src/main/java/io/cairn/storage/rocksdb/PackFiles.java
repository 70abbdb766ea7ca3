package io.cairn.storage.rocksdb;

import io.cairn.storage.StorageException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Append-only files holding the bytes of large blocks; the block index says where each block is
 * ({@link BlockEntry}).
 *
 * <p>Why not RocksDB's blob files: a value written to RocksDB is copied into a write batch and a
 * memtable, then copied again and checksummed (a software CRC32C in the Maven Central build) when
 * the memtable is flushed. For a 1 GiB add that was about 2.5 of its 6 CPU-seconds. Here a block is
 * written once, straight from the importer's buffer, as {@code dd} would; the write-back of the
 * page cache starts every {@link #WRITEBACK_EVERY} bytes, so the disk works while the importer
 * hashes, instead of at the final sync.
 *
 * <p>A pack is {@code MAGIC}, then records of: key length (one byte), key (the block's multihash),
 * data length (four bytes, big-endian), data. The key lets {@link #scan} list a pack's blocks for
 * reclaiming space. A process appends only to the pack it created, so a pack left by an earlier
 * process is never written again: a crash leaves at most a torn record at its end, past every
 * offset the index holds.
 *
 * <p>Durability: {@link #sync} persists every record appended before it. The database calls it
 * before each flush ({@link RocksTuning}), so no index entry reaches the disk before the bytes it
 * points to; writes that use the write-ahead log sync the packs first ({@link RocksBlockStore}).
 */
final class PackFiles implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PackFiles.class);

  /** The folder, inside the database's, that holds the pack files. */
  static final String FOLDER = "packs";

  /** Blocks of at least this size go to pack files; smaller ones stay beside their keys. */
  static final int MIN_PACKED_SIZE = 4 * 1024;

  /** A pack is closed and a new one begun once it passes this size. */
  static final long ROLL_SIZE = 1L << 30;

  /**
   * Written bytes between two requests to the kernel to start writing them out. Without them
   * nothing reaches the disk until the final sync: the kernel starts write-back on its own only
   * once a tenth of the machine's memory is dirty.
   */
  static final long WRITEBACK_EVERY = 32L << 20;

  /** Packs held open for reading at most; a repo of many GiB does not hold a file per GiB. */
  static final int MAX_OPEN_READERS = 64;

  /** Keys longer than a record's one-byte length stay in the database with their blocks. */
  static final int MAX_KEY_LENGTH = 255;

  private static final byte[] MAGIC = "CAIRNPK1".getBytes(StandardCharsets.US_ASCII);
  private static final String SUFFIX = ".pack";

  private final Path folder;
  private final Map<Integer, FileChannel> readers = new ConcurrentHashMap<>();
  private final AtomicBoolean writebackQueued = new AtomicBoolean();
  private final Object lock = new Object();

  // The pack being appended to, guarded by lock.
  private FileChannel writer;
  private int writerId;
  private long writerEnd;
  private long syncedEnd;
  private long writebackMark;
  private int nextId;
  private ExecutorService writeback;
  private boolean closed;

  /** Packs whose writer was dropped before they were synced; guarded by lock. */
  private final List<Integer> abandoned = new ArrayList<>();

  PackFiles(Path folder) {
    this.folder = folder;
  }

  /** Whether a block of this size and key goes to a pack file. */
  static boolean packs(int size, byte[] key) {
    return size >= MIN_PACKED_SIZE && key.length <= MAX_KEY_LENGTH;
  }

  /**
   * Appends a block to the current pack.
   *
   * @return the block's index entry
   */
  BlockEntry append(byte[] key, byte[] data) {
    if (key.length > MAX_KEY_LENGTH) {
      throw new IllegalArgumentException("key of " + key.length + " bytes is too long for a pack");
    }
    ByteBuffer header = ByteBuffer.allocate(1 + key.length + 4);
    header.put((byte) key.length).put(key).putInt(data.length).flip();
    long length = header.remaining() + (long) data.length;
    synchronized (lock) {
      if (closed) {
        throw new StorageException("the pack files in " + folder + " are closed");
      }
      try {
        if (writer == null || writerEnd + length > ROLL_SIZE && writerEnd > MAGIC.length) {
          roll();
        }
        long start = writerEnd;
        ByteBuffer[] parts = {header, ByteBuffer.wrap(data)};
        long written = 0;
        while (written < length) {
          written += writer.write(parts);
        }
        writerEnd += length;
        if (writerEnd - writebackMark >= WRITEBACK_EVERY) {
          writebackMark = writerEnd;
          startWriteback(writer);
        }
        return new BlockEntry(data.length, writerId, start + header.capacity());
      } catch (IOException e) {
        // The pack's end is unknown now: the next append begins a new one.
        abandonWriter();
        throw new StorageException("cannot write to pack file " + path(writerId), e);
      }
    }
  }

  /** Persists every record appended before the call. */
  void sync() {
    syncAbandoned();
    FileChannel w;
    long end;
    synchronized (lock) {
      w = writer;
      end = writerEnd;
      if (w == null || end <= syncedEnd) {
        return;
      }
    }
    try {
      w.force(false);
    } catch (ClosedChannelException e) {
      // Closed by close(), closeCurrent() or a roll, each of which syncs it first, or by an
      // interrupt (of this thread or of one appending), which leaves it unusable: it is abandoned
      // and synced through a new handle.
      synchronized (lock) {
        if (writer == w) {
          abandonWriter();
        }
      }
      if (e instanceof ClosedByInterruptException) {
        // Nothing is known to be synced: the caller must not go on as if it were.
        throw new StorageException("interrupted while syncing pack file " + path(writerId), e);
      }
      syncAbandoned();
      return;
    } catch (IOException e) {
      throw new StorageException("cannot sync pack file " + path(writerId), e);
    }
    synchronized (lock) {
      if (writer == w) {
        syncedEnd = Math.max(syncedEnd, end);
      }
    }
  }

  /** Syncs, through new handles, the packs whose writer was dropped unsynced. */
  private void syncAbandoned() {
    List<Integer> ids;
    synchronized (lock) {
      if (abandoned.isEmpty()) {
        return;
      }
      ids = List.copyOf(abandoned);
    }
    for (int id : ids) {
      try (FileChannel c = FileChannel.open(path(id), StandardOpenOption.WRITE)) {
        c.force(false);
      } catch (NoSuchFileException e) {
        // deleted since: nothing of it is needed
      } catch (IOException e) {
        throw new StorageException("cannot sync pack file " + path(id), e);
      }
      synchronized (lock) {
        abandoned.remove(Integer.valueOf(id));
      }
    }
  }

  /** The pack being written: its number and size in bytes. */
  record Current(int id, long size) {}

  /** The pack being written, or null when none is open. */
  Current currentPack() {
    synchronized (lock) {
      return writer == null ? null : new Current(writerId, writerEnd);
    }
  }

  /** Bytes appended to the pack being written and not yet synced; -1 while a dropped pack is. */
  long unsyncedBytes() {
    synchronized (lock) {
      if (!abandoned.isEmpty()) {
        return -1;
      }
      return writer == null ? 0 : writerEnd - syncedEnd;
    }
  }

  /**
   * Reads a packed block's bytes.
   *
   * @return the bytes, or null if the pack is gone (its blocks moved by {@link #delete})
   * @throws EOFException if the pack ends before the block does (a torn or truncated pack)
   * @throws IOException if the pack cannot be read
   */
  byte[] read(BlockEntry entry) throws IOException {
    for (int attempt = 0; attempt < 3; attempt++) {
      FileChannel channel = reader(entry.pack());
      if (channel == null) {
        return null;
      }
      try {
        return readFully(channel, entry);
      } catch (ClosedByInterruptException e) {
        // An interrupt closes the channel for every thread: the next read opens a new one.
        readers.remove(entry.pack(), channel);
        throw e;
      } catch (ClosedChannelException e) {
        // Closed under this read: the pack was deleted (the next open finds no file), its reader
        // was evicted, or another reader was interrupted. Open it again.
        readers.remove(entry.pack(), channel);
      }
    }
    throw new IOException("pack file " + path(entry.pack()) + " was closed under three reads");
  }

  private byte[] readFully(FileChannel channel, BlockEntry entry) throws IOException {
    byte[] out = new byte[entry.size()];
    ByteBuffer buf = ByteBuffer.wrap(out);
    long position = entry.offset();
    while (buf.hasRemaining()) {
      int n = channel.read(buf, position);
      if (n < 0) {
        throw new EOFException(
            "pack file "
                + path(entry.pack())
                + " ends at "
                + position
                + ", inside a block of "
                + entry.size()
                + " bytes at "
                + entry.offset());
      }
      position += n;
    }
    return out;
  }

  private FileChannel reader(int id) throws IOException {
    FileChannel c = readers.get(id);
    if (c != null) {
      return c;
    }
    try {
      c = FileChannel.open(path(id), StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return null;
    }
    FileChannel raced = readers.putIfAbsent(id, c);
    if (raced != null) {
      c.close();
      return raced;
    }
    evictReaders(id);
    return c;
  }

  /**
   * Keeps at most {@link #MAX_OPEN_READERS} packs open for reading, closing others when a new one
   * opens; a read in flight on a closed one opens it again.
   */
  private void evictReaders(int keep) {
    if (readers.size() <= MAX_OPEN_READERS) {
      return;
    }
    for (Map.Entry<Integer, FileChannel> e : readers.entrySet()) {
      if (readers.size() <= MAX_OPEN_READERS) {
        return;
      }
      if (e.getKey() != keep && readers.remove(e.getKey(), e.getValue())) {
        try {
          e.getValue().close();
        } catch (IOException ex) {
          LOG.debug("closing pack file {}", path(e.getKey()), ex);
        }
      }
    }
  }

  /**
   * The packs no longer written to, by number, with their sizes in bytes. The pack being appended
   * to is left out: blocks being written to it may not be in the index yet.
   */
  Map<Integer, Long> closedPacks() {
    Map<Integer, Long> sizes = new HashMap<>();
    int current;
    synchronized (lock) {
      current = writer == null ? 0 : writerId;
    }
    if (!Files.isDirectory(folder)) {
      return sizes;
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path p : files) {
        int id = id(p);
        if (id > 0 && id != current) {
          try {
            sizes.put(id, Files.size(p));
          } catch (NoSuchFileException e) {
            // deleted while listing
          }
        }
      }
    } catch (IOException e) {
      throw new StorageException("cannot list the pack files in " + folder, e);
    }
    return sizes;
  }

  /** A record found by {@link #scan}. */
  interface Visitor {
    void record(byte[] key, BlockEntry entry);
  }

  /** Visits a pack's records in order, up to a torn record at its end, if any. */
  void scan(int id, Visitor visitor) {
    try (InputStream file = Files.newInputStream(path(id));
        DataInputStream in = new DataInputStream(new BufferedInputStream(file, 1 << 16))) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new StorageException("pack file " + path(id) + " does not start as a pack does");
      }
      long position = MAGIC.length;
      while (true) {
        int keyLength = in.read();
        if (keyLength < 0) {
          return;
        }
        byte[] key = new byte[keyLength];
        in.readFully(key);
        int size = in.readInt();
        long offset = position + 1 + keyLength + 4;
        in.skipNBytes(size);
        visitor.record(key, new BlockEntry(size, id, offset));
        position = offset + size;
      }
    } catch (EOFException e) {
      // a record torn by a crash: nothing in the index points into it
    } catch (IOException e) {
      throw new StorageException("cannot read pack file " + path(id), e);
    }
  }

  /** Deletes a pack whose blocks are all gone or moved; reads of it in flight return null. */
  void delete(int id) {
    FileChannel c = readers.remove(id);
    try {
      if (c != null) {
        c.close();
      }
      Files.deleteIfExists(path(id));
    } catch (IOException e) {
      throw new StorageException("cannot delete pack file " + path(id), e);
    }
  }

  /**
   * Syncs and closes the pack being written, so that {@link #closedPacks} lists it; the next append
   * begins a new pack. The caller makes sure no append to it is still on its way to the index.
   */
  void closeCurrent() {
    synchronized (lock) {
      try {
        closeWriter();
      } catch (IOException e) {
        throw new StorageException("cannot sync pack file " + path(writerId), e);
      }
    }
  }

  /**
   * Syncs and closes the pack being written, if any; one that fails to sync is dropped and left to
   * the next {@link #sync}. Holds the lock.
   */
  private void closeWriter() throws IOException {
    if (writer == null) {
      return;
    }
    try {
      writer.force(false);
    } catch (IOException e) {
      abandonWriter();
      throw e;
    }
    writer.close();
    writer = null;
  }

  /** Syncs and closes the pack being written, and opens the next. Holds the lock. */
  private void roll() throws IOException {
    closeWriter();
    if (nextId == 0) {
      Files.createDirectories(folder);
      syncFolder(folder.getParent());
      nextId = highestId() + 1;
    }
    int id = nextId++;
    FileChannel c =
        FileChannel.open(path(id), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      c.write(ByteBuffer.wrap(MAGIC));
      c.force(false);
      syncFolder(folder);
    } catch (IOException e) {
      c.close();
      throw e;
    }
    writer = c;
    writerId = id;
    writerEnd = MAGIC.length;
    syncedEnd = writerEnd;
    writebackMark = writerEnd;
  }

  /**
   * Drops the pack being written after a failed write or sync (an interrupt closes the channel,
   * too). Its records so far may be in the index already, so the next {@link #sync} syncs it
   * through a new handle. Holds the lock.
   */
  private void abandonWriter() {
    if (writer == null) {
      return;
    }
    try {
      writer.close();
    } catch (IOException e) {
      LOG.debug("closing pack file {}", path(writerId), e);
    }
    writer = null;
    abandoned.add(writerId);
  }

  /** Asks the kernel to write the pack's dirty pages out, on a thread of its own. */
  private void startWriteback(FileChannel channel) {
    if (!writebackQueued.compareAndSet(false, true)) {
      return;
    }
    if (writeback == null) {
      writeback =
          Executors.newSingleThreadExecutor(
              Thread.ofPlatform().daemon().name("cairn-pack-writeback").factory());
    }
    writeback.execute(
        () -> {
          try {
            channel.force(false);
          } catch (IOException e) {
            // closed by a roll or close, which sync it themselves; a real error shows at sync()
          } finally {
            writebackQueued.set(false);
          }
        });
  }

  private int highestId() throws IOException {
    int max = 0;
    try (DirectoryStream<Path> files = Files.newDirectoryStream(folder, "*" + SUFFIX)) {
      for (Path p : files) {
        max = Math.max(max, id(p));
      }
    }
    return max;
  }

  private static int id(Path p) {
    String name = p.getFileName().toString();
    try {
      return Integer.parseInt(name.substring(0, name.length() - SUFFIX.length()));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void syncFolder(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }

  Path folder() {
    return folder;
  }

  private Path path(int id) {
    return folder.resolve(String.format("%08d%s", id, SUFFIX));
  }

  /** Syncs the pack being written and closes every file. */
  @Override
  public void close() {
    synchronized (lock) {
      if (closed) {
        return;
      }
      closed = true;
      try {
        closeWriter();
      } catch (IOException e) {
        LOG.warn("could not sync pack file {} before closing: {}", path(writerId), e.getMessage());
      }
      if (writeback != null) {
        writeback.shutdownNow();
      }
    }
    try {
      syncAbandoned();
    } catch (StorageException e) {
      LOG.warn("could not sync a dropped pack file before closing: {}", e.getMessage());
    }
    for (FileChannel c : readers.values()) {
      try {
        c.close();
      } catch (IOException e) {
        LOG.debug("closing a pack file", e);
      }
    }
    readers.clear();
  }
}
