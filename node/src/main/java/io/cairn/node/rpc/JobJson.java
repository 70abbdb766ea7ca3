package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.storage.Cid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** A job as the {@code job/*} commands show it, with Kubo-style PascalCase keys. */
final class JobJson {
  private JobJson() {}

  static Map<String, Object> of(JobRecord job, Optional<Cid> receipt) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Id", job.id());
    m.put("State", job.state().label());
    m.put("Spec", job.spec().cid().toString());
    m.put("Engine", job.spec().engine().label());
    m.put("Module", job.spec().module().toString());
    m.put("Submitted", job.submitted().toString());
    JobResult r = job.result();
    if (r != null) {
      m.put("Status", r.status().label());
      m.put("Result", result(r));
    }
    receipt.ifPresent(c -> m.put("Receipt", c.toString()));
    return m;
  }

  static Map<String, Object> result(JobResult r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Status", r.status().label());
    m.put("OutputRoot", str(r.outputRoot()));
    m.put("Stdout", str(r.stdout()));
    m.put("Stderr", str(r.stderr()));
    m.put("FuelUsed", r.fuelUsed());
    m.put("WallTimeMs", r.wallTime().toMillis());
    m.put("PeakMemoryBytes", measured(r.peakMemoryBytes()));
    m.put("GpuTimeNanos", measured(r.gpuTimeNanos()));
    m.put("EnergyMillijoules", measured(r.energyMillijoules()));
    return m;
  }

  private static Object measured(java.util.OptionalLong v) {
    return v.isPresent() ? (Object) v.getAsLong() : "not measured";
  }

  private static String str(Cid c) {
    return c == null ? null : c.toString();
  }
}
