package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import io.cairn.storage.unixfs.UnixFsExporter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The {@code job/*} commands: compute jobs run by this node's queue, their results, logs, outputs
 * and signed receipts.
 */
final class JobRpcs {
  /** A spec file larger than this is refused. */
  static final int MAX_SPEC_BYTES = 1 << 20;

  private JobRpcs() {}

  static List<ApiCommand> all() {
    return List.of(
        new Run(),
        new Ls(),
        new Status(),
        new Result(),
        new Logs(),
        new Cancel(),
        new Verify(),
        new Get());
  }

  /**
   * {@code job/run}: queues a job given as a JSON spec file in the body, or by options: {@code
   * wasm=<CID>}, {@code input=name=CID} (repeated), {@code env=K=V} (repeated), {@code fuel},
   * {@code memory} (bytes), {@code timeout} ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h});
   * the positional arguments are the program's.
   */
  static final class Run implements ApiCommand {
    @Override
    public String path() {
      return "job/run";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
      JobSpec spec = req.body().hasNext() ? fromBody(req.body()) : fromOptions(req);
      NodeJobs jobs = node.jobs();
      JobRecord job = jobs.submit(spec);
      res.emit(JobJson.of(job, jobs.receipt(job.id())));
    }

    private static JobSpec fromBody(Iterator<BodyPart> body) throws IOException {
      byte[] json =
          Bodies.read(
              body.next(),
              MAX_SPEC_BYTES,
              "the job spec is larger than " + MAX_SPEC_BYTES + " bytes");
      try {
        return JobSpec.fromJson(new String(json, StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        throw ApiException.client("invalid job spec: " + e.getMessage());
      }
    }

    private static JobSpec fromOptions(ApiRequest req) {
      String module =
          req.option("wasm")
              .orElseThrow(
                  () -> ApiException.client("give the job as a spec file or with wasm=<CID>"));
      Map<String, Cid> inputs = new LinkedHashMap<>();
      for (String in : req.options().getOrDefault("input", List.of())) {
        String[] kv = split(in, "input", "name=CID");
        if (inputs.put(kv[0], cid(kv[1])) != null) {
          throw ApiException.client("input '" + kv[0] + "' is given twice");
        }
      }
      Map<String, String> env = new LinkedHashMap<>();
      for (String e : req.options().getOrDefault("env", List.of())) {
        String[] kv = split(e, "env", "K=V");
        env.put(kv[0], kv[1]);
      }
      try {
        Limits limits = Limits.DEFAULTS;
        if (req.number("fuel").isPresent()) {
          limits = limits.withFuel(req.number("fuel").get());
        }
        if (req.number("memory").isPresent()) {
          limits = limits.withMemoryBytes(req.number("memory").get());
        }
        if (req.option("timeout").isPresent()) {
          limits = limits.withWallTime(duration(req.option("timeout").get()));
        }
        JobSpec spec =
            JobSpec.wasm(cid(module))
                .withArgs(req.arguments())
                .withEnv(env)
                .withInputs(inputs)
                .withLimits(limits);
        return req.option("entrypoint").map(spec::withEntrypoint).orElse(spec);
      } catch (IllegalArgumentException e) {
        throw ApiException.client(e.getMessage());
      }
    }

    private static String[] split(String value, String option, String form) {
      int eq = value.indexOf('=');
      if (eq < 1) {
        throw ApiException.client(option + " '" + value + "' must have the form " + form);
      }
      return new String[] {value.substring(0, eq), value.substring(eq + 1)};
    }
  }

  /** {@code job/ls}: every job, oldest first. */
  static final class Ls implements ApiCommand {
    @Override
    public String path() {
      return "job/ls";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      NodeJobs jobs = node.jobs();
      List<Map<String, Object>> all = new ArrayList<>();
      for (JobRecord job : jobs.queue().list()) {
        all.add(JobJson.of(job, jobs.receipt(job.id())));
      }
      res.emit(Map.of("Jobs", all));
    }
  }

  /** {@code job/status}: where a job is and, once ended, how it ended. */
  static final class Status implements ApiCommand {
    @Override
    public String path() {
      return "job/status";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      NodeJobs jobs = node.jobs();
      JobRecord job = job(req, jobs);
      res.emit(JobJson.of(job, jobs.receipt(job.id())));
    }
  }

  /** {@code job/result}: an ended job's result and receipt. */
  static final class Result implements ApiCommand {
    @Override
    public String path() {
      return "job/result";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      NodeJobs jobs = node.jobs();
      JobRecord job = job(req, jobs);
      JobResult r = ended(job);
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Id", job.id());
      m.put("State", job.state().label());
      m.putAll(JobJson.result(r));
      jobs.receipt(job.id()).ifPresent(c -> m.put("Receipt", c.toString()));
      res.emit(m);
    }
  }

  /**
   * {@code job/logs}: an ended job's standard output, or its standard error with {@code stderr}.
   */
  static final class Logs implements ApiCommand {
    @Override
    public String path() {
      return "job/logs";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) throws IOException {
      JobResult r = ended(job(req, node.jobs()));
      boolean stderr = req.flag(false, "stderr");
      Cid log = stderr ? r.stderr() : r.stdout();
      BlockStore blocks = node.storage().blocks();
      UnixFsExporter exporter = new UnixFsExporter(blocks);
      if (log == null) {
        res.output(0, "text/plain").close();
        return;
      }
      long size = exporter.stat(log).size();
      try (OutputStream out = res.output(size, "text/plain")) {
        exporter.cat(log, 0, -1, out);
      }
    }
  }

  /** {@code job/cancel}: stops a queued or running job. */
  static final class Cancel implements ApiCommand {
    @Override
    public String path() {
      return "job/cancel";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      NodeJobs jobs = node.jobs();
      long id = id(req);
      JobRecord job;
      try {
        job = jobs.queue().cancel(id);
      } catch (NoSuchElementException e) {
        throw new ApiException(ApiException.Kind.NOT_FOUND, "no job " + id + " here");
      } catch (IllegalStateException e) {
        throw ApiException.client(e.getMessage());
      }
      res.emit(JobJson.of(job, jobs.receipt(job.id())));
    }
  }

  /**
   * {@code job/verify}: checks a receipt's Ed25519 and ML-DSA-65 signatures and, for a WASM job
   * whose spec is here, runs it again and compares status, output CID and fuel. Emits the report,
   * then fails when the receipt does not verify.
   */
  static final class Verify implements ApiCommand {
    @Override
    public String path() {
      return "job/verify";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      Cid receipt = cid(req.argument(0, "receipt"));
      NodeJobs.Verification v;
      try {
        v = node.jobs().verify(receipt);
      } catch (NoSuchElementException e) {
        throw new ApiException(ApiException.Kind.NOT_FOUND, e.getMessage());
      } catch (IllegalArgumentException e) {
        throw ApiException.client("receipt " + receipt + " cannot be read: " + e.getMessage());
      }
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Receipt", receipt.toString());
      m.put("Spec", v.receipt().receipt().spec().toString());
      m.put("PeerId", v.receipt().receipt().peerId());
      m.put("Signatures", v.signaturesValid());
      m.put("Reexecuted", v.rerun() != null);
      if (v.rerun() != null) {
        m.put(
            "OutputRoot",
            v.rerun().outputRoot() == null ? null : v.rerun().outputRoot().toString());
        m.put("FuelUsed", v.rerun().fuelUsed());
      }
      if (v.note() != null) {
        m.put("Note", v.note());
      }
      if (v.problem() != null) {
        m.put("Problem", v.problem());
      }
      m.put("Valid", v.valid());
      res.emit(m);
      if (!v.valid()) {
        throw new IllegalStateException("receipt " + receipt + " does not verify: " + v.problem());
      }
    }
  }

  /** {@code job/get}: the job's {@code /outputs} as {@code get} sends a tree. */
  static final class Get implements ApiCommand {
    @Override
    public String path() {
      return "job/get";
    }

    @Override
    public void run(ApiRequest req, ApiResponse res, NodeHandle node) {
      JobRecord job = job(req, node.jobs());
      JobResult r = ended(job);
      if (r.outputRoot() == null) {
        throw ApiException.client(
            "job " + job.id() + " kept no outputs: it ended " + r.status().label());
      }
      ApiRequest get =
          new ApiRequest("get", List.of(r.outputRoot().toString()), req.options(), null);
      new GetRpc().run(get, res, node);
    }
  }

  static JobRecord job(ApiRequest req, NodeJobs jobs) {
    long id = id(req);
    try {
      return jobs.job(id);
    } catch (NoSuchElementException e) {
      throw new ApiException(ApiException.Kind.NOT_FOUND, e.getMessage());
    }
  }

  static JobResult ended(JobRecord job) {
    if (job.result() == null) {
      throw ApiException.client("job " + job.id() + " has no result: it is " + job.state().label());
    }
    return job.result();
  }

  private static long id(ApiRequest req) {
    String arg = req.argument(0, "job-id");
    try {
      return Long.parseLong(arg.strip());
    } catch (NumberFormatException e) {
      throw ApiException.client("'" + arg + "' is not a job id (a number, as 'job ls' shows)");
    }
  }

  private static Cid cid(String arg) {
    try {
      return Cid.parse(arg);
    } catch (InvalidCidException e) {
      throw ApiException.client("'" + arg + "' is not a CID: " + e.getMessage());
    }
  }

  /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}, or a number of seconds. */
  static Duration duration(String text) {
    String t = text.strip().toLowerCase(Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
      String n = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
      long v = Long.parseLong(n);
      return switch (unit) {
        case 's' -> Duration.ofSeconds(v);
        case 'm' -> Duration.ofMinutes(v);
        case 'h' -> Duration.ofHours(v);
        default -> {
          if (!Character.isDigit(unit)) {
            throw new NumberFormatException();
          }
          yield Duration.ofSeconds(v);
        }
      };
    } catch (NumberFormatException e) {
      throw ApiException.client(
          "timeout '" + text + "' is not a duration such as 500ms, 30s, 5m or 1h");
    }
  }
}
