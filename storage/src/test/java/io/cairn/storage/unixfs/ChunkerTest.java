package io.cairn.storage.unixfs;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Chunk boundaries. The content-defined vectors were computed by running boxo's {@code
 * chunker/buzhash.go} and whyrusleeping/chunker (which boxo's {@code chunker/rabin.go} drives with
 * {@code IpfsRabinPoly}) over the same {@link TestData} bytes; boxo's own tests check only sizes
 * and reassembly, not boundaries. The rabin-wasm polynomial vector also matches the JS chunker,
 * which {@code ImporterParityIT} checks live.
 */
class ChunkerTest {
  private static final byte[] BUZ = TestData.bytes(0xB0B0L, 3 * 1024 * 1024 + 12345);
  private static final byte[] RAB1 = TestData.bytes(0xDAB1L, 2 * 1024 * 1024 + 999);
  private static final byte[] RAB2 = TestData.bytes(0xDAB2L, 70000);
  private static final byte[] ZEROS = new byte[1536 * 1024 + 7];

  @Test
  void buzhashCutsWhereBoxoCuts() throws IOException {
    assertThat(lengths(in -> new BuzhashChunker(in), BUZ))
        .containsExactly(
            177856, 249907, 143131, 164220, 256324, 264511, 441387, 148438, 365237, 258179, 378103,
            177454, 133326);
  }

  @Test
  void buzhashCutsZerosAtItsMinimum() throws IOException {
    List<Integer> expected = new ArrayList<>(Collections.nCopies(12, 131072));
    expected.add(7);
    assertThat(lengths(in -> new BuzhashChunker(in), ZEROS)).isEqualTo(expected);
  }

  @Test
  void rabinCutsWhereBoxoCuts() throws IOException {
    assertThat(lengths(rabin(87381, 262144, 393216), RAB1))
        .containsExactly(393216, 393216, 101096, 240370, 393216, 393216, 132929, 50892);
    assertThat(lengths(rabin(512, 1024, 2048), RAB2))
        .containsExactly(
            688, 755, 556, 784, 1399, 1458, 545, 2048, 1363, 1303, 1761, 2048, 2048, 1981, 912,
            1478, 1106, 1003, 2048, 2048, 560, 538, 1511, 2048, 1620, 767, 2048, 1204, 659, 1714,
            2048, 1359, 2048, 955, 1228, 851, 571, 617, 2048, 2048, 1372, 631, 1561, 2048, 859, 667,
            2048, 2048, 1329, 1728, 1074, 861);
  }

  @Test
  void rabinCutsZerosAtItsMinimum() throws IOException {
    List<Integer> expected = new ArrayList<>(Collections.nCopies(18, 87381));
    expected.add(13);
    assertThat(lengths(rabin(87381, 262144, 393216), ZEROS)).isEqualTo(expected);
  }

  @Test
  void rabinWithTheJsPolynomialCutsWhereRabinWasmCuts() throws IOException {
    Function<InputStream, Chunker> jsRabin =
        in -> new RabinChunker(in, 0x3DA3358B4DC173L, 87381, 262144, 393216);
    assertThat(lengths(jsRabin, RAB1))
        .containsExactly(393216, 393216, 340182, 240336, 187768, 393216, 150217);
  }

  @Test
  void contentDefinedChunksDoNotDependOnHowTheStreamIsRead() throws IOException {
    for (Function<InputStream, Chunker> c :
        List.<Function<InputStream, Chunker>>of(
            in -> new BuzhashChunker(in), rabin(512, 1024, 2048))) {
      List<Integer> whole = lengths(c, RAB1);
      Chunker trickling = c.apply(new TricklingStream(new ByteArrayInputStream(RAB1)));
      assertThat(lengths(trickling)).isEqualTo(whole);
    }
  }

  @Test
  void chunksReassembleTheInput() throws IOException {
    for (Chunker c :
        List.of(
            new BuzhashChunker(new ByteArrayInputStream(BUZ)),
            new RabinChunker(
                new ByteArrayInputStream(BUZ), RabinChunker.KUBO_POLYNOMIAL, 16, 64, 128),
            new FixedSizeChunker(new ByteArrayInputStream(BUZ), 1000, 7, 3))) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      for (Chunker.Chunk k = c.next(); k != null; k = c.next()) {
        assertThat(k.length()).isPositive();
        out.write(k.buffer(), k.offset(), k.length());
      }
      assertThat(out.toByteArray()).isEqualTo(BUZ);
    }
  }

  @Test
  void fixedSizeChunksLeaveTheAskedRoomAndEndShort() throws IOException {
    byte[] data = TestData.bytes(5, 2500);
    FixedSizeChunker c =
        new FixedSizeChunker(new TricklingStream(new ByteArrayInputStream(data)), 1000, 9, 4);
    Chunker.Chunk first = c.next();
    assertThat(first.offset()).isEqualTo(9);
    assertThat(first.buffer()).hasSize(1013);
    assertThat(first.length()).isEqualTo(1000);
    assertThat(c.next().length()).isEqualTo(1000);
    Chunker.Chunk last = c.next();
    assertThat(last.length()).isEqualTo(500);
    assertThat(last.buffer()).hasSize(500); // the short one is exact
    assertThat(Arrays.copyOfRange(last.buffer(), 0, 500))
        .isEqualTo(Arrays.copyOfRange(data, 2000, 2500));
    assertThat(c.next()).isNull();
  }

  @Test
  void emptyInputHasNoChunks() throws IOException {
    assertThat(new FixedSizeChunker(InputStream.nullInputStream(), 10, 0, 0).next()).isNull();
    assertThat(new BuzhashChunker(InputStream.nullInputStream()).next()).isNull();
    assertThat(rabin(16, 32, 64).apply(InputStream.nullInputStream()).next()).isNull();
  }

  @Test
  void smallInputIsOneChunk() throws IOException {
    byte[] small = TestData.bytes(9, 100);
    assertThat(lengths(in -> new BuzhashChunker(in), small)).containsExactly(100);
    assertThat(lengths(rabin(87381, 262144, 393216), small)).containsExactly(100);
  }

  private static Function<InputStream, Chunker> rabin(int min, int avg, int max) {
    return in -> new RabinChunker(in, RabinChunker.KUBO_POLYNOMIAL, min, avg, max);
  }

  private static List<Integer> lengths(Function<InputStream, Chunker> factory, byte[] data)
      throws IOException {
    return lengths(factory.apply(new ByteArrayInputStream(data)));
  }

  private static List<Integer> lengths(Chunker c) throws IOException {
    List<Integer> out = new ArrayList<>();
    for (Chunker.Chunk k = c.next(); k != null; k = c.next()) {
      out.add(k.length());
    }
    return out;
  }

  /** Returns at most 777 bytes a read, as a slow network stream might. */
  private static final class TricklingStream extends FilterInputStream {
    TricklingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      return super.read(b, off, Math.min(len, 777));
    }
  }
}
