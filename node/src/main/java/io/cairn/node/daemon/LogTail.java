package io.cairn.node.daemon;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.AppenderBase;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.LoggerFactory;

/**
 * The daemon's log messages as they come, for Kubo's {@code log tail}: each as {@code {level, ts,
 * logger, msg}} (and {@code error} for an exception), as Kubo's JSON log lines. Messages wait in a
 * queue of {@link #CAPACITY}; those that find it full are dropped and counted, so that a slow
 * reader never holds up the daemon's logging nor its memory.
 */
public final class LogTail implements AutoCloseable {
  /** Messages held for the reader at most. */
  public static final int CAPACITY = 1024;

  private final BlockingQueue<Map<String, Object>> queue = new ArrayBlockingQueue<>(CAPACITY);
  private final AtomicLong dropped = new AtomicLong();
  private final Level threshold;
  private final AppenderBase<ILoggingEvent> appender =
      new AppenderBase<>() {
        @Override
        protected void append(ILoggingEvent event) {
          if (event.getLevel().isGreaterOrEqual(threshold) && !queue.offer(json(event))) {
            dropped.incrementAndGet();
          }
        }
      };

  private LogTail(Level threshold) {
    this.threshold = threshold;
  }

  /**
   * Starts taking the messages the loggers let through at {@code level} or above ({@code null}: all
   * of them).
   *
   * @throws IllegalArgumentException for a level that is not a log level
   */
  public static LogTail open(String level) {
    LogTail tail = new LogTail(level == null ? Level.ALL : LogLevels.parse(level));
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    tail.appender.setContext(context);
    tail.appender.setName("log-tail");
    tail.appender.start();
    root().addAppender(tail.appender);
    return tail;
  }

  /** The next message, waiting up to {@code wait}; null when none came. */
  public Map<String, Object> poll(Duration wait) throws InterruptedException {
    return queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** How many messages were dropped since the last call, the queue being full. */
  public long takeDropped() {
    return dropped.getAndSet(0);
  }

  @Override
  public void close() {
    root().detachAppender(appender);
    appender.stop();
  }

  private static Map<String, Object> json(ILoggingEvent e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("level", LogLevels.name(e.getLevel()));
    m.put("ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
    m.put("logger", e.getLoggerName());
    m.put("msg", e.getFormattedMessage());
    IThrowableProxy t = e.getThrowableProxy();
    if (t != null) {
      m.put("error", t.getClassName() + ": " + t.getMessage());
    }
    return m;
  }

  private static Logger root() {
    return ((LoggerContext) LoggerFactory.getILoggerFactory())
        .getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }
}
