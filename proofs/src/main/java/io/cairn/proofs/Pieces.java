package io.cairn.proofs;

import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The operations behind the {@code cairn piece} commands and the {@code piece/*} RPC endpoints, as
 * plain data: pieces of files and DAGs, proof sets resolved from their arguments, proofs, and
 * bundles encoded and checked. Rendering them for a terminal is the caller's business.
 */
public final class Pieces {
  private Pieces() {}

  /**
   * Resolves the argument of {@code cairn piece commp}: a file if one has that name, else the CID
   * of a DAG in {@code blocks}.
   */
  public static PieceCid commp(String arg, BlockStore blocks, HashBackend backend) {
    Path file = Path.of(arg);
    if (Files.isRegularFile(file)) {
      return commp(file, backend);
    }
    Cid root;
    try {
      root = Cid.parse(arg);
    } catch (InvalidCidException e) {
      throw new IllegalArgumentException(
          "'" + arg + "' is neither a file nor a CID: " + e.getMessage(), e);
    }
    return commp(blocks, root, backend);
  }

  /** The piece of a file's bytes. */
  public static PieceCid commp(Path file, HashBackend backend) {
    if (!Files.isRegularFile(file)) {
      throw new IllegalArgumentException("'" + file + "' is not a file");
    }
    return CommP.of(file, backend).piece();
  }

  /** The piece of the CAR of the DAG under {@code root}, as {@code cairn dag export} writes it. */
  public static PieceCid commp(BlockStore store, Cid root, HashBackend backend) {
    return DagPieces.of(store, root, backend).piece();
  }

  /**
   * Resolves a PIECE argument of {@code cairn piece prove}: a v2 piece CID kept in {@code pieces},
   * else a file (its tree built now), else the CID of a DAG in {@code blocks} (its CAR's tree built
   * now).
   */
  public static Prover.Provable provable(
      String arg, PieceStore pieces, BlockStore blocks, HashBackend backend) {
    PieceCid piece = null;
    try {
      piece = PieceCid.parse(arg);
    } catch (IllegalArgumentException notAPieceCid) {
      // a file or a DAG, below
    }
    if (piece != null) {
      if (pieces == null || pieces.get(piece).isEmpty()) {
        throw new IllegalArgumentException("piece " + piece + " is not kept by this node");
      }
      return pieces.open(piece, blocks);
    }
    Path file = Path.of(arg);
    if (Files.isRegularFile(file)) {
      return new Prover.Provable(CommP.of(file, backend), PieceSource.of(file));
    }
    Cid root;
    try {
      root = Cid.parse(arg);
    } catch (InvalidCidException e) {
      throw new IllegalArgumentException(
          "'" + arg + "' is neither a piece CID kept here, a file, nor a CID: " + e.getMessage(),
          e);
    }
    DagPieces.DagPiece dag = DagPieces.of(blocks, root, backend);
    return new Prover.Provable(dag.tree(), dag.payload(blocks));
  }

  /**
   * Proves {@code challenges} challenges of the set of {@code pieces}.
   *
   * @param seedHex 32 bytes as 64 hex digits, with or without {@code 0x}
   */
  public static ProofBundle prove(
      long setId, String seedHex, int challenges, List<Prover.Provable> pieces) {
    if (challenges < 1 || challenges > 100_000) {
      throw new IllegalArgumentException(
          "--challenges must be between 1 and 100000, not " + challenges);
    }
    return Prover.prove(setId, Challenges.parseSeed(seedHex), challenges, pieces);
  }

  /** The bundle in {@code json} or {@code binary}. */
  public static byte[] encode(ProofBundle bundle, String enc) {
    return switch (enc == null ? "json" : enc.toLowerCase(Locale.ROOT)) {
      case "json" -> (bundle.toJson() + "\n").getBytes(StandardCharsets.UTF_8);
      case "binary" -> bundle.toBinary();
      default ->
          throw new IllegalArgumentException("unknown encoding '" + enc + "'; known: json, binary");
    };
  }

  /** Reads and checks a bundle file, JSON or binary. */
  public static Verification verify(Path bundle) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(bundle);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the proof bundle " + bundle, e);
    }
    return ProofBundle.decode(bytes).verify();
  }
}
