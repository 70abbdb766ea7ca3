package io.cairn.proofs.store;

import io.cairn.proofs.CommP;
import io.cairn.proofs.DagPieces;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceSource;
import io.cairn.proofs.PieceStore;
import io.cairn.proofs.PieceTree;
import io.cairn.proofs.Prover;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link PieceStore} in a directory: per piece {@code <v2 CID>.tree} and either {@code <v2
 * CID>.file} (the payload file's absolute path, UTF-8) or {@code <v2 CID>.car} (the DAG's {@link
 * CarLayout}). The tree file is written last, so a piece is listed only once it is complete.
 */
public final class DirectoryPieceStore implements PieceStore {
  private final Path dir;

  private DirectoryPieceStore(Path dir) {
    this.dir = dir;
  }

  public static PieceStore open(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the piece store " + dir, e);
    }
    return new DirectoryPieceStore(dir);
  }

  @Override
  public PieceCid addFile(Path file, HashBackend backend) {
    Path absolute = file.toAbsolutePath().normalize();
    PieceTree tree = CommP.of(absolute, backend);
    String name = tree.piece().toString();
    try {
      Files.writeString(dir.resolve(name + ".file"), absolute.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot record the payload of piece " + name, e);
    }
    tree.save(dir.resolve(name + ".tree"));
    return tree.piece();
  }

  @Override
  public PieceCid addDag(BlockStore blocks, Cid root, HashBackend backend) {
    DagPieces.DagPiece dag = DagPieces.of(blocks, root, backend);
    String name = dag.piece().toString();
    dag.layout().write(dir.resolve(name + ".car"));
    dag.tree().save(dir.resolve(name + ".tree"));
    return dag.piece();
  }

  @Override
  public List<Entry> list() {
    List<Entry> out = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : files.toList()) {
        String name = p.getFileName().toString();
        if (name.endsWith(".tree")) {
          get(PieceCid.parse(name.substring(0, name.length() - 5))).ifPresent(out::add);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the piece store " + dir, e);
    }
    return out;
  }

  @Override
  public Optional<Entry> get(PieceCid piece) {
    String name = piece.toString();
    if (!Files.exists(dir.resolve(name + ".tree"))) {
      return Optional.empty();
    }
    Path file = dir.resolve(name + ".file");
    if (Files.exists(file)) {
      return Optional.of(new Entry(piece, Optional.of(Path.of(read(file))), Optional.empty()));
    }
    Path car = dir.resolve(name + ".car");
    if (Files.exists(car)) {
      return Optional.of(new Entry(piece, Optional.empty(), Optional.of(carRoot(car))));
    }
    return Optional.empty();
  }

  @Override
  public Prover.Provable open(PieceCid piece, BlockStore blocks) {
    Entry entry =
        get(piece)
            .orElseThrow(
                () -> new IllegalArgumentException("piece " + piece + " is not kept here"));
    PieceTree tree = PieceTree.load(dir.resolve(piece + ".tree"));
    PieceSource payload;
    try {
      if (entry.file().isPresent()) {
        payload = PieceSource.of(entry.file().get());
      } else {
        payload = CarLayout.read(dir.resolve(piece + ".car")).source(blocks);
      }
    } catch (RuntimeException e) {
      tree.close();
      throw e;
    }
    if (payload.size() != piece.payloadSize()) {
      long size = payload.size();
      payload.close();
      tree.close();
      throw new IllegalArgumentException(
          "the payload of piece "
              + piece
              + " is "
              + size
              + " bytes now, not "
              + piece.payloadSize()
              + ": "
              + entry.file().map(Path::toString).orElse("its blocks")
              + " changed since the piece was made");
    }
    return new Prover.Provable(tree, payload);
  }

  @Override
  public boolean remove(PieceCid piece) {
    boolean removed = false;
    for (String ext : new String[] {".tree", ".file", ".car"}) {
      try {
        removed |= Files.deleteIfExists(dir.resolve(piece + ext));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot remove piece " + piece, e);
      }
    }
    return removed;
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  private static Cid carRoot(Path car) {
    return CarLayout.read(car).root();
  }
}
