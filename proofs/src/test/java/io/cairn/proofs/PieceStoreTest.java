package io.cairn.proofs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Cid;
import io.cairn.storage.testing.TestData;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PieceStoreTest {
  private static final String SEED = "0x" + "11".repeat(32);

  @Test
  void keepsFilesAndDagsAndProvesThemTogether(@TempDir Path dir) throws Exception {
    BlockStore blocks = BlockStores.memory();
    Cid root =
        new UnixFsImporter(blocks, ImportOptions.defaults())
            .importStream("d", TestData.stream(4, 2 << 20), ImportListener.NONE)
            .cid();
    Path file = Files.write(dir.resolve("payload.bin"), TestData.bytes(5, 3 << 20));
    PieceStore store = PieceStore.open(dir.resolve("pieces"));
    try (HashBackend cpu = HashBackend.cpu()) {
      PieceCid a = store.addFile(file, cpu);
      PieceCid b = store.addDag(blocks, root, cpu);
      assertThat(store.list()).extracting(PieceStore.Entry::piece).containsExactlyInAnyOrder(a, b);
      assertThat(store.get(a).orElseThrow().file()).contains(file.toAbsolutePath());
      assertThat(store.get(b).orElseThrow().dag()).contains(root);
      assertThat(a).isEqualTo(Pieces.commp(file, cpu));
      assertThat(b).isEqualTo(Pieces.commp(blocks, root, cpu));
      assertThat(Pieces.commp(file.toString(), blocks, cpu)).isEqualTo(a);
      assertThat(Pieces.commp(root.toString(), blocks, cpu)).isEqualTo(b);
      assertThatThrownBy(() -> Pieces.commp("no-such-thing", blocks, cpu))
          .hasMessageStartingWith("'no-such-thing' is neither a file nor a CID");

      List<Prover.Provable> set = new ArrayList<>();
      set.add(Pieces.provable(a.toString(), store, blocks, cpu));
      set.add(Pieces.provable(b.toString(), store, blocks, cpu));
      ProofBundle bundle = Pieces.prove(9, SEED, 12, set);
      Path out = dir.resolve("bundle.bin");
      Files.write(out, Pieces.encode(bundle, "binary"));
      Verification v = Pieces.verify(out);
      assertThat(v.valid()).isTrue();
      assertThat(v.set().leafCount()).isEqualTo(a.dataLeaves() + b.dataLeaves());

      // Arguments that are not kept pieces: a file and a DAG, their trees built on the spot.
      ProofBundle fromFile =
          Pieces.prove(9, SEED, 3, List.of(Pieces.provable(file.toString(), null, blocks, cpu)));
      ProofBundle fromDag =
          Pieces.prove(9, SEED, 3, List.of(Pieces.provable(root.toString(), null, blocks, cpu)));
      assertThat(fromFile.verify().valid()).isTrue();
      assertThat(fromDag.pieces()).containsExactly(b);
      assertThatThrownBy(() -> Pieces.provable("nonsense", store, blocks, cpu))
          .hasMessageContaining("is neither a piece CID kept here, a file, nor a CID");

      // The file grows: the store refuses to prove from it.
      Files.write(file, Arrays.copyOf(Files.readAllBytes(file), (3 << 20) + 1));
      assertThatThrownBy(() -> store.open(a, blocks))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("changed since the piece was made");
      assertThat(store.remove(a)).isTrue();
      assertThat(store.list()).extracting(PieceStore.Entry::piece).containsExactly(b);
      assertThatThrownBy(() -> Pieces.provable(a.toString(), store, blocks, cpu))
          .hasMessage("piece " + a + " is not kept by this node");
    }
  }

  @Test
  void commpGivesBothCidsAndSizes(@TempDir Path dir) throws Exception {
    byte[] payload = new byte[127 * 4];
    for (int i = 0; i < 4; i++) {
      Arrays.fill(payload, 127 * i, 127 * (i + 1), (byte) i);
    }
    Path file = Files.write(dir.resolve("frc"), payload);
    try (HashBackend cpu = HashBackend.cpu(1)) {
      PieceCid piece = Pieces.commp(file, cpu);
      assertThat(piece.toString())
          .isEqualTo("bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi");
      assertThat(piece.v1().toString())
          .isEqualTo("baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi");
      assertThat(piece.paddedSize()).isEqualTo(512);
      assertThat(piece.payloadSize()).isEqualTo(508);
      assertThat(piece.height()).isEqualTo(4);
      assertThat(piece.padding()).isZero();
      assertThatThrownBy(() -> Pieces.commp(dir, cpu)).hasMessageContaining("is not a file");
      assertThatThrownBy(() -> Pieces.prove(0, "abcd", 1, List.of()))
          .hasMessageContaining("seed must be 32 bytes (64 hex digits), not 2 bytes");
      assertThatThrownBy(() -> Pieces.prove(0, SEED, 0, List.of()))
          .hasMessageContaining("--challenges must be between 1 and 100000");
    }
  }
}
