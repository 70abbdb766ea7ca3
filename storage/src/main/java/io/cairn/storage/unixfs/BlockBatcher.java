package io.cairn.storage.unixfs;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;

/**
 * Collects an import's blocks into batches of a few MiB and writes each with one {@link
 * BlockStore#putAll} on a writer thread, so hashing the next blocks overlaps storing the last ones.
 * At most two batches wait for the writer, which bounds the memory in flight. Blocks with identity
 * CIDs are not stored: their bytes are in their CIDs.
 */
final class BlockBatcher implements AutoCloseable {
  static final int DEFAULT_BATCH_BYTES = 4 << 20;
  private static final Object STOP = new Object();

  private final BlockStore sink;
  private final int batchBytes;
  private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(2);
  private List<Block> batch = new ArrayList<>();
  private long batchSize;
  private boolean unflushed;
  private Thread writer;
  private volatile RuntimeException failure;

  BlockBatcher(BlockStore sink) {
    this(sink, DEFAULT_BATCH_BYTES);
  }

  BlockBatcher(BlockStore sink, int batchBytes) {
    this.sink = sink;
    this.batchBytes = batchBytes;
  }

  void put(Block block) {
    checkFailure();
    if (block.cid().isIdentity()) {
      return;
    }
    batch.add(block);
    batchSize += block.size();
    unflushed = true;
    if (batchSize >= batchBytes) {
      submit();
    }
  }

  /** Writes every block put so far and waits until the store has them. */
  void flush() {
    if (!unflushed) {
      checkFailure();
      return;
    }
    unflushed = false;
    submit();
    if (writer == null) {
      checkFailure();
      return;
    }
    CountDownLatch done = new CountDownLatch(1);
    enqueue(done);
    try {
      done.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("import interrupted while blocks were being stored", e);
    }
    checkFailure();
  }

  @Override
  public void close() {
    if (writer == null) {
      return;
    }
    try {
      queue.put(STOP);
      writer.join();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      writer.interrupt();
    }
    writer = null;
  }

  private void submit() {
    if (batch.isEmpty()) {
      return;
    }
    List<Block> full = batch;
    batch = new ArrayList<>(full.size());
    batchSize = 0;
    enqueue(full);
  }

  private void enqueue(Object item) {
    if (writer == null) {
      writer = Thread.ofPlatform().daemon().name("unixfs-block-writer").start(this::drain);
    }
    try {
      queue.put(item);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException("import interrupted while blocks were being stored", e);
    }
    checkFailure();
  }

  private void drain() {
    while (true) {
      Object item;
      try {
        item = queue.take();
      } catch (InterruptedException e) {
        return;
      }
      if (item == STOP) {
        return;
      }
      if (item instanceof CountDownLatch latch) {
        latch.countDown();
      } else if (failure == null) {
        @SuppressWarnings("unchecked")
        List<Block> blocks = (List<Block>) item;
        try {
          sink.putAll(blocks);
        } catch (RuntimeException e) {
          failure = e;
        } catch (Error e) {
          // The thread must go on taking items, or the importer waits on the queue for good.
          failure = new StorageException("storing imported blocks failed: " + e, e);
        }
      }
    }
  }

  private void checkFailure() {
    RuntimeException f = failure;
    if (f != null) {
      throw f instanceof StorageException s
          ? new StorageException(s.getMessage(), s)
          : new StorageException("storing imported blocks failed: " + f.getMessage(), f);
    }
  }
}
