package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.PieceJson;
import io.cairn.proofs.CommP;
import io.cairn.proofs.HashBackend;
import io.cairn.proofs.PieceCid;
import io.cairn.proofs.Pieces;
import io.cairn.proofs.ProofBundle;
import io.cairn.proofs.Prover;
import io.cairn.proofs.Verification;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn piece}: Filecoin piece commitments (CommP) and proofs of storage. Files are hashed
 * in this process; DAGs and kept pieces go through the node.
 */
@Command(
    name = "piece",
    description = {
      "Piece commitments (CommP, piece CIDs v1 and v2) and proofs of storage.",
      "A piece is a file's bytes, or the CAR of a DAG as 'cairn dag export' writes it."
    },
    subcommands = {
      PieceCommand.Commp.class,
      PieceCommand.Add.class,
      PieceCommand.Ls.class,
      PieceCommand.Rm.class,
      PieceCommand.Prove.class,
      PieceCommand.Verify.class
    })
final class PieceCommand extends GroupCommand {

  static final String BACKEND_HELP =
      "Where to hash: auto (a GPU when the machine has an NVIDIA GPU and driver, else the CPU),"
          + " cpu or cuda (default: auto).";

  @Command(
      name = "commp",
      description = {
        "Print the piece CIDs (v2 and v1), padded and payload size of a file or a DAG.",
        "Payloads under 65 bytes are accepted (they fill a 128-byte piece); other implementations"
            + " refuse them, so deals of such pieces may be refused elsewhere."
      })
  static final class Commp implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "FILE|CID", description = "A file, or the root CID of a DAG here.")
    String target;

    @Option(names = "--backend", paramLabel = "NAME", description = BACKEND_HELP)
    String backend = "auto";

    @Mixin ProgressOptions progress;

    @Override
    public void run() {
      Path file = Path.of(target);
      if (Files.isRegularFile(file)) {
        try (HashBackend b = HashBackend.select(backend);
            Progress bar = Progress.bytes(ctx, progress.progress, "hashing", size(file))) {
          PieceCid piece = CommP.of(file, b, bar::set).piece();
          bar.clear();
          print(ctx, piece);
        }
        return;
      }
      ctx.call(
          ApiRequest.to("piece/commp").arg(target).option("backend", backend).build(),
          v -> print(ctx, fromNode(v)));
    }

    private static long size(Path file) {
      try {
        return Files.size(file);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + file, e);
      }
    }
  }

  @Command(
      name = "add",
      description = {
        "Make the piece of a file or a DAG and keep its tree for proofs.",
        "A DAG is pinned; a file is read where it lies and must not change afterwards."
      })
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "FILE|CID", description = "A file, or the root CID of a DAG here.")
    String target;

    @Option(names = "--backend", paramLabel = "NAME", description = BACKEND_HELP)
    String backend = "auto";

    @Override
    public void run() {
      ctx.call(
          ApiRequest.to("piece/add").arg(absoluteIfFile(target)).option("backend", backend).build(),
          v -> print(ctx, fromNode(v)));
    }
  }

  @Command(name = "ls", description = "List the pieces this node keeps and proves.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("piece/ls").build(),
          v -> {
            for (JsonNode p : v.path("Pieces")) {
              String payload =
                  p.path("Dag").isTextual()
                      ? "dag " + p.path("Dag").asText()
                      : "file " + p.path("Payload").asText();
              ctx.out()
                  .println(
                      p.path("PieceCIDv2").asText()
                          + " "
                          + p.path("PaddedSize").asLong()
                          + " "
                          + payload);
            }
          });
    }
  }

  @Command(name = "rm", description = "Forget kept pieces (their files and blocks stay).")
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PIECE", arity = "1..*", description = "v2 piece CIDs.")
    List<String> pieces;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("piece/rm").args(pieces).build(),
          v -> ctx.out().println("removed " + v.path("Removed").asText()));
    }
  }

  @Command(
      name = "prove",
      description = {
        "Write a proof bundle: the inclusion proofs of N leaves challenged by a seed.",
        "The challenges are derived as the contract derives them (keccak256(seed, setId, i) mod"
            + " leafCount).",
        "Several pieces form one proof set, in the order given."
      })
  static final class Prove implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "PIECE",
        arity = "1..*",
        description = "Kept v2 piece CIDs, files, or root CIDs of DAGs here.")
    List<String> pieces;

    @Option(
        names = "--seed",
        required = true,
        paramLabel = "HEX",
        description = "The 32-byte challenge seed, 64 hex digits (0x optional).")
    String seed;

    @Option(
        names = "--challenges",
        paramLabel = "N",
        description = "Challenges to prove (default: 5).")
    int challenges = 5;

    @Option(names = "--set-id", paramLabel = "ID", description = "Proof set ID (default: 0).")
    long setId;

    @Option(
        names = "--format",
        paramLabel = "FORMAT",
        description = "Bundle encoding: json or binary (default: json).")
    String format = "json";

    @Option(
        names = {"-o", "--output"},
        paramLabel = "FILE",
        description = "Write the bundle here (default: stdout).")
    Path output;

    @Option(names = "--backend", paramLabel = "NAME", description = BACKEND_HELP)
    String backend = "auto";

    @Override
    public void run() {
      ProofBundle bundle;
      if (pieces.stream().allMatch(p -> Files.isRegularFile(Path.of(p)))) {
        try (HashBackend b = HashBackend.select(backend)) {
          List<Prover.Provable> provable = new ArrayList<>();
          for (String p : pieces) {
            provable.add(Pieces.provable(p, null, null, b));
          }
          bundle = Pieces.prove(setId, seed, challenges, provable);
        }
      } else {
        List<String> args = pieces.stream().map(PieceCommand::absoluteIfFile).toList();
        ApiRequest request =
            ApiRequest.to("piece/prove")
                .args(args)
                .option("seed", seed)
                .option("challenges", challenges)
                .option("set-id", setId)
                .option("backend", backend)
                .build();
        ProofBundle[] got = new ProofBundle[1];
        ctx.call(
            request,
            v ->
                got[0] =
                    ProofBundle.decode(
                        v.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        bundle = got[0];
      }
      byte[] bytes = Pieces.encode(bundle, format);
      try {
        if (output == null) {
          ctx.out().stream().write(bytes);
          ctx.out().flush();
          ctx.out().err().println(summary(bundle, "stdout"));
        } else {
          Files.write(output, bytes);
          ctx.out().err().println(summary(bundle, output.toString()));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  @Command(
      name = "verify",
      description = {
        "Check a proof bundle (JSON or binary) without the data.",
        "The challenges follow from its seed, and every proof must lead from its leaf to its"
            + " piece's root.",
        "Exits 1 when any proof fails."
      })
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "BUNDLE", description = "A bundle written by 'cairn piece prove'.")
    Path bundle;

    @Override
    public void run() {
      Verification v = Pieces.verify(bundle);
      if (ctx.json()) {
        long bad = v.checks().stream().filter(c -> !c.valid()).count();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("Valid", v.valid());
        m.put("Challenges", v.checks().size());
        m.put("Failed", bad);
        m.put("LeafCount", v.set().leafCount());
        ctx.out().json(m);
      } else {
        v.lines().forEach(ctx.out()::println);
      }
      if (!v.valid()) {
        long bad = v.checks().stream().filter(c -> !c.valid()).count();
        throw new UserException(
            "the proof bundle does not verify: " + bad + " of " + v.checks().size() + " fail");
      }
    }
  }

  /** The piece the node answered with, rendered as this process renders its own. */
  private static PieceCid fromNode(JsonNode v) {
    return PieceCid.parse(v.path("PieceCIDv2").asText());
  }

  /**
   * A piece as {@code commp} and {@code add} print it: the v2 and v1 piece CIDs, the padded size
   * and the payload size; with {@code --enc=json} the object the API answers with, on one line.
   */
  private static void print(CommandContext ctx, PieceCid piece) {
    if (ctx.json()) {
      ctx.out().json(PieceJson.of(piece));
    } else {
      ctx.out().println("PieceCIDv2:  " + piece);
      ctx.out().println("PieceCIDv1:  " + piece.v1());
      ctx.out().println("PaddedSize:  " + piece.paddedSize());
      ctx.out().println("PayloadSize: " + piece.payloadSize());
    }
  }

  /** The line {@code prove} prints once the bundle is written to {@code where}. */
  static String summary(ProofBundle bundle, String where) {
    int n = bundle.pieces().size();
    return "proved "
        + bundle.proofs().size()
        + " challenges of set "
        + bundle.setId()
        + " ("
        + n
        + (n == 1 ? " piece, " : " pieces, ")
        + bundle.set().leafCount()
        + " leaves): "
        + where;
  }

  static String absoluteIfFile(String arg) {
    Path p = Path.of(arg);
    return Files.isRegularFile(p) ? p.toAbsolutePath().normalize().toString() : arg;
  }
}
