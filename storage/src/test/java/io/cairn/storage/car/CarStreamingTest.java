package io.cairn.storage.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.storage.Block;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Multicodec;
import io.cairn.storage.testing.TestData;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * CARs larger than the test JVM's heap (1 GiB, set by the build) stream through the reader and the
 * writer: neither may hold more than the block in hand.
 */
class CarStreamingTest {
  private static final Block BIG =
      Block.create(Multicodec.RAW, TestData.bytes(42, BlockStore.MAX_BLOCK_SIZE));

  /** Enough 2 MiB sections to outgrow the heap. */
  private static final long SECTIONS = Runtime.getRuntime().maxMemory() / BIG.size() + 16;

  @BeforeAll
  static void heapIsSmallEnoughToTestInReasonableTime() {
    assumeTrue(Runtime.getRuntime().maxMemory() <= (2L << 30), "heap over 2 GiB");
  }

  @Test
  void readsACarLargerThanTheHeap() {
    byte[] head = CarTestData.carV1(List.of(BIG.cid()), List.of());
    byte[] section = CarTestData.section(BIG.cid().bytes(), BIG.data());
    InputStream car = new RepeatingStream(head, section, SECTIONS);
    long n = 0;
    long bytes = 0;
    try (CarReader r = CarReader.open(car)) {
      for (Block b : r) {
        n++;
        bytes += b.size();
      }
    }
    assertThat(n).isEqualTo(SECTIONS);
    assertThat(bytes).isGreaterThan(Runtime.getRuntime().maxMemory());
  }

  @Test
  void writesACarLargerThanTheHeap() {
    CountingSink sink = new CountingSink();
    CarWriter w = CarWriter.create(sink, List.of(BIG.cid()));
    for (int i = 0; i < SECTIONS; i++) {
      w.write(BIG);
    }
    w.flush();
    assertThat(sink.count).isEqualTo(w.byteCount()).isGreaterThan(Runtime.getRuntime().maxMemory());
  }

  /** A header followed by one section repeated, generated as read. */
  private static final class RepeatingStream extends InputStream {
    private final byte[] head;
    private final byte[] section;
    private final long repeats;
    private long pos;

    RepeatingStream(byte[] head, byte[] section, long repeats) {
      this.head = head;
      this.section = section;
      this.repeats = repeats;
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) {
      long total = head.length + section.length * repeats;
      if (pos >= total) {
        return -1;
      }
      int n;
      if (pos < head.length) {
        n = (int) Math.min(len, head.length - pos);
        System.arraycopy(head, (int) pos, b, off, n);
      } else {
        int in = (int) ((pos - head.length) % section.length);
        n = Math.min(len, section.length - in);
        System.arraycopy(section, in, b, off, n);
      }
      pos += n;
      return n;
    }
  }

  private static final class CountingSink extends OutputStream {
    long count;

    @Override
    public void write(int b) {
      count++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      count += len;
    }
  }
}
