package io.cairn.proofs.cuda;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.InclusionProof;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceTree;
import io.cairn.storage.testing.TestData;
import java.io.ByteArrayInputStream;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend against the CPU backend on random data: unit roots from pinned and from heap
 * buffers, whole piece commitments and proofs from trees it built. Skipped where CUDA cannot run
 * (no GPU, no driver, no JCuda native library), with the reason.
 */
@Tag("gpu")
class CudaBackendIT {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;
  private static HashBackend cuda;
  private static HashBackend cpu;
  private static String unavailable;

  @BeforeAll
  static void open() {
    try {
      cuda = HashBackend.cuda();
      cpu = HashBackend.cpu();
      System.out.println("GPU tests on " + cuda.description());
    } catch (IllegalStateException e) {
      unavailable = e.getMessage();
    }
  }

  @BeforeEach
  void needsCuda() {
    assumeTrue(cuda != null, () -> "CUDA unavailable: " + unavailable);
  }

  @AfterAll
  static void close() {
    if (cuda != null) {
      cuda.close();
      cpu.close();
    }
  }

  @Test
  void unitRootsEqualTheCpusFromPinnedAndHeapBuffers() {
    SplittableRandom random = new SplittableRandom(17);
    for (int units : new int[] {1, 2, 255, 1024, 1025, 4097, 9000}) {
      byte[] payload = new byte[units * UNIT];
      random.nextBytes(payload);
      if (units == 1025) {
        java.util.Arrays.fill(payload, 0, UNIT, (byte) 0xFF);
      }
      byte[] expected = new byte[units * 32];
      cpu.unitRoots(ByteBuffer.wrap(payload), expected, 0);
      byte[] fromHeap = new byte[units * 32 + 5];
      cuda.unitRoots(ByteBuffer.wrap(payload), fromHeap, 5);
      assertThat(java.util.Arrays.copyOfRange(fromHeap, 5, fromHeap.length))
          .as("%d units from the heap", units)
          .isEqualTo(expected);
      ByteBuffer pinned = cuda.allocate(payload.length + UNIT);
      pinned.position(UNIT).put(payload).position(UNIT);
      byte[] fromPinned = new byte[units * 32];
      cuda.unitRoots(pinned, fromPinned, 0);
      assertThat(fromPinned).as("%d units from pinned memory", units).isEqualTo(expected);
    }
  }

  @Test
  void pieceCommitmentsEqualTheCpus() {
    for (int size : new int[] {0, 100, UNIT, UNIT + 1, 3 * UNIT - 7, 5000 * UNIT + 12345}) {
      byte[] payload = TestData.bytes(size, size);
      PieceCid expected = CommP.of(payload, cpu).piece();
      assertThat(CommP.of(payload, cuda).piece())
          .as("payload of %d bytes in memory", size)
          .isEqualTo(expected);
      // Streamed: through the hasher's pinned buffers, copied to the GPU without staging.
      assertThat(CommP.of(new ByteArrayInputStream(payload), cuda).piece())
          .as("payload of %d bytes streamed", size)
          .isEqualTo(expected);
    }
  }

  @Test
  void proofsFromGpuTreesEqualTheCpus() {
    byte[] payload = TestData.bytes(77, 700 * UNIT + 99);
    PieceTree gpuTree = CommP.of(payload, cuda);
    PieceTree cpuTree = CommP.of(payload, cpu);
    SplittableRandom random = new SplittableRandom(5);
    try (PieceSource source = PieceSource.of(payload)) {
      for (int i = 0; i < 20; i++) {
        long leaf = random.nextLong(gpuTree.piece().dataLeaves());
        InclusionProof proof = gpuTree.prove(leaf, source);
        assertThat(proof).isEqualTo(cpuTree.prove(leaf, source));
        assertThat(proof.verify(cpuTree.piece())).isTrue();
      }
    }
  }

  @Test
  void autoPicksTheGpu() {
    try (HashBackend auto = HashBackend.select("auto")) {
      assertThat(auto.name()).isEqualTo("cuda");
    }
  }
}
