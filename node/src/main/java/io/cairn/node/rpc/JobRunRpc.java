package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobSpec;
import io.cairn.compute.Limits;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.api.ApiResponse;
import io.cairn.node.api.BodyPart;
import io.cairn.node.api.NodeHandle;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.storage.Cid;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code job/run}: queues a job given as a JSON spec file in the body, or by options: {@code
 * wasm=<CID>}, {@code input=name=CID} (repeated), {@code env=K=V} (repeated), {@code fuel}, {@code
 * memory} (bytes), {@code timeout} ({@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h}); the
 * positional arguments are the program's.
 */
final class JobRunRpc implements ApiCommand {
  /** Its {@code timeout} is the job's wall time, not Kubo's global deadline on the call. */
  @Override
  public boolean ownsTimeoutOption() {
    return true;
  }

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
            JobRpcs.MAX_SPEC_BYTES,
            "the job spec is larger than " + JobRpcs.MAX_SPEC_BYTES + " bytes");
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
      if (inputs.put(kv[0], JobRpcs.cid(kv[1])) != null) {
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
        limits = limits.withWallTime(JobRpcs.duration(req.option("timeout").get()));
      }
      JobSpec spec =
          JobSpec.wasm(JobRpcs.cid(module))
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
