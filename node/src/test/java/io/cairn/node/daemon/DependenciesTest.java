package io.cairn.node.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code version deps}' list: Maven coordinates from the jars of a class path. */
class DependenciesTest {
  @TempDir Path tmp;

  @Test
  void theTestsClassPathListsItsJarsByCoordinatesThisProgramFirst() {
    List<Dependencies.Dependency> deps = Dependencies.ofThisProcess();
    assertThat(deps.getFirst())
        .isEqualTo(new Dependencies.Dependency(Dependencies.SELF, Versions.version()));
    List<String> paths = deps.stream().skip(1).map(Dependencies.Dependency::path).toList();
    assertThat(paths).isSorted().doesNotHaveDuplicates().contains("io.netty:netty-handler");
    String rocks =
        Stream.of(System.getProperty("java.class.path").split(java.io.File.pathSeparator))
            .map(e -> Path.of(e).getFileName().toString())
            .filter(name -> name.startsWith("rocksdbjni-") && name.endsWith(".jar"))
            .findFirst()
            .orElseThrow();
    String version = rocks.substring("rocksdbjni-".length(), rocks.length() - ".jar".length());
    // rocksdbjni's jar carries no Maven metadata: named by its file
    assertThat(deps).contains(new Dependencies.Dependency("rocksdbjni", version));
  }

  @Test
  void aJarWithoutMavenPropertiesIsNamedByItsFileAndFoldersAreLeftOut() throws IOException {
    Path plain = tmp.resolve("some-lib-2.4.1-jdk11.jar");
    try (OutputStream out = Files.newOutputStream(plain);
        JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new ZipEntry("a/B.class"));
      jar.closeEntry();
    }
    Path maven = tmp.resolve("renamed.jar");
    try (OutputStream out = Files.newOutputStream(maven);
        JarOutputStream jar = new JarOutputStream(out)) {
      jar.putNextEntry(new ZipEntry("META-INF/maven/org.example/thing/pom.properties"));
      jar.write("groupId=org.example\nartifactId=thing\nversion=3.1\n".getBytes());
      jar.closeEntry();
    }
    String classPath =
        String.join(java.io.File.pathSeparator, plain.toString(), tmp.toString(), maven.toString());
    assertThat(Dependencies.of(classPath))
        .containsExactly(
            new Dependencies.Dependency(Dependencies.SELF, Versions.version()),
            new Dependencies.Dependency("org.example:thing", "3.1"),
            new Dependencies.Dependency("some-lib", "2.4.1-jdk11"));
  }
}
