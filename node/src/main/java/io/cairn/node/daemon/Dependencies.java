package io.cairn.node.daemon;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The artifacts this build runs on, as Kubo's {@code version deps} lists the Go modules it was
 * built with: this program first, then each jar of the class path by its Maven coordinates ({@code
 * group:artifact}, from the {@code pom.properties} Maven puts in a jar), sorted. A jar without them
 * is named by its file, with the version its name ends in.
 */
public final class Dependencies {
  /** Kubo's {@code Dependency}: {@code Sum} and {@code ReplacedBy} have no Java counterpart. */
  public record Dependency(String path, String version) {
    /** Kubo's JSON: {@code {Path, Version, ReplacedBy, Sum}}. */
    public Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("Path", path);
      m.put("Version", version);
      m.put("ReplacedBy", "");
      m.put("Sum", "");
      return m;
    }
  }

  /** This program's coordinates. */
  public static final String SELF = "io.cairn:cairn-node";

  private static final Pattern POM = Pattern.compile("META-INF/maven/[^/]+/[^/]+/pom\\.properties");
  private static final Pattern NAME_VERSION = Pattern.compile("(.+?)-(\\d[^-]*(?:-.+)?)");

  private Dependencies() {}

  /** This process's: its {@code java.class.path}. */
  public static List<Dependency> ofThisProcess() {
    return of(System.getProperty("java.class.path", ""));
  }

  /**
   * The dependencies in a class path: jars are read for their coordinates; folders (a build's
   * classes) and entries that cannot be read are left out.
   */
  static List<Dependency> of(String classPath) {
    Map<String, Dependency> found = new LinkedHashMap<>();
    Deque<Path> jars = new ArrayDeque<>();
    for (String entry : classPath.split(java.io.File.pathSeparator)) {
      jars.add(Path.of(entry));
    }
    Set<Path> seen = new HashSet<>();
    while (!jars.isEmpty()) {
      Path jar = jars.poll().toAbsolutePath().normalize();
      if (!jar.toString().endsWith(".jar") || !Files.isRegularFile(jar) || !seen.add(jar)) {
        continue;
      }
      for (Dependency d : read(jar, jars)) {
        if (!d.path().equals(SELF)) {
          found.putIfAbsent(d.path(), d);
        }
      }
    }
    List<Dependency> out = new ArrayList<>(found.values());
    out.sort(Comparator.comparing(Dependency::path));
    out.addFirst(new Dependency(SELF, Versions.version()));
    return out;
  }

  /**
   * The coordinates a jar holds; the jars its manifest's {@code Class-Path} names (a launcher
   * jar's, as a test runner's) are added to {@code more}.
   */
  private static List<Dependency> read(Path jar, Deque<Path> more) {
    List<Dependency> out = new ArrayList<>();
    boolean launcher;
    try (JarFile file = new JarFile(jar.toFile())) {
      Manifest manifest = file.getManifest();
      String linked = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
      launcher = linked != null;
      if (launcher) {
        for (String url : linked.trim().split("\\s+")) {
          try {
            URI uri = jar.toUri().resolve(url);
            more.add(Path.of(uri));
          } catch (IllegalArgumentException | java.nio.file.FileSystemNotFoundException e) {
            // not a file: nothing to list
          }
        }
      }
      for (JarEntry e : java.util.Collections.list(file.entries())) {
        if (!POM.matcher(e.getName()).matches()) {
          continue;
        }
        Properties p = new Properties();
        try (InputStream in = file.getInputStream(e)) {
          p.load(in);
        }
        String group = p.getProperty("groupId");
        String artifact = p.getProperty("artifactId");
        if (group != null && artifact != null) {
          out.add(new Dependency(group + ":" + artifact, p.getProperty("version", "")));
        }
      }
    } catch (IOException | SecurityException e) {
      return List.of();
    }
    if (out.isEmpty() && !launcher) {
      String name = jar.getFileName().toString();
      name = name.substring(0, name.length() - ".jar".length());
      Matcher m = NAME_VERSION.matcher(name);
      out.add(m.matches() ? new Dependency(m.group(1), m.group(2)) : new Dependency(name, ""));
    }
    return out;
  }
}
