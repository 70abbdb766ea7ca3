package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.node.api.ApiRequest;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code cairn pin remote}: Kubo's {@code ipfs pin remote}, a client of remote pinning services
 * (the IPFS Pinning Service API) named in the config's {@code Pinning.RemoteServices}.
 */
@Command(
    name = "remote",
    description = {
      "Pin (and unpin) DAGs on remote pinning services.",
      "Services speak the IPFS Pinning Service API; add one with 'pin remote service add'."
    },
    subcommands = {
      PinRemoteCommand.Add.class,
      PinRemoteCommand.Ls.class,
      PinRemoteCommand.Rm.class,
      PinRemoteCommand.Service.class
    })
final class PinRemoteCommand extends GroupCommand {

  /**
   * The {@code --service} every pin command needs, and the filters of {@code ls} and {@code rm}.
   */
  static final class Filters {
    @Option(
        names = "--service",
        paramLabel = "NAME",
        description = "Name of the remote pinning service to use (mandatory).")
    String service;

    @Option(
        names = "--name",
        paramLabel = "NAME",
        description = "Only pins with exactly this name (case-sensitive).")
    String name;

    @Option(
        names = "--cid",
        split = ",",
        paramLabel = "CID",
        description = "Only pins of these CIDs (comma-separated).")
    List<String> cids = new ArrayList<>();

    @Option(
        names = "--status",
        split = ",",
        paramLabel = "STATUS",
        description =
            "Only pins in these statuses: queued, pinning, pinned, failed (default: pinned).")
    List<String> statuses = new ArrayList<>();

    ApiRequest.Builder to(String path) {
      ApiRequest.Builder b = ApiRequest.to(path).option("service", service).option("name", name);
      cids.forEach(c -> b.option("cid", c));
      statuses.forEach(s -> b.option("status", s));
      return b;
    }
  }

  @Command(
      name = "add",
      description = {
        "Ask a remote pinning service to pin a DAG, and wait until it is pinned.",
        "With --background, return as soon as the service has queued the request; follow it"
            + " with 'pin remote ls --status=queued,pinning,pinned,failed'."
      })
  static final class Add implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "PATH", description = "The CID or /ipfs/ path to pin.")
    String path;

    @Option(
        names = "--service",
        paramLabel = "NAME",
        description = "Name of the remote pinning service to use (mandatory).")
    String service;

    @Option(names = "--name", paramLabel = "NAME", description = "An optional name for the pin.")
    String name;

    @Option(
        names = "--background",
        description = "Return once the service has queued the request (do not wait until pinned).")
    boolean background;

    @Override
    public void run() {
      ApiRequest request =
          ApiRequest.to("pin/remote/add")
              .arg(path)
              .option("service", service)
              .option("name", name)
              .option("background", background)
              .build();
      ctx.print(request, v -> ctx.out().print(details(v)));
    }

    /** Kubo's text: CID, Name and Status on lines of their own, aligned. */
    private static String details(JsonNode v) {
      TabWriter t = new TabWriter(0, 1);
      t.row("CID:", v.path("Cid").asText());
      t.row("Name:", v.path("Name").asText());
      t.row("Status:", v.path("Status").asText());
      return t.render();
    }
  }

  @Command(
      name = "ls",
      description = {
        "List the pins a remote pinning service holds.",
        "Only pins in the 'pinned' status by default; pass --status=queued,pinning,pinned,failed"
            + " for all."
      })
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Mixin Filters filters;

    @Override
    public void run() {
      ctx.print(
          filters.to("pin/remote/ls").build(),
          v ->
              ctx.out()
                  .println(
                      v.path("Cid").asText()
                          + "\t"
                          + v.path("Status").asText()
                          + "\t"
                          + Names.escape(v.path("Name").asText())));
    }
  }

  @Command(
      name = "rm",
      description = {
        "Remove pins from a remote pinning service.",
        "Takes the filters of 'ls' (run it first to see what goes). More than one match is"
            + " refused without --force."
      })
  static final class Rm implements Runnable {
    @Mixin CommandContext ctx;

    @Mixin Filters filters;

    @Option(
        names = "--force",
        description = "Remove all the pins that match, however many (default: only one).")
    boolean force;

    @Override
    public void run() {
      ctx.call(filters.to("pin/remote/rm").option("force", force).build(), v -> {});
    }
  }

  @Command(
      name = "service",
      description = "Configure the remote pinning services (Pinning.RemoteServices).",
      subcommands = {ServiceAdd.class, ServiceLs.class, ServiceRm.class})
  static final class Service extends GroupCommand {}

  @Command(
      name = "add",
      description = {
        "Add a remote pinning service: its name, API endpoint and access key.",
        "The key is kept in the config and never shown by 'config show'; check the service"
            + " with 'pin remote service ls --stat'."
      })
  static final class ServiceAdd implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(index = "0", paramLabel = "NAME", description = "Service name.")
    String name;

    @Parameters(
        index = "1",
        paramLabel = "ENDPOINT",
        description = "Service endpoint (https://host/path, without /pins).")
    String endpoint;

    @Parameters(index = "2", paramLabel = "KEY", description = "Service key.")
    String key;

    @Override
    public void run() {
      ctx.call(
          ApiRequest.to("pin/remote/service/add").arg(name).arg(endpoint).arg(key).build(),
          v -> {});
    }
  }

  @Command(
      name = "ls",
      description = {
        "List the remote pinning services.",
        "With --stat, ask each for its pin counts (queued/pinning/pinned/failed); a service that"
            + " cannot answer is shown as invalid."
      })
  static final class ServiceLs implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--stat",
        description =
            "Try to fetch and display current pin count on remote service"
                + " (queued/pinning/pinned/failed).")
    boolean stat;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("pin/remote/service/ls").option("stat", stat).build(),
          v -> {
            TabWriter t = new TabWriter(1, 1);
            for (JsonNode s : v.path("RemoteServices")) {
              String service = s.path("Service").asText();
              String endpoint = s.path("ApiEndpoint").asText();
              if (!stat) {
                t.row(service, endpoint);
                continue;
              }
              JsonNode pc = s.path("Stat").path("PinCount");
              t.row(
                  service,
                  endpoint,
                  pc.isObject()
                      ? pc.path("Queued").asLong()
                          + "/"
                          + pc.path("Pinning").asLong()
                          + "/"
                          + pc.path("Pinned").asLong()
                          + "/"
                          + pc.path("Failed").asLong()
                      : s.path("Stat").path("Status").asText());
            }
            ctx.out().print(t.render());
          });
    }
  }

  @Command(name = "rm", description = "Remove a remote pinning service from the config.")
  static final class ServiceRm implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "NAME", description = "Name of the service to remove.")
    String name;

    @Override
    public void run() {
      ctx.call(ApiRequest.to("pin/remote/service/rm").arg(name).build(), v -> {});
    }
  }
}
