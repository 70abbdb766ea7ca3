package io.cairn.node.rpc;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobResult;
import io.cairn.node.api.ApiCommand;
import io.cairn.node.api.ApiException;
import io.cairn.node.api.ApiRequest;
import io.cairn.node.jobs.NodeJobs;
import io.cairn.storage.Cid;
import io.cairn.storage.InvalidCidException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * The {@code job/*} commands (compute jobs run by this node's queue, their results, logs, outputs
 * and signed receipts), one class each, and the argument handling they share.
 */
final class JobRpcs {
  /** A spec file larger than this is refused. */
  static final int MAX_SPEC_BYTES = 1 << 20;

  private JobRpcs() {}

  static List<ApiCommand> all() {
    return List.of(
        new JobRunRpc(),
        new JobLsRpc(),
        new JobStatusRpc(),
        new JobResultRpc(),
        new JobLogsRpc(),
        new JobCancelRpc(),
        new JobVerifyRpc(),
        new JobGetRpc());
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

  static long id(ApiRequest req) {
    String arg = req.argument(0, "job-id");
    try {
      return Long.parseLong(arg.strip());
    } catch (NumberFormatException e) {
      throw ApiException.client("'" + arg + "' is not a job id (a number, as 'job ls' shows)");
    }
  }

  static Cid cid(String arg) {
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
