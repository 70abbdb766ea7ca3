package io.cairn.node.rpc;

import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.Json;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.api.PieceJson;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.PieceStore;
import io.cairn.proofs.Pieces;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.Prover;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code piece/*} commands: piece commitments of DAGs in the node, the piece store a provider
 * proves from, and proof bundles. Payload files are named by absolute path and read by the node (as
 * Kubo's filestore does), so they must be on the node's machine.
 */
final class PieceRpcs {
  private PieceRpcs() {}

  static List<ApiCommand> all() {
    return List.of(new Commp(), new Add(), new Ls(), new Rm(), new Prove());
  }

  /** {@code piece/commp}: the piece of a DAG's CAR (or of a file) without keeping it. */
  static final class Commp implements ApiCommand {
    @Override
    public String path() {
      return "piece/commp";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      String arg = req.argument(0, "file-or-cid");
      try (HashBackend backend = backend(req)) {
        BlockStore blocks = node.storage().blocks();
        res.emit(PieceJson.of(Pieces.commp(arg, blocks, backend)));
      }
    }
  }

  /**
   * {@code piece/add}: makes the piece of a DAG (pinned recursively, so collection keeps it) or of
   * a file (which must not change afterwards) and keeps its tree's upper layers for proofs.
   */
  static final class Add implements ApiCommand {
    @Override
    public String path() {
      return "piece/add";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      String arg = req.argument(0, "file-or-cid");
      PieceStore store = node.pieces();
      try (HashBackend backend = backend(req)) {
        Path file = Path.of(arg);
        PieceCid piece;
        if (file.isAbsolute() && Files.isRegularFile(file)) {
          piece = store.addFile(file, backend);
        } else {
          Cid root = cid(arg);
          BlockStore blocks = node.storage().blocks();
          node.storage().pins().add(root, true, "piece");
          piece = store.addDag(blocks, root, backend);
        }
        res.emit(PieceJson.of(piece));
      }
    }
  }

  /** {@code piece/ls}: the pieces kept here and where their payload is. */
  static final class Ls implements ApiCommand {
    @Override
    public String path() {
      return "piece/ls";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      List<Map<String, Object>> pieces = new ArrayList<>();
      for (PieceStore.Entry e : node.pieces().list()) {
        Map<String, Object> m = PieceJson.of(e.piece());
        m.put("Payload", e.file().map(Path::toString).orElse(null));
        m.put("Dag", e.dag().map(Cid::toString).orElse(null));
        pieces.add(m);
      }
      pieces.sort(
          (a, b) -> a.get("PieceCIDv2").toString().compareTo(b.get("PieceCIDv2").toString()));
      res.emit(Map.of("Pieces", pieces));
    }
  }

  /** {@code piece/rm}: forgets kept pieces (their files or blocks are left alone). */
  static final class Rm implements ApiCommand {
    @Override
    public String path() {
      return "piece/rm";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      PieceStore store = node.pieces();
      for (String arg : req.requiredArguments("piece")) {
        PieceCid piece = PieceCid.parse(arg);
        if (!store.remove(piece)) {
          throw new ApiException(
              ApiException.Kind.NOT_FOUND, "piece " + piece + " is not kept by this node");
        }
        res.emit(Map.of("Removed", piece.toString()));
      }
    }
  }

  /**
   * {@code piece/prove}: a proof bundle for {@code challenges} challenges drawn from {@code seed}
   * over the set of the given pieces (kept piece CIDs, absolute file paths or DAG CIDs), as JSON.
   */
  static final class Prove implements ApiCommand {
    @Override
    public String path() {
      return "piece/prove";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      List<String> args = req.requiredArguments("piece");
      String seed =
          req.option("seed")
              .orElseThrow(() -> ApiException.client("argument \"seed\" is required"));
      long challenges = req.number("challenges").orElse(5L);
      long setId = req.number("set-id").orElse(0L);
      if (challenges > Integer.MAX_VALUE) {
        throw ApiException.client("--challenges must be between 1 and 100000");
      }
      PieceStore store = node.pieces();
      BlockStore blocks = node.storage().blocks();
      try (HashBackend backend = backend(req)) {
        List<Prover.Provable> pieces = new ArrayList<>();
        ProofBundle bundle;
        try {
          for (String a : args) {
            pieces.add(Pieces.provable(a, store, blocks, backend));
          }
          bundle = Pieces.prove(setId, seed, (int) challenges, pieces);
        } finally {
          Prover.closeAll(pieces);
        }
        try {
          res.emit(Json.MAPPER.readTree(bundle.toJson()));
        } catch (java.io.IOException e) {
          throw new IllegalStateException("cannot render the proof bundle", e);
        }
      }
    }
  }

  static HashBackend backend(ApiRequest req) {
    return HashBackend.select(req.option("backend").orElse("auto"));
  }

  private static Cid cid(String arg) {
    try {
      return Cid.parse(arg);
    } catch (InvalidCidException e) {
      throw ApiException.client(
          "'" + arg + "' is neither an absolute file path nor a CID: " + e.getMessage());
    }
  }
}
