package io.cairn.node.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text of {@code provide stat}, laid out as Kubo's: a brief summary without flags, sections by
 * flag (headed when more than one is shown), and {@code --all --compact} in two columns. The
 * workers section is shown only when the node reports a worker pool: Cairn has none, and Kubo's
 * low-worker warning over zeros would mislead.
 */
final class ProvideStatText {
  /** The sections asked for. */
  record Flags(
      boolean all,
      boolean compact,
      boolean connectivity,
      boolean queues,
      boolean schedule,
      boolean network,
      boolean timings,
      boolean operations,
      boolean workers) {
    int count() {
      int n = 0;
      for (boolean b :
          new boolean[] {
            all, connectivity, queues, schedule, network, timings, operations, workers
          }) {
        n += b ? 1 : 0;
      }
      return n;
    }
  }

  private final Flags f;
  private final boolean brief;
  private final boolean headings;
  private final boolean compactMode;
  private final String indent;
  private final List<List<String>> cols = List.of(new ArrayList<>(), new ArrayList<>());
  private int col0Width;

  private ProvideStatText(Flags f) {
    this.f = f;
    this.brief = f.count() == 0;
    this.headings = f.count() > 1 || f.all();
    this.compactMode = f.all() && f.compact();
    this.indent = brief || !headings ? "" : "  ";
  }

  /** The text for the {@code Sweep} object of {@code provide/stat}. */
  static String render(JsonNode sweep, Flags f) {
    if (sweep.path("closed").asBoolean()) {
      return "Provider is closed\n";
    }
    if (f.compact() && !f.all()) {
      throw new UserException("--compact requires --all flag");
    }
    return new ProvideStatText(f).sections(sweep);
  }

  private void line(int col, String format, Object... args) {
    if (compactMode) {
      String s = String.format(Locale.ROOT, format, args);
      cols.get(col).add(s);
      if (col == 0) {
        col0Width = Math.max(col0Width, GoFormat.runes(s));
      }
      return;
    }
    format = format.replaceFirst(": ", ":\t").replaceFirst(", ", ",\t");
    cols.get(0).add(String.format(Locale.ROOT, format, args));
  }

  private void blank(int col) {
    if (!brief) {
      line(col, "");
    }
  }

  private void title(int col, String title) {
    if (!brief && headings) {
      line(col, "%s:", title);
    }
  }

  private String sections(JsonNode s) {
    JsonNode conn = s.path("connectivity");
    if (f.all() || f.connectivity() || brief && !conn.path("status").asText().equals("online")) {
      title(1, "Connectivity");
      Instant since = time(conn.path("since"));
      if (since == null) {
        line(1, "%sStatus: %s", indent, conn.path("status").asText());
      } else {
        line(1, "%sStatus: %s (%s)", indent, conn.path("status").asText(), GoFormat.time(since));
      }
      blank(1);
    }
    JsonNode q = s.path("queues");
    if (f.all() || f.queues() || brief) {
      title(1, "Queues");
      line(
          1,
          "%sProvide queue: %s CIDs, %s regions",
          indent,
          GoFormat.si(q.path("pending_key_provides").asDouble(), 1),
          GoFormat.si(q.path("pending_region_provides").asDouble(), 1));
      line(
          1,
          "%sReprovide queue: %s regions",
          indent,
          GoFormat.si(q.path("pending_region_reprovides").asDouble(), 1));
      blank(1);
    }
    schedule(s.path("schedule"));
    if (f.all() || f.timings()) {
      JsonNode t = s.path("timing");
      Duration uptime = Duration.ofNanos(t.path("uptime").asLong());
      title(1, "Timings");
      line(
          1,
          "%sUptime: %s (%s)",
          indent,
          GoFormat.duration(uptime),
          GoFormat.time(Instant.now().minus(uptime)));
      line(
          1,
          "%sCurrent time offset: %s",
          indent,
          GoFormat.duration(Duration.ofNanos(t.path("current_time_offset").asLong())));
      line(1, "%sCycle started: %s", indent, GoFormat.time(time(t.path("cycle_start"))));
      line(
          1,
          "%sReprovide interval: %s",
          indent,
          GoFormat.duration(Duration.ofNanos(t.path("reprovides_interval").asLong())));
      blank(1);
    }
    network(s.path("network"));
    operations(s.path("operations"));
    workers(s.path("workers"));
    return layout();
  }

  private void schedule(JsonNode sc) {
    if (!(f.all() || f.schedule() || brief)) {
      return;
    }
    title(0, "Schedule");
    line(0, "%sCIDs scheduled: %s", indent, GoFormat.number(sc.path("keys").asDouble()));
    line(0, "%sRegions scheduled: %s", indent, GoFormat.numberOrNa(sc.path("regions").asDouble()));
    if (!brief) {
      line(
          0,
          "%sAvg prefix length: %s",
          indent,
          GoFormat.floatOrNa(sc.path("avg_prefix_length").asDouble()));
      String prefix = sc.path("next_reprovide_prefix").asText();
      line(0, "%sNext region prefix: %s", indent, prefix.isEmpty() ? "N/A" : prefix);
      Instant next = time(sc.path("next_reprovide_at"));
      line(
          0,
          "%sNext region reprovide: %s",
          indent,
          next == null
              ? "N/A"
              : java.time.format.DateTimeFormatter.ofPattern("HH:mm:ss")
                  .withZone(java.time.ZoneId.systemDefault())
                  .format(next));
    }
    blank(0);
  }

  private void network(JsonNode n) {
    if (!(f.all() || f.network() || brief)) {
      return;
    }
    title(0, "Network");
    line(
        0,
        "%sAvg record holders: %s",
        indent,
        GoFormat.floatOrNa(n.path("avg_holders").asDouble()));
    if (brief) {
      return;
    }
    long peers = n.path("peers").asLong();
    long reachable = n.path("reachable").asLong();
    line(0, "%sPeers swept: %s", indent, GoFormat.integer(peers));
    line(
        0,
        "%sFull keyspace coverage: %s",
        indent,
        n.path("complete_keyspace_coverage").asBoolean());
    if (peers > 0) {
      line(
          0,
          "%sReachable peers: %s (%s%%)",
          indent,
          GoFormat.integer(reachable),
          GoFormat.number(100 * reachable / peers));
    } else {
      line(0, "%sReachable peers: %s", indent, GoFormat.integer(reachable));
    }
    line(
        0,
        "%sAvg region size: %s",
        indent,
        GoFormat.floatOrNa(n.path("avg_region_size").asDouble()));
    line(
        0,
        "%sReplication factor: %s",
        indent,
        GoFormat.number(n.path("replication_factor").asDouble()));
    blank(0);
  }

  private void operations(JsonNode o) {
    if (!(f.all() || f.operations() || brief)) {
      return;
    }
    JsonNode on = o.path("ongoing");
    JsonNode p = o.path("past");
    title(1, "Operations");
    line(
        1,
        "%sOngoing provides: %s CIDs, %s regions",
        indent,
        GoFormat.si(on.path("key_provides").asDouble(), 1),
        GoFormat.si(on.path("region_provides").asDouble(), 1));
    line(
        1,
        "%sOngoing reprovides: %s CIDs, %s regions",
        indent,
        GoFormat.si(on.path("key_reprovides").asDouble(), 1),
        GoFormat.si(on.path("region_reprovides").asDouble(), 1));
    line(
        1,
        "%sTotal CIDs provided: %s",
        indent,
        GoFormat.number(p.path("keys_provided").asDouble()));
    if (brief) {
      return;
    }
    line(
        1,
        "%sTotal records provided: %s",
        indent,
        GoFormat.number(p.path("records_provided").asDouble()));
    line(
        1, "%sTotal provide errors: %s", indent, GoFormat.number(p.path("keys_failed").asDouble()));
    line(
        1,
        "%sCIDs provided/min/worker: %s",
        indent,
        GoFormat.floatOrNa(p.path("keys_provided_per_minute").asDouble()));
    line(
        1,
        "%sCIDs reprovided/min/worker: %s",
        indent,
        GoFormat.floatOrNa(p.path("keys_reprovided_per_minute").asDouble()));
    line(
        1,
        "%sRegion reprovide duration: %s",
        indent,
        GoFormat.durationOrNa(Duration.ofNanos(p.path("reprovide_duration").asLong())));
    line(
        1,
        "%sAvg CIDs/reprovide: %s",
        indent,
        GoFormat.floatOrNa(p.path("avg_keys_per_reprovide").asDouble()));
    line(
        1,
        "%sRegions reprovided (last cycle): %s",
        indent,
        GoFormat.number(p.path("regions_reprovided_last_cycle").asDouble()));
    blank(1);
  }

  private void workers(JsonNode w) {
    int max = w.path("max").asInt();
    if (max == 0 || !(f.all() || f.workers() || brief)) {
      return; // no worker pool reported
    }
    int burst = w.path("dedicated_burst").asInt();
    int periodic = w.path("dedicated_periodic").asInt();
    int activeBurst = w.path("active_burst").asInt();
    int activePeriodic = w.path("active_periodic").asInt();
    int free = Math.max(0, max - Math.max(burst, activeBurst) - Math.max(periodic, activePeriodic));
    int availableBurst = free + Math.max(0, burst - activeBurst);
    int availablePeriodic = free + Math.max(0, periodic - activePeriodic);
    boolean shown = f.all() || f.workers();
    if (!shown && availableBurst > 2 && availablePeriodic > 2) {
      return;
    }
    title(0, "Workers");
    String what = compactMode ? "" : " workers";
    line(
        0,
        "%sActive%s: %s / %s (max)",
        indent,
        what,
        GoFormat.integer(w.path("active").asInt()),
        GoFormat.integer(max));
    String qp = GoFormat.integer(w.path("queued_periodic").asInt());
    String qb = GoFormat.integer(w.path("queued_burst").asInt());
    if (brief) {
      line(
          0,
          "%sPeriodic%s: %s active, %s available, %s queued",
          indent,
          what,
          GoFormat.integer(activePeriodic),
          GoFormat.integer(availablePeriodic),
          qp);
      line(
          0,
          "%sBurst%s: %s active, %s available, %s queued\n",
          indent,
          what,
          GoFormat.integer(activeBurst),
          GoFormat.integer(availableBurst),
          qb);
      return;
    }
    line(0, "%sFree%s: %s", indent, what, GoFormat.integer(free));
    String row = "%s  %-14s %-9s %s";
    line(0, row, indent, "Workers stats:", "Periodic", "Burst");
    line(0, row, indent, "Active:", activePeriodic, activeBurst);
    line(0, row, indent, "Dedicated:", periodic, burst);
    line(0, row, indent, "Available:", availablePeriodic, availableBurst);
    line(0, row, indent, "Queued:", qp, qb);
    line(
        0,
        "%sMax connections/worker: %s",
        indent,
        GoFormat.integer(w.path("max_provide_conns_per_worker").asInt()));
    blank(0);
  }

  private String layout() {
    List<String> out = new ArrayList<>();
    if (compactMode) {
      int rows = Math.max(cols.get(0).size(), cols.get(1).size());
      for (int i = 0; i < rows - 1; i++) { // the last line is blank
        String left = i < cols.get(0).size() ? cols.get(0).get(i) : "";
        String right = i < cols.get(1).size() ? cols.get(1).get(i) : "";
        out.add(GoFormat.pad(left, col0Width + 2) + " " + right);
      }
    } else {
      List<String> lines = cols.get(0);
      out.addAll(brief || lines.isEmpty() ? lines : lines.subList(0, lines.size() - 1));
    }
    if (out.isEmpty()) {
      return "";
    }
    // a line may hold newlines of its own (Kubo's brief Burst line ends in one)
    return GoFormat.tabs(List.of(String.join("\n", out).split("\n", -1)));
  }

  /** An RFC 3339 time of the JSON, or null for Go's zero time. */
  private static Instant time(JsonNode n) {
    String text = n.asText("");
    if (text.isEmpty() || text.startsWith("0001-01-01")) {
      return null;
    }
    return java.time.OffsetDateTime.parse(text).toInstant();
  }
}
