package io.cairn.node.metrics;

import io.cairn.compute.JobRecord;
import io.cairn.compute.JobState;
import io.cairn.compute.JobStatus;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Label values kept to small, known sets, so that no client can grow the number of series by
 * sending odd paths, methods or status codes.
 */
final class Labels {
  static final String OTHER = "other";
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE");
  private static final Pattern KIND = Pattern.compile("[a-z0-9_.-]{1,32}");

  private Labels() {}

  /** A three-digit HTTP status, or {@code other}. */
  static String status(int status) {
    return status >= 100 && status <= 599 ? Integer.toString(status) : OTHER;
  }

  /** A standard HTTP method in upper case, or {@code other}. */
  static String method(String method) {
    String m = method == null ? "" : method.toUpperCase(Locale.ROOT);
    return METHODS.contains(m) ? m : OTHER;
  }

  /** A short lower-case word such as {@code file} or {@code car}, or {@code other}. */
  static String kind(String kind) {
    String k = kind == null ? "" : kind.toLowerCase(Locale.ROOT);
    return KIND.matcher(k).matches() ? k : OTHER;
  }

  /**
   * How a job ended, without the free text of its status: {@code done}, {@code exit}, {@code
   * fuel-exhausted}, {@code memory-limit}, {@code timeout}, {@code output-limit}, {@code trap},
   * {@code failed} or {@code cancelled}.
   */
  static String jobStatus(JobRecord job) {
    if (job.state() == JobState.CANCELLED) {
      return "cancelled";
    }
    if (job.result() == null) {
      return "failed";
    }
    return switch (job.result().status()) {
      case JobStatus.Done d -> "done";
      case JobStatus.Exit e -> "exit";
      case JobStatus.FuelExhausted f -> "fuel-exhausted";
      case JobStatus.MemoryLimit m -> "memory-limit";
      case JobStatus.Timeout t -> "timeout";
      case JobStatus.OutputLimit o -> "output-limit";
      case JobStatus.Trap t -> "trap";
      case JobStatus.Failed f -> "failed";
    };
  }
}
