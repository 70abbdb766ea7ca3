package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.proofs.store.CarLayout;
import io.cairn.storage.BlockNotFoundException;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.car.CarExport;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DagPiecesTest {
  private static Cid add(BlockStore store, long seed, int size) {
    return new UnixFsImporter(store, ImportOptions.defaults())
        .importStream("f", TestData.stream(seed, size), ImportListener.NONE)
        .cid();
  }

  @Test
  void theCarOfADagIsThePiecePayloadAndReadsBackFromTheBlockStore(@TempDir Path dir) {
    BlockStore store = BlockStores.memory();
    Cid root = add(store, 1, 3 << 20);
    ByteArrayOutputStream car = new ByteArrayOutputStream();
    CarExport.write(store, List.of(root), car);
    byte[] carBytes = car.toByteArray();
    try (HashBackend cpu = HashBackend.cpu()) {
      DagPieces.DagPiece piece = DagPieces.of(store, root, cpu);
      assertThat(piece.piece()).isEqualTo(CommP.of(carBytes));
      assertThat(piece.layout().size()).isEqualTo(carBytes.length);
      assertThat(piece.layout().blocks()).isEqualTo(13); // 12 chunks of 256 KiB and the root
      Path file = dir.resolve("layout");
      piece.layout().write(file);
      CarLayout loaded = CarLayout.read(file);
      SplittableRandom random = new SplittableRandom(2);
      try (PieceSource source = loaded.source(store)) {
        for (int i = 0; i < 200; i++) {
          int at = random.nextInt(carBytes.length);
          int n = Math.min(carBytes.length - at, random.nextInt(70_000));
          byte[] got = new byte[n];
          assertThat(source.read(at, got, 0, n)).isEqualTo(n);
          assertThat(got).isEqualTo(java.util.Arrays.copyOfRange(carBytes, at, at + n));
        }
        for (int k = 0; k < 10; k++) {
          long leaf = random.nextLong(piece.piece().dataLeaves());
          InclusionProof proof = piece.tree().prove(leaf, source);
          assertThat(proof.verify(piece.piece())).isTrue();
        }
      }
    }
  }

  @Test
  void missingBlocksAreNamed() {
    BlockStore store = BlockStores.memory();
    Cid root = add(store, 2, 1 << 20);
    try (HashBackend cpu = HashBackend.cpu(1)) {
      DagPieces.DagPiece piece = DagPieces.of(store, root, cpu);
      BlockStore partial = BlockStores.memory();
      partial.put(new io.cairn.storage.Block(root, store.get(root).orElseThrow()));
      assertThatThrownBy(() -> DagPieces.of(partial, root, cpu))
          .isInstanceOf(BlockNotFoundException.class);
      try (PieceSource source = piece.payload(partial)) {
        byte[] buf = new byte[100];
        assertThatThrownBy(() -> source.read(source.size() - 100, buf, 0, 100))
            .isInstanceOf(BlockNotFoundException.class);
      }
    }
  }
}
