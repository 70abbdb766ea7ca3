package io.cairn.node.cli;

import io.cairn.node.api.ApiRequest;
import io.cairn.node.rpc.CidFormat;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn cid}: convert and inspect CIDs. Needs no repo. */
@Command(
    name = "cid",
    description = "Convert and discover properties of CIDs.",
    subcommands = {
      CidCommand.Format.class,
      CidCommand.Base32.class,
      CidCommand.Bases.class,
      CidCommand.Codecs.class,
      CidCommand.Hashes.class
    })
final class CidCommand extends GroupCommand {

  @Command(
      name = "format",
      description = {
        "Format and convert CIDs in various useful ways.",
        "The format string is printf-like:",
        CidFormat.REFERENCE
      })
  static final class Format implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "-f",
        paramLabel = "FORMAT",
        description = "Printf-style format string (default: %%s).")
    String format = "%s";

    @Option(
        names = "-v",
        paramLabel = "VERSION",
        description = "CID version to convert to (0 or 1).")
    String version;

    @Option(names = "--mc", paramLabel = "CODEC", description = "Multicodec to convert to.")
    String codec;

    @Option(names = "-b", paramLabel = "BASE", description = "Multibase to display the CID in.")
    String base;

    @Parameters(
        paramLabel = "CID",
        arity = "0..*",
        description = "CIDs to format (default: read from stdin).")
    List<String> cids = new ArrayList<>();

    @Override
    public void run() {
      ApiRequest.Builder request =
          ApiRequest.to("cid/format").option("f", format).args(arguments(ctx, cids));
      if (version != null) {
        request.option("v", version);
      }
      if (codec != null) {
        request.option("mc", codec);
      }
      if (base != null) {
        request.option("b", base);
      }
      print(ctx, request.build());
    }
  }

  @Command(name = "base32", description = "Convert CIDs to base32 CID version 1.")
  static final class Base32 implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(
        paramLabel = "CID",
        arity = "0..*",
        description = "CIDs to convert (default: read from stdin).")
    List<String> cids = new ArrayList<>();

    @Override
    public void run() {
      print(ctx, ApiRequest.to("cid/base32").args(arguments(ctx, cids)).build());
    }
  }

  @Command(name = "bases", description = "List available multibase encodings.")
  static class Bases implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--prefix", description = "Also show the single-letter prefixes.")
    boolean prefix;

    @Option(names = "--numeric", description = "Also show numeric codes.")
    boolean numeric;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("cid/bases").build(),
          list ->
              list.forEach(
                  b -> {
                    String line = b.path("Name").asText();
                    int code = b.path("Code").asInt();
                    if (numeric) {
                      line = String.format("%7d  %s", code, line);
                    }
                    if (prefix) {
                      line = (char) code + (numeric ? " " : "  ") + line;
                    }
                    ctx.out().println(line);
                  }));
    }
  }

  @Command(name = "codecs", description = "List available CID multicodecs.")
  static final class Codecs implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-n", "--numeric"},
        description = "Also show numeric codes.")
    boolean numeric;

    @Option(
        names = {"-s", "--supported"},
        description = "List only codecs this node can decode.")
    boolean supported;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("cid/codecs").option("supported", supported ? true : null).build(),
          list -> list.forEach(c -> ctx.out().println(numbered(c, numeric))));
    }
  }

  @Command(name = "hashes", description = "List available multihash functions.")
  static final class Hashes implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = {"-n", "--numeric"},
        description = "Also show numeric codes.")
    boolean numeric;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("cid/hashes").build(),
          list -> list.forEach(h -> ctx.out().println(numbered(h, numeric))));
    }
  }

  /** Kubo's line for a codec or hash: its name, after its code with {@code --numeric}. */
  private static String numbered(com.fasterxml.jackson.databind.JsonNode v, boolean numeric) {
    String name = v.path("Name").asText();
    return numeric ? String.format("%5d  %s", v.path("Code").asLong(), name) : name;
  }

  /** The CIDs given as arguments, else one per line on stdin. */
  static List<String> arguments(CommandContext ctx, List<String> args) {
    return StdinArguments.orStdin(ctx, args, "cid");
  }

  /**
   * Prints each converted CID the command answers; a CID that failed prints "cid: error" on stderr
   * and the command exits non-zero at the end, as Kubo does.
   */
  private static void print(CommandContext ctx, ApiRequest request) {
    int[] failures = {0};
    ctx.call(
        request,
        v -> {
          String error = v.path("ErrorMsg").asText();
          if (!error.isEmpty()) {
            failures[0]++;
          }
          if (ctx.json()) {
            ctx.out().json(v);
          } else if (error.isEmpty()) {
            ctx.out().println(v.path("Formatted").asText());
          } else {
            ctx.out().flush();
            ctx.out().err().println(v.path("CidStr").asText() + ": " + error);
          }
        });
    if (failures[0] > 0) {
      // Kubo's message; each failed CID was named on stderr above.
      throw new UserException("errors while displaying some entries");
    }
  }
}
