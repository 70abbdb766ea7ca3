package io.cairn.compute.jobs;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobState;
import io.cairn.compute.spec.Field;
import io.cairn.compute.spec.JobSpecCodec;
import io.cairn.compute.spec.ResultCodec;
import io.cairn.storage.KeyValueTable;
import io.cairn.storage.codec.DagCbor;
import io.cairn.storage.codec.Ipld;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;

/**
 * Jobs in a node-state table: {@code job/<id as 8 bytes big-endian>} → dag-cbor {@code {spec,
 * state, submittedMs, result?}}, {@code deaths/<id>} → how many times the node died while the job
 * ran (4 bytes, big-endian; absent when it never did), and {@code next-id} → the next job number.
 */
final class JobTable {
  private static final byte[] JOB_PREFIX = "job/".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] NEXT_ID = "next-id".getBytes(StandardCharsets.US_ASCII);
  private static final byte[] DEATHS_PREFIX = "deaths/".getBytes(StandardCharsets.US_ASCII);
  private static final String DOCUMENT = "stored job";

  private final KeyValueTable table;

  JobTable(KeyValueTable table) {
    this.table = table;
  }

  long allocateId() {
    long id = table.get(NEXT_ID).map(b -> ByteBuffer.wrap(b).getLong()).orElse(1L);
    table.put(NEXT_ID, ByteBuffer.allocate(8).putLong(id + 1).array());
    return id;
  }

  void put(JobRecord job) {
    var m = new LinkedHashMap<String, Ipld>();
    m.put("spec", JobSpecCodec.toIpld(job.spec()));
    m.put("state", Ipld.of(job.state().label()));
    m.put("submittedMs", Ipld.of(job.submitted().toEpochMilli()));
    if (job.result() != null) {
      m.put("result", ResultCodec.toIpld(job.result(), false));
    }
    table.put(key(job.id()), DagCbor.encode(Ipld.map(m)));
  }

  Optional<JobRecord> get(long id) {
    return table.get(key(id)).map(bytes -> decode(id, bytes));
  }

  List<JobRecord> all() {
    var out = new ArrayList<JobRecord>();
    try (var entries = table.scan(JOB_PREFIX)) {
      entries.forEach(
          e ->
              out.add(
                  decode(
                      ByteBuffer.wrap(e.getKey(), JOB_PREFIX.length, 8).getLong(), e.getValue())));
    }
    return out;
  }

  private static JobRecord decode(long id, byte[] bytes) {
    Field f = Field.root(DOCUMENT + " " + id, DagCbor.decode(bytes));
    return new JobRecord(
        id,
        JobSpecCodec.fromIpld(f.get("spec").node()),
        JobState.parse(f.get("state").string()),
        Instant.ofEpochMilli(f.get("submittedMs").longValue(0, Long.MAX_VALUE)),
        f.opt("result").map(ResultCodec::fromIpld).orElse(null));
  }

  /** How many times the node died while the job ran, 0 when it never did. */
  int deaths(long id) {
    return table.get(deathsKey(id)).map(b -> ByteBuffer.wrap(b).getInt()).orElse(0);
  }

  void putDeaths(long id, int deaths) {
    table.put(deathsKey(id), ByteBuffer.allocate(4).putInt(deaths).array());
  }

  void clearDeaths(long id) {
    table.delete(deathsKey(id));
  }

  private static byte[] deathsKey(long id) {
    return ByteBuffer.allocate(DEATHS_PREFIX.length + 8).put(DEATHS_PREFIX).putLong(id).array();
  }

  private static byte[] key(long id) {
    return ByteBuffer.allocate(JOB_PREFIX.length + 8).put(JOB_PREFIX).putLong(id).array();
  }
}
