package io.cairn.compute.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.compute.CancellationToken;
import io.cairn.compute.JobEngine;
import io.cairn.compute.JobQueue;
import io.cairn.compute.JobQueues;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.JobState;
import io.cairn.compute.JobStatus;
import io.cairn.compute.LogStream;
import io.cairn.compute.LogTap;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("compute")
class LiveLogTest {
  private static final long WAIT_S = 30;

  @TempDir Path dir;

  /**
   * Writes "one\n", waits to be released, writes "two\n", waits to be finished, then deletes its
   * file and ends.
   */
  final class TwoLineEngine implements JobEngine {
    final CountDownLatch release = new CountDownLatch(1);
    final CountDownLatch finish = new CountDownLatch(1);

    @Override
    public JobResult run(JobSpec spec, CancellationToken cancel) {
      throw new AssertionError("the queue passes a tap");
    }

    @Override
    public JobResult run(JobSpec spec, CancellationToken cancel, LogTap logs) {
      Path file = dir.resolve("stdout-" + spec.args().get(0));
      try {
        Files.createFile(file);
        logs.opened(LogStream.STDOUT, file);
        append(file, "one\n");
        logs.wrote(LogStream.STDOUT, 4);
        cancel.onCancel(release::countDown);
        cancel.onCancel(finish::countDown);
        release.await();
        append(file, "two\n");
        logs.wrote(LogStream.STDOUT, 8);
        finish.await();
        logs.closed(LogStream.STDOUT);
        Files.delete(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return StoredJobQueueTest.result(JobStatus.DONE);
    }

    private static void append(Path file, String text) throws IOException {
      Files.writeString(file, text, StandardOpenOption.APPEND);
    }
  }

  private static String read(JobQueue queue, long id, long offset) throws InterruptedException {
    byte[] buf = new byte[64];
    int n = queue.readLive(id, LogStream.STDOUT, offset, buf);
    return n < 0 ? null : new String(buf, 0, n, StandardCharsets.UTF_8);
  }

  /** {@link #read} on another thread. */
  private static CompletableFuture<String> readLater(JobQueue queue, long id, long offset) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return read(queue, id, offset);
          } catch (InterruptedException e) {
            throw new IllegalStateException(e);
          }
        });
  }

  @Test
  void aReaderGetsEachLineWhileTheJobRunsThenTheEnd() throws Exception {
    var engine = new TwoLineEngine();
    try (Storage storage = Storages.open(StorageOptions.defaults(dir.resolve("db")));
        JobQueue queue = JobQueues.open(storage, engine, 1)) {
      long id = queue.submit(StoredJobQueueTest.spec("a")).id();
      assertThat(read(queue, id, 0)).isEqualTo("one\n");
      assertThat(queue.get(id).orElseThrow().state()).isEqualTo(JobState.RUNNING);
      CompletableFuture<String> next = readLater(queue, id, 4);
      engine.release.countDown();
      assertThat(next.get(WAIT_S, TimeUnit.SECONDS)).isEqualTo("two\n");
      CompletableFuture<String> end = readLater(queue, id, 8);
      engine.finish.countDown();
      assertThat(end.get(WAIT_S, TimeUnit.SECONDS)).isNull();
      assertThat(queue.completion(id).get(WAIT_S, TimeUnit.SECONDS).state())
          .isEqualTo(JobState.DONE);
      assertThat(read(queue, id, 0)).as("an ended job's log is in its result").isNull();
      assertThatThrownBy(() -> read(queue, 99, 0))
          .isInstanceOf(NoSuchElementException.class)
          .hasMessage("no job 99");
    }
  }

  @Test
  void aReaderOfAQueuedJobHearsItsCancellation() throws Exception {
    var engine = new TwoLineEngine();
    try (Storage storage = Storages.open(StorageOptions.defaults(dir.resolve("db")));
        JobQueue queue = JobQueues.open(storage, engine, 1)) {
      long running = queue.submit(StoredJobQueueTest.spec("a")).id();
      long queued = queue.submit(StoredJobQueueTest.spec("b")).id();
      assertThat(read(queue, running, 0)).isEqualTo("one\n");
      CompletableFuture<String> reader = readLater(queue, queued, 0);
      queue.cancel(queued);
      assertThat(reader.get(WAIT_S, TimeUnit.SECONDS)).isNull();
      assertThat(queue.get(queued).orElseThrow().state()).isEqualTo(JobState.CANCELLED);
      engine.release.countDown();
      engine.finish.countDown();
    }
  }
}
