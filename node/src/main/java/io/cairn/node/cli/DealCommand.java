package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn deal}: storage deals on chain, from the client's side and the provider's. */
@Command(
    name = "deal",
    description = {
      "Storage deals: a piece of your data, a provider, a duration in proving periods and a price"
          + " per period, the whole fee escrowed on chain and paid out per proven period.",
      "The provider fetches the data from this node over the network once 'deal make' sent it a"
          + " proposal naming the DAG's root, checks its piece against the deal and accepts; a"
          + " provider also accepts deals for pieces it already keeps ('cairn piece add')."
    },
    subcommands = {
      DealCommand.Make.class,
      DealCommand.Ls.class,
      DealCommand.Show.class,
      DealCommand.Settle.class,
      DealCommand.Terminate.class,
      DealCommand.ProposeProvider.class,
      DealCommand.ConsentProvider.class,
      DealCommand.RevokeConsent.class,
      DealCommand.TakeOver.class
    })
final class DealCommand extends GroupCommand {

  @Command(
      name = "make",
      description = {
        "Store a DAG with a provider under a deal, its whole fee escrowed on chain.",
        "Computes the DAG's piece, opens the deal, sends the provider's node a proposal naming the"
            + " DAG (it fetches the DAG from this node) and waits for the provider to accept it.",
        "The DAG is pinned for the deal's life."
      })
  static final class Make implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "CID", description = "Root of the DAG to store.")
    String cid;

    @Option(
        names = "--provider",
        required = true,
        paramLabel = "ADDRESS",
        description = "The provider's 0x address.")
    String provider;

    @Option(
        names = "--duration",
        required = true,
        paramLabel = "PERIODS",
        description = "Proving periods the deal lasts.")
    long duration;

    @Option(
        names = "--price",
        required = true,
        paramLabel = "AMOUNT",
        description = "Price per period in the token's base units (all periods are escrowed).")
    String price;

    @Option(names = "--native", description = "Pay in native currency instead of the token.")
    boolean nativeCurrency;

    @Option(
        names = "--wait",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description = "Wait for the provider to accept (default: true).")
    boolean await;

    @Option(
        names = "--propose",
        negatable = true,
        defaultValue = "true",
        fallbackValue = "true",
        description =
            "Send the provider's node a proposal naming the DAG, so it fetches the data from"
                + " this node (default: true; --no-propose when the provider got the data"
                + " otherwise).")
    boolean propose;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("deal/make")
              .arg(cid)
              .option("provider", provider)
              .option("duration", duration)
              .option("price", price)
              .option("native", nativeCurrency)
              .option("wait", await)
              .option("propose", propose)
              .build();
      ctx.print(
          request,
          v -> {
            if (v.path("Event").asText().equals("proposal")) {
              ctx.out()
                  .println(
                      "deal "
                          + v.path("DealID").asText()
                          + (v.path("Accepted").asBoolean()
                              ? " proposal taken by "
                              : " proposal not taken by ")
                          + (v.path("Peer").asText().isEmpty()
                              ? "the provider"
                              : v.path("Peer").asText())
                          + ": "
                          + v.path("Message").asText());
              return;
            }
            ctx.out()
                .println(
                    "deal "
                        + v.path("DealID").asText()
                        + " "
                        + v.path("Event").asText()
                        + ": piece "
                        + v.path("PieceCID").asText()
                        + ", "
                        + v.path("Periods").asInt()
                        + " periods at "
                        + v.path("PricePerPeriod").asText()
                        + ", state "
                        + v.path("State").asText());
          });
    }
  }

  @Command(name = "ls", description = "List the deals of this node, as client or provider.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Option(names = "--all", description = "List every deal on the market.")
    boolean all;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("deal/ls").option("all", all).build(),
          v -> {
            TabWriter t = new TabWriter();
            t.row("ID", "ROLE", "STATE", "PIECE", "PROVEN", "FAULTED", "PERIODS", "PAID");
            for (JsonNode d : v.path("Deals")) {
              t.row(
                  d.path("DealID").asText(),
                  d.path("Role").asText().isEmpty() ? "-" : d.path("Role").asText(),
                  d.path("State").asText(),
                  d.path("PieceCID").asText(),
                  d.path("PeriodsProven").asText(),
                  d.path("PeriodsFaulted").asText(),
                  d.path("Periods").asText(),
                  d.path("Paid").asText());
            }
            ctx.out().print(t.render());
          });
    }
  }

  @Command(name = "show", description = "Show a deal: parties, piece, periods and payments.")
  static final class Show implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("deal/show").arg(id).build(),
          v ->
              v.fields()
                  .forEachRemaining(
                      e -> ctx.out().println(e.getKey() + ": " + e.getValue().asText())));
    }
  }

  @Command(
      name = "settle",
      description =
          "Process a deal's elapsed periods: unproven ones refund the client and slash collateral;"
              + " at the end the rest returns to the provider.")
  static final class Settle implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("deal/settle").arg(id).build(),
          v ->
              ctx.out()
                  .println(
                      "deal "
                          + v.path("DealID").asText()
                          + ": "
                          + v.path("PeriodsSettled").asInt()
                          + " of "
                          + v.path("Periods").asInt()
                          + " periods settled, state "
                          + v.path("State").asText()));
    }
  }

  /** Prints the deal a one-transaction deal command left: its state and provider. */
  private static void printDeal(CommandContext ctx, ApiRequest request) {
    ctx.print(
        request,
        v ->
            ctx.out()
                .println(
                    "deal "
                        + v.path("DealID").asText()
                        + " "
                        + v.path("Event").asText()
                        + ": state "
                        + v.path("State").asText()
                        + ", provider "
                        + v.path("Provider").asText()
                        + ", "
                        + v.path("Periods").asInt()
                        + " periods"));
  }

  @Command(
      name = "terminate",
      description = {
        "End a deal early, as its client or its provider: it runs on for the market's notice"
            + " periods, then ends.",
        "The periods cut off are refunded to the client; their share of the collateral goes back"
            + " to the provider when the client terminates, and is burned when the provider does."
      })
  static final class Terminate implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Override
    public void run() {
      printDeal(ctx, ApiRequest.to("deal/terminate").arg(id).build());
    }
  }

  @Command(
      name = "propose-provider",
      description =
          "As a deal's provider, propose another provider to take the deal over. The client"
              + " must consent ('deal consent-provider'), then the new provider takes it over"
              + " ('deal take-over').")
  static final class ProposeProvider implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Option(names = "--to", required = true, description = "The new provider's address (0x…).")
    String to;

    @Override
    public void run() {
      printDeal(ctx, ApiRequest.to("deal/propose-provider").arg(id).option("to", to).build());
    }
  }

  @Command(
      name = "consent-provider",
      description = {
        "As a deal's client, consent to the provider its provider proposed ('deal show' names it).",
        "--to names that provider: if another is proposed by the time the transaction is mined,"
            + " the market refuses it; 'deal revoke-consent' withdraws a consent not yet taken up."
      })
  static final class ConsentProvider implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Option(
        names = "--to",
        required = true,
        description = "The proposed provider's address (0x…) this consent is for.")
    String to;

    @Override
    public void run() {
      printDeal(ctx, ApiRequest.to("deal/consent-provider").arg(id).option("to", to).build());
    }
  }

  @Command(
      name = "revoke-consent",
      description = "As a deal's client, withdraw a consent the proposed provider has not used.")
  static final class RevokeConsent implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Override
    public void run() {
      printDeal(ctx, ApiRequest.to("deal/revoke-consent").arg(id).build());
    }
  }

  @Command(
      name = "take-over",
      description = {
        "As the proposed and consented provider, take a deal over.",
        "Collateral for the periods left and stake are locked, the piece joins this node's proof"
            + " set, and it serves the deal from the next period.",
        "This node must keep the piece first: 'cairn pin add' the deal's DAG (fetched over the"
            + " network), then 'cairn piece add' its root."
      })
  static final class TakeOver implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "DEAL", description = "The deal ID.")
    String id;

    @Override
    public void run() {
      printDeal(ctx, ApiRequest.to("deal/take-over").arg(id).build());
    }
  }
}
