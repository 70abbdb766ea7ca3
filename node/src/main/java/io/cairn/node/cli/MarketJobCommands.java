package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * The compute-market parts of {@code cairn job}: {@code submit --market}, {@code dispute}, {@code
 * show --market} and the table {@code ls --market} prints.
 */
final class MarketJobCommands {
  private MarketJobCommands() {}

  @Command(
      name = "submit",
      description = {
        "Post a job to the compute market: the spec is stored here and posted by its CID, with the"
            + " price escrowed.",
        "Providers claim it, run it and post the result; 'job dispute' challenges a wrong one."
      })
  static final class Submit implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "SPEC.json", description = "A job spec in its JSON form.")
    Path spec;

    @Option(names = "--market", required = true, description = "Post to the on-chain market.")
    boolean market;

    @Option(
        names = "--price",
        required = true,
        paramLabel = "AMOUNT",
        description = "What the job pays, in the token's base units (escrowed).")
    String price;

    @Option(
        names = "--verifiers",
        paramLabel = "K",
        description = "Verifiers drawn on a dispute: odd, 1 or more for WASM (default: 1).")
    Integer verifiers;

    @Option(
        names = "--deadline",
        paramLabel = "BLOCKS",
        description = "Blocks after posting by which the result must be posted.")
    Long deadline;

    @Option(
        names = "--window",
        paramLabel = "BLOCKS",
        description = "Challenge window after the result, in blocks.")
    Long window;

    @Option(
        names = "--energy",
        paramLabel = "SOURCE",
        description = "Only providers declaring this energy source (solar, grid…).")
    String energy;

    @Option(names = "--cpu", paramLabel = "N", description = "CPU cores the job needs.")
    Integer cpu;

    @Option(names = "--memory", paramLabel = "BYTES", description = "Memory the job needs.")
    Long memory;

    @Option(names = "--native", description = "Pay in the chain's native currency, not the token.")
    boolean nativePay;

    @Override
    public void run() {
      byte[] bytes;
      try {
        bytes = Files.readAllBytes(spec);
      } catch (IOException e) {
        throw new UserException("cannot read " + spec + ": " + ErrorHandler.message(e), e);
      }
      ApiRequest request =
          ApiRequest.to("job/submit")
              .option("market", market)
              .option("price", price)
              .option("verifiers", verifiers)
              .option("deadline", deadline)
              .option("window", window)
              .option("energy", energy)
              .option("cpu", cpu)
              .option("memory", memory)
              .option("native", nativePay)
              .body(
                  List.of(BodyPart.file("spec.json", () -> new ByteArrayInputStream(bytes)))
                      .iterator())
              .build();
      ctx.print(
          request,
          v ->
              ctx.out()
                  .println(
                      "market job "
                          + v.path("Id").asText()
                          + " posted: spec "
                          + v.path("Spec").asText()
                          + ", price "
                          + v.path("Price").asText()));
    }
  }

  @Command(
      name = "dispute",
      description = "Dispute a market job's result within its window, with a bond.")
  static final class Dispute implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID", description = "The market job's ID.")
    String id;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("job/dispute").arg(id).build(),
          v ->
              ctx.out()
                  .println(
                      "market job "
                          + v.path("Id").asText()
                          + " disputed, bond "
                          + v.path("Bond").asText()
                          + "; verifiers are drawn at block "
                          + v.path("DrawBlock").asText()));
    }
  }

  @Command(name = "show", description = "Show a market job (--market) as the chain holds it.")
  static final class Show implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID", description = "The market job's ID.")
    String id;

    @Option(names = "--market", required = true, description = "A job of the on-chain market.")
    boolean market;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("job/show").arg(id).option("market", market).build(),
          v ->
              v.properties()
                  .forEach(
                      e ->
                          ctx.out()
                              .println(
                                  e.getKey()
                                      + ": "
                                      + (e.getValue().isContainerNode()
                                          ? e.getValue().toString()
                                          : e.getValue().asText()))));
    }
  }

  /** The table of {@code job ls --market}. */
  static void printMarketJobs(CommandContext ctx, JsonNode v) {
    TabWriter t = new TabWriter();
    t.row("ID", "STATE", "PRICE", "PROVIDER", "OUTPUT", "MINE");
    for (JsonNode j : v.path("Jobs")) {
      t.row(
          j.path("Id").asText(),
          j.path("State").asText(),
          j.path("Price").asText(),
          dash(j.path("Provider").asText()),
          dash(j.path("Output").asText()),
          j.path("Role").asText("-"));
    }
    ctx.out().print(t.render());
  }

  private static String dash(String s) {
    return s.isEmpty() ? "-" : s;
  }
}
