package io.cairn.compute.spec;

import io.cairn.compute.JobResult;
import io.cairn.compute.JobStatus;
import io.cairn.storage.Cid;
import io.cairn.storage.codec.CodecException;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The dag-cbor and JSON forms of a {@link JobResult}:
 *
 * <pre>
 * { status: string, output?: &amp;Link, stdout?: &amp;Link, stderr?: &amp;Link, fuel: int,
 *   wallTimeNs: int, peakMemory?: int, gpuTimeNs?: int, energyMj?: int }
 * </pre>
 *
 * In dag-cbor a measurement not taken is left out; in JSON it reads {@code "not measured"}.
 */
public final class ResultCodec {
  public static final String NOT_MEASURED = "not measured";
  static final String DOCUMENT = "job result";

  private static final Set<String> FIELDS =
      Set.of(
          "status",
          "output",
          "stdout",
          "stderr",
          "fuel",
          "wallTimeNs",
          "peakMemory",
          "gpuTimeNs",
          "energyMj");

  private ResultCodec() {}

  public static Ipld toIpld(JobResult r, boolean human) {
    var m = new LinkedHashMap<String, Ipld>();
    m.put("status", Ipld.of(r.status().label()));
    putCid(m, "output", r.outputRoot());
    putCid(m, "stdout", r.stdout());
    putCid(m, "stderr", r.stderr());
    m.put("fuel", Ipld.of(r.fuelUsed()));
    m.put("wallTimeNs", Ipld.of(nanos(r.wallTime())));
    putMeasure(m, "peakMemory", r.peakMemoryBytes(), human);
    putMeasure(m, "gpuTimeNs", r.gpuTimeNanos(), human);
    putMeasure(m, "energyMj", r.energyMillijoules(), human);
    return Ipld.map(m);
  }

  public static JobResult fromIpld(Field f) {
    f.only(FIELDS);
    Field statusField = f.get("status");
    JobStatus status;
    try {
      status = JobStatus.parse(statusField.string());
    } catch (IllegalArgumentException e) {
      throw statusField.invalid(": " + e.getMessage());
    }
    Cid output = f.opt("output").map(Field::cid).orElse(null);
    Cid stdout = f.opt("stdout").map(Field::cid).orElse(null);
    Cid stderr = f.opt("stderr").map(Field::cid).orElse(null);
    long fuel = f.get("fuel").longValue(0, Long.MAX_VALUE);
    long wallNs = f.get("wallTimeNs").longValue(0, Long.MAX_VALUE);
    OptionalLong peak = measure(f, "peakMemory");
    OptionalLong gpu = measure(f, "gpuTimeNs");
    OptionalLong energy = measure(f, "energyMj");
    return SpecModel.checked(
        f.describe(),
        () ->
            new JobResult(
                status, output, stdout, stderr, fuel, Duration.ofNanos(wallNs), peak, gpu, energy));
  }

  public static byte[] toDagCbor(JobResult r) {
    return DagCbor.encode(toIpld(r, false));
  }

  public static JobResult fromDagCbor(byte[] bytes) {
    try {
      return fromIpld(Field.root(DOCUMENT, DagCbor.decode(bytes)));
    } catch (CodecException e) {
      throw new IllegalArgumentException(DOCUMENT + " is not valid dag-cbor: " + e.getMessage(), e);
    }
  }

  public static String toJson(JobResult r) {
    return JsonIpld.write(toIpld(r, true));
  }

  public static JobResult fromJson(String json) {
    return fromIpld(Field.root(DOCUMENT, JsonIpld.parse(json, DOCUMENT)));
  }

  private static long nanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  private static void putCid(Map<String, Ipld> m, String key, Cid cid) {
    if (cid != null) {
      m.put(key, Ipld.of(cid));
    }
  }

  private static void putMeasure(
      Map<String, Ipld> m, String key, OptionalLong value, boolean human) {
    if (value.isPresent()) {
      m.put(key, Ipld.of(value.getAsLong()));
    } else if (human) {
      m.put(key, Ipld.of(NOT_MEASURED));
    }
  }

  private static OptionalLong measure(Field f, String key) {
    var field = f.opt(key);
    if (field.isEmpty()) {
      return OptionalLong.empty();
    }
    if (field.get().node() instanceof Ipld.Str s && s.value().equals(NOT_MEASURED)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(field.get().longValue(0, Long.MAX_VALUE));
  }
}
