package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code cairn provider}: offer this node's disk (and GPU) in the on-chain provider registry. */
@Command(
    name = "provider",
    description = "Offer this node's disk and GPU in the provider registry; list providers.",
    subcommands = {
      ProviderCommand.Register.class,
      ProviderCommand.Update.class,
      ProviderCommand.Ls.class
    })
final class ProviderCommand extends GroupCommand {

  /** The offer's options, shared by register and update. */
  static final class Offer {
    @Option(
        names = "--price",
        paramLabel = "AMOUNT",
        description = "Price per TiB per proving period, in the token's base units.")
    String price;

    @Option(
        names = "--capacity",
        paramLabel = "BYTES",
        description = "Disk offered in bytes (default: Datastore.StorageMax).")
    Long capacity;

    @Option(
        names = "--endpoints",
        paramLabel = "ENDPOINTS",
        description =
            "Where clients reach this node, comma-separated multiaddrs and URLs (default: its"
                + " libp2p listen addresses, where clients send deal proposals, then its gateway).")
    String endpoints;

    @Option(names = "--gpu-model", paramLabel = "NAME", description = "GPU offered, if any.")
    String gpuModel;

    @Option(names = "--gpu-memory", paramLabel = "BYTES", description = "Its memory in bytes.")
    Long gpuMemory;

    @Option(
        names = "--gpu-price",
        paramLabel = "AMOUNT",
        description = "Price per GPU hour, in the token's base units.")
    String gpuPrice;

    @Option(
        names = "--max-periods",
        paramLabel = "N",
        description = "The longest deal accepted, in periods (0: no limit).")
    Long maxPeriods;

    @Option(
        names = "--min-piece-bytes",
        paramLabel = "BYTES",
        description = "The smallest padded piece accepted.")
    Long minPieceBytes;

    @Option(
        names = "--max-deals",
        paramLabel = "N",
        description = "The most deals in flight (0: no limit).")
    Long maxDeals;

    ApiRequest.Builder apply(ApiRequest.Builder b) {
      return b.option("price", price)
          .option("max-periods", maxPeriods)
          .option("min-piece-bytes", minPieceBytes)
          .option("max-deals", maxDeals)
          .option("capacity", capacity)
          .option("endpoints", endpoints)
          .option("gpu-model", gpuModel)
          .option("gpu-memory", gpuMemory)
          .option("gpu-price", gpuPrice);
    }
  }

  @Command(
      name = "register",
      description = "Register this node (its peer ID, offer and a stake) as a storage provider.")
  static final class Register implements Runnable {
    @Mixin CommandContext ctx;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    Offer offer = new Offer();

    @Option(
        names = "--stake",
        paramLabel = "WEI",
        description = "Collateral staked in native currency (default: 0).")
    String stake;

    @Override
    public void run() {
      ctx.print(
          offer.apply(ApiRequest.to("provider/register")).option("stake", stake).build(),
          v -> ctx.out().println("registered provider " + v.path("Provider").asText()));
    }
  }

  @Command(name = "update", description = "Change this provider's offer.")
  static final class Update implements Runnable {
    @Mixin CommandContext ctx;

    @picocli.CommandLine.ArgGroup(exclusive = false)
    Offer offer = new Offer();

    @Override
    public void run() {
      ctx.print(
          offer.apply(ApiRequest.to("provider/update")).build(),
          v -> ctx.out().println("updated provider " + v.path("Provider").asText()));
    }
  }

  @Command(name = "ls", description = "List registered providers with their offers and record.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("provider/ls").build(),
          v -> {
            TabWriter t = new TabWriter();
            t.row(
                "ADDRESS",
                "PEER ID",
                "PRICE/TiB/PERIOD",
                "CAPACITY",
                "GPU",
                "PROVEN",
                "FAULTED",
                "ACTIVE");
            for (JsonNode p : v.path("Providers")) {
              t.row(
                  p.path("Address").asText(),
                  p.path("PeerId").asText(),
                  p.path("PricePerTiBPerPeriod").asText(),
                  Humanize.bytes(p.path("CapacityBytes").asLong()),
                  p.path("GpuModel").asText().isEmpty() ? "-" : p.path("GpuModel").asText(),
                  p.path("PeriodsProven").asText(),
                  p.path("PeriodsFaulted").asText(),
                  p.path("Active").asBoolean() ? "yes" : "no");
            }
            ctx.out().print(t.render());
          });
    }
  }
}
