package io.cairn.node.daemon;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import javax.management.JMException;
import javax.management.ObjectName;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * What {@code diag profile} collects from the running daemon, as Kubo's collects goroutines, heap
 * and CPU profiles into one zip: {@code version.json}, {@code threads.txt} (every thread's stack
 * and locks, as {@code jcmd Thread.print}), {@code heap-histogram.txt} (live objects by class, as
 * {@code jcmd GC.class_histogram}) and {@code profile.jfr} (a Java Flight Recorder recording with
 * the JDK's "profile" settings, for the profile time: CPU samples, allocations, locks and I/O; open
 * it with {@code jfr} or JDK Mission Control).
 */
public final class DiagnosticArchive {
  /** The collectors, in the order they are written; all by default. */
  public static final List<String> COLLECTORS = List.of("version", "threads", "heap", "jfr");

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  /** Waits for the recording; returns early, throwing, when the request ends. */
  public interface Waiter {
    void await(Duration time) throws InterruptedException;
  }

  private DiagnosticArchive() {}

  /**
   * Checks a list of collectors and a profile time before anything is written.
   *
   * @throws IllegalArgumentException naming the unknown collector, or when {@code jfr} has no time
   */
  public static void check(List<String> collectors, Duration profileTime) {
    for (String c : collectors) {
      if (!COLLECTORS.contains(c)) {
        throw new IllegalArgumentException(
            "unknown collector '" + c + "': one of " + String.join(", ", COLLECTORS));
      }
    }
    if (collectors.contains("jfr") && profileTime.isZero()) {
      throw new IllegalArgumentException(
          "the jfr collector needs a profile time above 0 (leave it out to skip the recording)");
    }
  }

  /**
   * Writes the zip of {@code collectors} to {@code out}; the recording lasts {@code profileTime}.
   */
  public static void write(
      OutputStream out, List<String> collectors, Duration profileTime, Waiter waiter)
      throws IOException, InterruptedException {
    check(collectors, profileTime);
    try (ZipOutputStream zip = new ZipOutputStream(out)) {
      for (String c : COLLECTORS) {
        if (!collectors.contains(c)) {
          continue;
        }
        switch (c) {
          case "version" -> entry(zip, "version.json", JSON.writeValueAsBytes(version()));
          case "threads" -> entry(zip, "threads.txt", diagnostic("threadPrint", "-l"));
          case "heap" -> entry(zip, "heap-histogram.txt", diagnostic("gcClassHistogram"));
          case "jfr" -> recording(zip, profileTime, waiter);
          default -> throw new IllegalStateException(c);
        }
      }
    }
  }

  private static Map<String, Object> version() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("Version", Versions.version());
    m.put("Java", Runtime.version().toString());
    m.put("System", System.getProperty("os.name") + "/" + System.getProperty("os.arch"));
    m.put("Processors", Runtime.getRuntime().availableProcessors());
    m.put("MaxHeapBytes", Runtime.getRuntime().maxMemory());
    m.put("UptimeMillis", ManagementFactory.getRuntimeMXBean().getUptime());
    return m;
  }

  private static void recording(ZipOutputStream zip, Duration time, Waiter waiter)
      throws IOException, InterruptedException {
    Configuration profile;
    try {
      profile = Configuration.getConfiguration("profile");
    } catch (ParseException e) {
      throw new IOException("the JDK's JFR profile settings cannot be read: " + e.getMessage(), e);
    }
    Path file = Files.createTempFile("cairn-profile-", ".jfr");
    try (Recording recording = new Recording(profile)) {
      recording.setName("cairn diag profile");
      recording.setToDisk(true);
      recording.start();
      waiter.await(time);
      recording.stop();
      recording.dump(file);
      zip.putNextEntry(new ZipEntry("profile.jfr"));
      Files.copy(file, zip);
      zip.closeEntry();
    } finally {
      Files.deleteIfExists(file);
    }
  }

  /** A diagnostic command's text, as {@code jcmd} prints it. */
  private static byte[] diagnostic(String operation, String... args) throws IOException {
    try {
      Object text =
          ManagementFactory.getPlatformMBeanServer()
              .invoke(
                  new ObjectName("com.sun.management:type=DiagnosticCommand"),
                  operation,
                  new Object[] {args},
                  new String[] {String[].class.getName()});
      return String.valueOf(text).getBytes(StandardCharsets.UTF_8);
    } catch (JMException e) {
      throw new IOException("the JVM's " + operation + " failed: " + e.getMessage(), e);
    }
  }

  private static void entry(ZipOutputStream zip, String name, byte[] bytes) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(bytes);
    zip.closeEntry();
  }
}
