package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.cairn.compute.bacalhau.BacalhauJob;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.BodyPart;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code cairn job}: compute jobs over stored data, their results, logs, outputs and receipts. */
@Command(
    name = "job",
    description = "Run WASM jobs over data by CID; results, logs, outputs and signed receipts.",
    subcommands = {
      JobCommand.Run.class,
      JobCommand.Ls.class,
      JobCommand.Status.class,
      JobCommand.Result.class,
      JobCommand.Logs.class,
      JobCommand.Cancel.class,
      JobCommand.Verify.class,
      JobCommand.Get.class,
      MarketJobCommands.Submit.class,
      MarketJobCommands.Dispute.class,
      MarketJobCommands.Show.class
    })
final class JobCommand extends GroupCommand {
  @Command(
      name = "run",
      description = {
        "Queue a job: a JSON spec file, a Bacalhau job (--bacalhau), or a WASM module (--wasm).",
        "Without a daemon the job runs in this process, so use --wait."
      })
  static final class Run implements Runnable {
    @Mixin CommandContext ctx;

    @ArgGroup(multiplicity = "1")
    Source source;

    static final class Source {
      @Parameters(paramLabel = "SPEC.json", description = "A job spec in its JSON form.")
      Path spec;

      @Option(names = "--bacalhau", paramLabel = "job.yaml", description = "A Bacalhau wasm job.")
      Path bacalhau;

      @Option(
          names = "--wasm",
          paramLabel = "FILE|CID",
          description = "The module: a file (added first) or a CID.")
      String wasm;
    }

    @Option(names = "--input", paramLabel = "name=CID", description = "Mounted at /inputs/name.")
    List<String> inputs = List.of();

    @Option(names = "--arg", paramLabel = "A", description = "A program argument.")
    List<String> args = List.of();

    @Option(names = "--env", paramLabel = "K=V", description = "An environment variable.")
    List<String> env = List.of();

    @Option(names = "--fuel", paramLabel = "N", description = "Instruction budget.")
    Long fuel;

    @Option(names = "--memory", paramLabel = "BYTES", description = "Memory cap in bytes.")
    Long memory;

    @Option(names = "--timeout", paramLabel = "D", description = "Wall time: 500ms, 30s, 5m…")
    String timeout;

    @Option(names = "--wait", description = "Wait for the job to end and print its result.")
    boolean await;

    @Override
    public void run() {
      if (ctx.globals().timeout != null) {
        // The RPC command reads the timeout option as the job's wall time, not Kubo's deadline.
        throw new UserException(
            "the global --timeout does not apply to job run; give the job's wall time as"
                + " 'cairn job run --timeout D'");
      }
      ApiRequest request;
      if (source.wasm != null) {
        ApiRequest.Builder b =
            ApiRequest.to("job/run")
                .option("wasm", moduleCid(source.wasm))
                .option("fuel", fuel)
                .option("memory", memory)
                .option("timeout", timeout)
                .args(args);
        inputs.forEach(i -> b.option("input", i));
        env.forEach(e -> b.option("env", e));
        request = b.build();
      } else {
        if (!inputs.isEmpty()
            || !args.isEmpty()
            || !env.isEmpty()
            || fuel != null
            || memory != null
            || timeout != null) {
          throw new UserException(
              "--input, --arg, --env, --fuel, --memory and --timeout go with --wasm; a spec file"
                  + " names them itself");
        }
        String json = source.spec != null ? read(source.spec) : bacalhau(source.bacalhau);
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        request =
            ApiRequest.to("job/run")
                .body(
                    List.of(
                            BodyPart.file(
                                "spec.json", () -> new java.io.ByteArrayInputStream(bytes)))
                        .iterator())
                .build();
      }
      AtomicReference<JsonNode> job = new AtomicReference<>();
      ctx.call(request, job::set);
      long id = job.get().path("Id").asLong();
      if (!await) {
        printJob(ctx, job.get());
        return;
      }
      JsonNode ended = waitFor(ctx, id);
      printJob(ctx, ended);
      if (!"done".equals(ended.path("State").asText())) {
        throw new UserException(
            "job " + id + " ended " + ended.path("Status").asText(ended.path("State").asText()));
      }
    }

    private String moduleCid(String wasm) {
      Path file = Path.of(wasm);
      if (!Files.isRegularFile(file)) {
        return wasm;
      }
      AtomicReference<String> cid = new AtomicReference<>();
      ctx.call(
          ApiRequest.to("add")
              .option("pin", true)
              .body(Uploads.filesOrStdin(ctx, List.of(wasm)))
              .build(),
          v -> {
            if (v.has("Hash")) {
              cid.set(v.path("Hash").asText());
            }
          });
      return cid.get();
    }

    private static String read(Path file) {
      try {
        return Files.readString(file);
      } catch (IOException e) {
        throw new UserException("cannot read " + file + ": " + ErrorHandler.message(e), e);
      }
    }

    private static String bacalhau(Path file) {
      try {
        return BacalhauJob.parse(read(file)).toJson();
      } catch (IllegalArgumentException e) {
        throw new UserException(
            "the Bacalhau job " + file + " cannot run here: " + e.getMessage(), e);
      }
    }
  }

  /**
   * Asks for the job's state until it ends, with a progress line on a terminal. Each ask waits on
   * the daemon for up to a second ({@code job/status?wait=true}), so the end is seen at once.
   */
  static JsonNode waitFor(CommandContext ctx, long id) {
    boolean line = Progress.wanted(ctx, null);
    long start = System.nanoTime();
    while (true) {
      AtomicReference<JsonNode> status = new AtomicReference<>();
      ctx.call(
          ApiRequest.to("job/status").arg(Long.toString(id)).option("wait", true).build(),
          status::set);
      String state = status.get().path("State").asText();
      if (!state.equals("queued") && !state.equals("running")) {
        if (line) {
          ctx.out().err().print("\r\033[K");
          ctx.out().err().flush();
        }
        return status.get();
      }
      if (line) {
        long s = (System.nanoTime() - start) / 1_000_000_000L;
        ctx.out().err().print("\r\033[Kjob " + id + ": " + state + " " + s + "s");
        ctx.out().err().flush();
      }
    }
  }

  static void printJob(CommandContext ctx, JsonNode v) {
    if (ctx.json()) {
      ctx.out().json(v);
      return;
    }
    ctx.out().println("Job:     " + v.path("Id").asLong());
    ctx.out().println("State:   " + v.path("State").asText());
    ctx.out().println("Spec:    " + v.path("Spec").asText());
    if (v.has("Status")) {
      JsonNode r = v.path("Result");
      ctx.out().println("Status:  " + v.path("Status").asText());
      ctx.out().println("Output:  " + text(r.path("OutputRoot")));
      ctx.out().println("Stdout:  " + text(r.path("Stdout")));
      ctx.out().println("Stderr:  " + text(r.path("Stderr")));
      ctx.out().println("Fuel:    " + r.path("FuelUsed").asLong());
      ctx.out().println("Time:    " + r.path("WallTimeMs").asLong() + " ms");
      ctx.out().println("Memory:  " + measured(r.path("PeakMemoryBytes"), "bytes (peak)"));
      ctx.out().println("Energy:  " + measured(r.path("EnergyMillijoules"), "mJ"));
    }
    if (v.has("Receipt")) {
      ctx.out().println("Receipt: " + v.path("Receipt").asText());
    }
  }

  /** A measurement with its unit, or what the node said instead ("not measured"). */
  private static String measured(JsonNode n, String unit) {
    return n.isNumber() ? n.asLong() + " " + unit : n.asText("not measured");
  }

  private static String text(JsonNode n) {
    return n.isTextual() ? n.asText() : "none";
  }

  @Command(
      name = "ls",
      description = "List the jobs, oldest first; with --market, the jobs on the market.")
  static final class Ls implements Runnable {
    @Mixin CommandContext ctx;

    @Option(
        names = "--market",
        description = "The market's jobs on chain: state, price, provider and output CID.")
    boolean market;

    @Override
    public void run() {
      if (market) {
        ctx.print(
            ApiRequest.to("job/ls").option("market", true).build(),
            v -> MarketJobCommands.printMarketJobs(ctx, v));
        return;
      }
      ctx.print(
          ApiRequest.to("job/ls").build(),
          v -> {
            for (JsonNode j : v.path("Jobs")) {
              ctx.out()
                  .println(
                      j.path("Id").asLong()
                          + " "
                          + j.path("State").asText()
                          + " "
                          + j.path("Engine").asText()
                          + " "
                          + j.path("Module").asText()
                          + (j.has("Status") ? " " + j.path("Status").asText() : ""));
            }
          });
    }
  }

  @Command(name = "status", description = "Show where a job is and how it ended.")
  static final class Status implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
      ctx.call(ApiRequest.to("job/status").arg(id).build(), v -> printJob(ctx, v));
    }
  }

  @Command(name = "result", description = "Show an ended job's result and receipt.")
  static final class Result implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("job/result").arg(id).build(),
          v ->
              v.fields()
                  .forEachRemaining(
                      e -> ctx.out().println(e.getKey() + ": " + e.getValue().asText())));
    }
  }

  @Command(
      name = "logs",
      description = {
        "Print an ended job's standard output (or --stderr).",
        "With --follow, print it as a queued or running job writes it, until the job ends."
      })
  static final class Logs implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(names = "--stderr", description = "Print standard error instead.")
    boolean stderr;

    @Option(
        names = {"-f", "--follow"},
        description = "Stream the log while the job runs, until it ends.")
    boolean follow;

    @Override
    public void run() {
      OutputStream out = ctx.out().stream();
      ctx.api()
          .call(
              ApiRequest.to("job/logs")
                  .arg(id)
                  .option("stderr", stderr)
                  .option("follow", follow)
                  .build(),
              ResultSinks.binaryTo(follow ? flushing(out) : out));
    }

    /** Passes each write on at once, so a followed log shows as it comes. */
    private static OutputStream flushing(OutputStream out) {
      return new FilterOutputStream(out) {
        @Override
        public void write(byte[] b, int off, int len) throws IOException {
          out.write(b, off, len);
          out.flush();
        }
      };
    }
  }

  @Command(name = "cancel", description = "Stop a queued or running job.")
  static final class Cancel implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID")
    String id;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("job/cancel").arg(id).build(),
          v -> ctx.out().println("job " + v.path("Id").asLong() + " cancelling"));
    }
  }

  @Command(
      name = "verify",
      description = "Check a receipt's two signatures and re-run its WASM job to compare.")
  static final class Verify implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "RECEIPT")
    String receipt;

    @Override
    public void run() {
      ctx.print(
          ApiRequest.to("job/verify").arg(receipt).build(),
          v -> {
            ctx.out()
                .println("Signatures: " + (v.path("Signatures").asBoolean() ? "valid" : "INVALID"));
            if (v.path("Reexecuted").asBoolean()) {
              ctx.out()
                  .println(
                      "Re-executed: output "
                          + text(v.path("OutputRoot"))
                          + ", fuel "
                          + v.path("FuelUsed").asLong());
            }
            if (v.has("Note")) {
              ctx.out().println("Note: " + v.path("Note").asText());
            }
            if (v.has("Problem")) {
              ctx.out().println("Problem: " + v.path("Problem").asText());
            }
            ctx.out().println(v.path("Valid").asBoolean() ? "receipt verified" : "receipt INVALID");
          });
    }
  }

  @Command(
      name = "get",
      description =
          "Save an ended job's /outputs to disk (--market: a market job's, from its provider).")
  static final class Get implements Runnable {
    @Mixin CommandContext ctx;

    @Parameters(paramLabel = "ID")
    String id;

    @Option(
        names = {"-o", "--output"},
        paramLabel = "DIR",
        description = "Where to save (default: the output root's CID).")
    String output;

    @Option(names = "--market", description = "ID is a job on the compute market.")
    boolean market;

    @Override
    public void run() {
      if (market) {
        AtomicReference<JsonNode> shown = new AtomicReference<>();
        ctx.call(ApiRequest.to("job/show").arg(id).option("market", true).build(), shown::set);
        String root = shown.get().path("Output").asText("");
        if (root.isEmpty()) {
          throw new UserException(
              "market job "
                  + id
                  + " has no output yet: it is "
                  + shown.get().path("State").asText());
        }
        save(root, ApiRequest.to("job/get").arg(id).option("market", true));
        return;
      }
      AtomicReference<JsonNode> result = new AtomicReference<>();
      ctx.call(ApiRequest.to("job/result").arg(id).build(), result::set);
      JsonNode root = result.get().path("OutputRoot");
      if (!root.isTextual()) {
        throw new UserException(
            "job " + id + " kept no outputs: it ended " + result.get().path("Status").asText());
      }
      save(root.asText(), null);
    }

    /** Saves the tree at {@code root}, read through {@code source} (null: {@code get ROOT}). */
    private void save(String root, ApiRequest.Builder source) {
      GetCommand get = new GetCommand();
      get.ctx = ctx;
      get.path = root;
      get.source = source;
      get.output = output;
      get.progress = new ProgressOptions();
      get.run();
    }
  }
}
