package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proofs.hash.CpuHashBackend;
import io.cairn.proofs.hash.Fr32;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommPTest {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  @Test
  void fr32MatchesByteByByteExpansion() {
    SplittableRandom random = new SplittableRandom(7);
    for (int round = 0; round < 200; round++) {
      byte[] quad = new byte[127];
      random.nextBytes(quad);
      if (round % 3 == 0) {
        java.util.Arrays.fill(quad, (byte) 0xFF);
      }
      byte[] fast = new byte[128];
      byte[] naive = new byte[128];
      Fr32.expandQuad(quad, 0, fast, 0);
      NaiveTree.expand(quad, 0, naive, 0);
      assertThat(fast).isEqualTo(naive);
      for (int k = 0; k < 4; k++) {
        assertThat(fast[32 * k + 31] & 0xC0).isZero();
      }
    }
  }

  @ParameterizedTest
  @ValueSource(
      ints = {
        0,
        1,
        64,
        65,
        126,
        127,
        128,
        253,
        254,
        255,
        508,
        509,
        1016,
        1017,
        4064,
        16255,
        16256,
        16257,
        UNIT - 1,
        UNIT,
        UNIT + 1,
        2 * UNIT,
        2 * UNIT + 1,
        3 * UNIT + 100,
        8 * UNIT,
        8 * UNIT + 1,
        1 << 20,
        (1 << 20) + 12345
      })
  void rootsMatchThePlainTree(int size) {
    byte[] payload = TestData.bytes(size, size);
    NaiveTree naive = new NaiveTree(payload);
    PieceCid piece = CommP.of(payload);
    assertThat(piece.root()).isEqualTo(naive.root());
    assertThat(piece.height()).isEqualTo(naive.height);
    assertThat(piece.payloadSize()).isEqualTo(size);
  }

  @Test
  void resultDoesNotDependOnThreadsWritesOrBufferKind() throws Exception {
    byte[] payload = TestData.bytes(11, 37 * UNIT + 999);
    PieceCid expected = new PieceCid(0, 2, new byte[32]);
    for (int threads : new int[] {1, 2, 3}) {
      try (HashBackend cpu = HashBackend.cpu(threads);
          HashBackend direct = new DirectBuffers(threads)) {
        for (HashBackend backend : new HashBackend[] {cpu, direct}) {
          PieceCid whole = CommP.of(payload, backend).piece();
          PieceCid dribbled = dribble(payload, backend);
          PieceCid streamed = CommP.of(new ByteArrayInputStream(payload), backend).piece();
          if (expected.height() == 2) {
            expected = whole;
          }
          assertThat(whole).isEqualTo(expected);
          assertThat(dribbled).isEqualTo(expected);
          assertThat(streamed).isEqualTo(expected);
        }
      }
    }
    assertThat(expected.root()).isEqualTo(new NaiveTree(payload).root());
  }

  @Test
  void streamsAroundTheFirstUnitAndGivesBackBuffers() {
    try (DirectBuffers backend = new DirectBuffers(2)) {
      for (int size : new int[] {0, 5, UNIT - 1, UNIT, UNIT + 1, 2 * UNIT, 11 * UNIT + 3}) {
        byte[] payload = TestData.bytes(size + 1, size);
        PieceCid expected = CommP.of(payload);
        assertThat(CommP.of(new ByteArrayInputStream(payload), backend).piece())
            .as("%d bytes", size)
            .isEqualTo(expected);
        assertThat(backend.allocated).isEqualTo(backend.released);
        assertThat(backend.allocated > 0).isEqualTo(size > UNIT);
        backend.allocated = 0;
        backend.released = 0;
      }
    }
  }

  @Test
  void hashesFiles(@TempDir Path dir) throws Exception {
    byte[] payload = TestData.bytes(3, 5 * UNIT + 77);
    Path file = Files.write(dir.resolve("payload"), payload);
    try (HashBackend cpu = HashBackend.cpu()) {
      assertThat(CommP.of(file, cpu).piece()).isEqualTo(CommP.of(payload));
    }
  }

  @Test
  void refusesPayloadsLargerThan64GiB(@TempDir Path dir) throws Exception {
    assertThatThrownBy(() -> PieceCid.heightFor(PieceCid.MAX_PAYLOAD + 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("larger than the largest piece (64 GiB padded");
    assertThat(PieceCid.heightFor(PieceCid.MAX_PAYLOAD)).isEqualTo(31);
    // A sparse file costs no disk; the size is checked before anything is read.
    Path huge = dir.resolve("huge");
    try (var f = new java.io.RandomAccessFile(huge.toFile(), "rw")) {
      f.setLength(PieceCid.MAX_PAYLOAD + 1);
    }
    try (HashBackend cpu = HashBackend.cpu(1)) {
      assertThatThrownBy(() -> CommP.of(huge, cpu))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("payload of 68182605825 bytes is larger than the largest piece");
    }
  }

  @Test
  void finishedHasherRefusesMoreBytes() {
    try (HashBackend cpu = HashBackend.cpu(1);
        PieceHasher hasher = CommP.hasher(cpu)) {
      hasher.write(new byte[100]);
      hasher.finish();
      assertThatThrownBy(() -> hasher.write(new byte[1]))
          .isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("finished");
    }
  }

  private static PieceCid dribble(byte[] payload, HashBackend backend) {
    SplittableRandom random = new SplittableRandom(payload.length);
    try (PieceHasher h = CommP.hasher(backend)) {
      int at = 0;
      while (at < payload.length) {
        int n = Math.min(payload.length - at, 1 + random.nextInt(3 * UNIT));
        h.write(payload, at, n);
        at += n;
      }
      assertThat(h.count()).isEqualTo(payload.length);
      return h.finish().piece();
    }
  }

  /** The CPU backend fed direct buffers, as the CUDA backend's pinned ones are. */
  private static final class DirectBuffers implements HashBackend {
    private final CpuHashBackend cpu;
    int allocated;
    int released;

    DirectBuffers(int threads) {
      this.cpu = new CpuHashBackend(threads);
    }

    @Override
    public String name() {
      return "direct";
    }

    @Override
    public String description() {
      return "cpu over direct buffers";
    }

    @Override
    public int batchUnits() {
      return 5;
    }

    @Override
    public ByteBuffer allocate(int capacity) {
      allocated++;
      return ByteBuffer.allocateDirect(capacity);
    }

    @Override
    public void release(ByteBuffer buffer) {
      released++;
    }

    @Override
    public void unitRoots(ByteBuffer payload, byte[] out, int outOffset) {
      cpu.unitRoots(payload, out, outOffset);
    }

    @Override
    public void close() {
      cpu.close();
    }
  }
}
