package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.testing.TestData;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PieceTreeTest {
  private static final int UNIT = HashBackend.UNIT_PAYLOAD;

  private static PieceTree tree(byte[] payload) {
    try (HashBackend cpu = HashBackend.cpu(2)) {
      return CommP.of(payload, cpu);
    }
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 65, 127, 128, 1000, 16256, 16257, UNIT})
  void everyLeafOfSmallPiecesProvesAsThePlainTreeSays(int size) {
    byte[] payload = TestData.bytes(size, size);
    NaiveTree naive = new NaiveTree(payload);
    PieceTree tree = tree(payload);
    try (PieceSource source = PieceSource.of(payload)) {
      for (long leaf = 0; leaf < tree.piece().leaves(); leaf++) {
        InclusionProof proof = tree.prove(leaf, source);
        assertThat(proof.leaf()).isEqualTo(naive.levels.get(0)[(int) leaf]);
        assertThat(proof.path()).isDeepEqualTo(naive.path(leaf));
        assertThat(proof.verify(tree.piece())).isTrue();
      }
    }
  }

  @Test
  void largePiecesProveFromMemoryAndFromTheTreeFile(@TempDir Path dir) throws Exception {
    byte[] payload = TestData.bytes(5, 37 * UNIT + 4321);
    NaiveTree naive = new NaiveTree(payload);
    PieceTree memory = tree(payload);
    assertThat(memory.piece().root()).isEqualTo(naive.root());
    Path file = dir.resolve("piece.tree");
    memory.save(file);
    // 38 units at level 10, then 19, 10, 5, 3, 2 and the root at level 16.
    assertThat(Files.size(file)).isEqualTo(8 + 2 + memory.piece().v2().bytes().length + 32L * 78);
    SplittableRandom random = new SplittableRandom(1);
    try (PieceTree loaded = PieceTree.load(file);
        PieceSource source = PieceSource.of(payload)) {
      assertThat(loaded.piece()).isEqualTo(memory.piece());
      long last = memory.piece().leaves() - 1;
      long lastData = memory.piece().dataLeaves() - 1;
      long[] leaves = {0, 1, 1023, 1024, lastData, lastData + 1, last, random.nextLong(last)};
      for (long leaf : leaves) {
        InclusionProof a = memory.prove(leaf, source);
        InclusionProof b = loaded.prove(leaf, source);
        assertThat(a).isEqualTo(b);
        assertThat(a.path()).isDeepEqualTo(naive.path(leaf));
        assertThat(a.verify(memory.piece())).isTrue();
      }
    }
  }

  @Test
  void proofsFromAPayloadFile(@TempDir Path dir) throws Exception {
    byte[] payload = TestData.bytes(8, 3 * UNIT + 5);
    Path file = Files.write(dir.resolve("payload"), payload);
    PieceTree tree = tree(payload);
    try (PieceSource source = PieceSource.of(file)) {
      assertThat(tree.prove(2000, source).verify(tree.piece())).isTrue();
    }
  }

  @Test
  void everySingleBitChangeToAProofFailsToVerify() {
    byte[] payload = TestData.bytes(9, 20 * UNIT);
    PieceTree tree = tree(payload);
    PieceCid piece = tree.piece();
    SplittableRandom random = new SplittableRandom(99);
    try (PieceSource source = PieceSource.of(payload)) {
      for (int round = 0; round < 3; round++) {
        InclusionProof proof = tree.prove(random.nextLong(piece.dataLeaves()), source);
        assertThat(proof.verify(piece)).isTrue();
        for (int bit = 0; bit < 256; bit++) {
          byte[] leaf = proof.leaf();
          leaf[bit / 8] ^= (byte) (1 << (bit % 8));
          assertThat(new InclusionProof(proof.position(), leaf, proof.path()).verify(piece))
              .as("leaf bit %d", bit)
              .isFalse();
        }
        for (int level = 0; level < proof.depth(); level++) {
          for (int bit = 0; bit < 256; bit++) {
            byte[][] path = proof.path();
            path[level][bit / 8] ^= (byte) (1 << (bit % 8));
            assertThat(new InclusionProof(proof.position(), proof.leaf(), path).verify(piece))
                .as("sibling %d bit %d", level, bit)
                .isFalse();
          }
        }
        for (int bit = 0; bit < piece.height(); bit++) {
          long moved = proof.position() ^ (1L << bit);
          assertThat(new InclusionProof(moved, proof.leaf(), proof.path()).verify(piece)).isFalse();
        }
      }
    }
  }

  @Test
  void proofOfTheWrongLengthOrOutsideTheTreeFails() {
    byte[] payload = TestData.bytes(10, 4 * UNIT);
    PieceTree tree = tree(payload);
    try (PieceSource source = PieceSource.of(payload)) {
      InclusionProof proof = tree.prove(5, source);
      byte[][] path = proof.path();
      byte[][] shorter = java.util.Arrays.copyOf(path, path.length - 1);
      byte[][] longer = java.util.Arrays.copyOf(path, path.length + 1);
      longer[path.length] = new byte[32];
      PieceCid piece = tree.piece();
      assertThat(new InclusionProof(5, proof.leaf(), shorter).verify(piece)).isFalse();
      assertThat(new InclusionProof(5, proof.leaf(), longer).verify(piece)).isFalse();
      assertThat(new InclusionProof(5 + piece.leaves(), proof.leaf(), path).verify(piece))
          .isFalse();
      assertThatThrownBy(() -> tree.prove(piece.leaves(), source))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("outside piece");
    }
  }

  @Test
  void refusesTheWrongPayload() {
    byte[] payload = TestData.bytes(11, 2 * UNIT);
    PieceTree tree = tree(payload);
    try (PieceSource other = PieceSource.of(new byte[payload.length - 1])) {
      assertThatThrownBy(() -> tree.prove(0, other))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("is not the payload of piece");
    }
  }

  @Test
  void damagedTreeFilesAreRefusedOrCaughtBeforeProofsLeave(@TempDir Path dir) throws Exception {
    byte[] payload = TestData.bytes(12, 9 * UNIT);
    PieceTree tree = tree(payload);
    Path file = dir.resolve("t");
    tree.save(file);
    long size = Files.size(file);
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      flip(raf, size - 1); // the root
    }
    assertThatThrownBy(() -> PieceTree.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("its top node is not the root");

    tree.save(file);
    int header = 8 + 2 + tree.piece().v2().bytes().length;
    try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
      flip(raf, header + 32 * 3); // level 10, unit 3
    }
    try (PieceTree loaded = PieceTree.load(file);
        PieceSource source = PieceSource.of(payload)) {
      // A leaf under unit 2 has unit 3 as its level-10 sibling.
      var set = new Prover.Provable(loaded, source);
      InclusionProof bad = loaded.prove(2 * 1024 + 7, source);
      assertThat(bad.verify(loaded.piece())).isFalse();
      assertThat(set.tree()).isSameAs(loaded);
    }
    Files.write(file, new byte[] {1, 2, 3});
    assertThatThrownBy(() -> PieceTree.load(file))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is damaged");
  }

  private static void flip(RandomAccessFile raf, long at) throws java.io.IOException {
    raf.seek(at);
    int b = raf.read();
    raf.seek(at);
    raf.write(b ^ 1);
  }
}
