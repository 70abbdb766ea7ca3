package io.cairn.node.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.LoggerFactory;

/**
 * The daemon's logging levels by subsystem, as Kubo's {@code log level} changes them at run time. A
 * subsystem is a set of Java packages (loggers); one that was never set follows the one it sits in
 * ({@code bitswap} follows {@code p2p}), and all follow the default (the root logger, {@code
 * CAIRN_LOG_LEVEL} at start, {@code warn} unless set).
 */
public final class LogLevels {
  /** Kubo's name for the default level among the subsystems. */
  public static final String DEFAULT = "(default)";

  /** The subsystems and their packages. */
  private static final Map<String, List<String>> SUBSYSTEMS =
      new TreeMap<>(
          Map.ofEntries(
              Map.entry("core", List.of("io.cairn.node")),
              Map.entry("config", List.of("io.cairn.config")),
              Map.entry("storage", List.of("io.cairn.storage")),
              Map.entry("gateway", List.of("io.cairn.retrieval.gateway")),
              Map.entry("p2p", List.of("io.cairn.retrieval.p2p")),
              Map.entry("bitswap", List.of("io.cairn.retrieval.p2p.bitswap")),
              Map.entry("dht", List.of("io.cairn.retrieval.p2p.kad")),
              Map.entry("proofs", List.of("io.cairn.proofs")),
              Map.entry("compute", List.of("io.cairn.compute", "io.cairn.node.jobs")),
              Map.entry("chain", List.of("io.cairn.chain", "io.cairn.node.chain")),
              Map.entry("deals", List.of("io.cairn.node.p2p.deal")),
              Map.entry("market", List.of("io.cairn.node.market")),
              Map.entry("pinning", List.of("io.cairn.node.pinning")),
              Map.entry("remotepinning/mfs", List.of("io.cairn.node.pinning.mfs"))));

  private LogLevels() {}

  /** The subsystems' names, sorted. */
  public static List<String> subsystems() {
    return List.copyOf(SUBSYSTEMS.keySet());
  }

  /** The default level, in Kubo's words ({@code warn}). */
  public static String defaultLevel() {
    return name(root().getEffectiveLevel());
  }

  /** Every subsystem's level, and the default under {@link #DEFAULT}. */
  public static Map<String, String> all() {
    Map<String, String> out = new TreeMap<>();
    SUBSYSTEMS.keySet().forEach(s -> out.put(s, level(s)));
    out.put(DEFAULT, defaultLevel());
    return out;
  }

  /**
   * One subsystem's level.
   *
   * @throws IllegalArgumentException for a subsystem that does not exist
   */
  public static String level(String subsystem) {
    return name(context().getLogger(packages(subsystem).getFirst()).getEffectiveLevel());
  }

  /**
   * Sets one subsystem's level, or with {@code *} every subsystem's and the default.
   *
   * @param level Kubo's names (debug, info, warn, error; dpanic, panic and fatal mean error),
   *     trace, or {@code default} for the default level now
   * @return the level set, in Kubo's words
   * @throws IllegalArgumentException for an unknown subsystem or level
   */
  public static String set(String subsystem, String level) {
    Level parsed = level.equals("default") ? root().getEffectiveLevel() : parse(level);
    if (subsystem.equals("*")) {
      root().setLevel(parsed);
      SUBSYSTEMS.values().forEach(ps -> ps.forEach(p -> context().getLogger(p).setLevel(parsed)));
    } else {
      packages(subsystem).forEach(p -> context().getLogger(p).setLevel(parsed));
    }
    return name(parsed);
  }

  /** Kubo's level names, and trace. */
  static Level parse(String level) {
    return switch (level.toLowerCase(Locale.ROOT)) {
      case "trace" -> Level.TRACE;
      case "debug" -> Level.DEBUG;
      case "info" -> Level.INFO;
      case "warn" -> Level.WARN;
      case "error", "dpanic", "panic", "fatal" -> Level.ERROR;
      default ->
          throw new IllegalArgumentException(
              "invalid log level '"
                  + level
                  + "': use trace, debug, info, warn, error (dpanic, panic and fatal mean error)"
                  + " or default");
    };
  }

  /** Kubo's words for a level: lower case, warn for WARN. */
  static String name(Level level) {
    return level.levelStr.toLowerCase(Locale.ROOT);
  }

  private static List<String> packages(String subsystem) {
    List<String> p = SUBSYSTEMS.get(subsystem);
    if (p == null) {
      throw new IllegalArgumentException(
          "unknown log subsystem '" + subsystem + "': one of " + String.join(", ", subsystems()));
    }
    return p;
  }

  private static Logger root() {
    return context().getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  private static LoggerContext context() {
    return (LoggerContext) LoggerFactory.getILoggerFactory();
  }
}
