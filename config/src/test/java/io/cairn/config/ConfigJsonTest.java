package io.cairn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigJsonTest {
  @TempDir Path tmp;

  @Test
  void aFileThatIsNotUtf8IsNamedWithTheOffsetAndLineOfTheFirstBadByte(@TempDir Path dir)
      throws Exception {
    Path file = dir.resolve("config");
    byte[] bytes = "{\n  \"A\": \"x\u00ff\"\n}".getBytes(StandardCharsets.ISO_8859_1);
    Files.write(file, bytes);
    assertThatThrownBy(() -> ConfigJson.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "config file "
                + file
                + " is not valid UTF-8 JSON: byte 0xff at offset 11 (line 2) is not UTF-8");

    byte[] random = new byte[4096];
    new java.util.Random(9).nextBytes(random);
    Files.write(file, random);
    assertThatThrownBy(() -> ConfigJson.read(file))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("config file " + file + " is not valid UTF-8 JSON: byte 0x")
        .hasMessageNotContaining("Input length");
  }

  @Test
  void indentsAsKuboDoes() {
    String json =
        "{\"a\":{},\"b\":[],\"c\":[\"x\",\"y\"],\"d\":{\"e\":null,\"f\":1.50,\"g\":true}}";
    assertThat(ConfigJson.pretty(ConfigJson.parse(json, "t")))
        .isEqualTo(
            "{\n  \"a\": {},\n  \"b\": [],\n  \"c\": [\n    \"x\",\n    \"y\"\n  ],\n"
                + "  \"d\": {\n    \"e\": null,\n    \"f\": 1.50,\n    \"g\": true\n  }\n}");
  }

  @Test
  void replacesTheFileWholeWithOwnerOnlyPermissions() throws Exception {
    Path file = tmp.resolve("config");
    Files.writeString(file, "old");
    ConfigJson.writeAtomically(file, "{\"new\": true}\n");
    assertThat(Files.readString(file)).isEqualTo("{\"new\": true}\n");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
    // The target is a folder that cannot be replaced: the rename fails after the data is written.
    Path target = tmp.resolve("config");
    Files.createDirectory(target);
    Files.writeString(target.resolve("keep"), "data");
    assertThatThrownBy(() -> ConfigJson.writeAtomically(target, "{}"))
        .isInstanceOf(UncheckedIOException.class)
        .hasMessageStartingWith("cannot write " + target);
    assertThat(Files.readString(target.resolve("keep"))).isEqualTo("data");
    try (Stream<Path> files = Files.list(tmp)) {
      assertThat(files).containsExactly(target);
    }
  }

  @Test
  void readersNeverSeeAHalfWrittenFile() throws Exception {
    Path file = tmp.resolve("config");
    String a = "{\"v\": \"" + "a".repeat(200_000) + "\"}\n";
    String b = "{\"v\": \"" + "b".repeat(300_000) + "\"}\n";
    ConfigJson.writeAtomically(file, a);
    AtomicBoolean done = new AtomicBoolean();
    List<String> torn = new ArrayList<>();
    Thread reader =
        Thread.ofPlatform()
            .start(
                () -> {
                  while (!done.get()) {
                    try {
                      String seen = Files.readString(file);
                      if (!seen.equals(a) && !seen.equals(b)) {
                        torn.add(seen.length() + " chars");
                      }
                    } catch (IOException e) {
                      torn.add(e.toString());
                    }
                  }
                });
    for (int i = 0; i < 100; i++) {
      ConfigJson.writeAtomically(file, i % 2 == 0 ? b : a);
    }
    done.set(true);
    reader.join();
    assertThat(torn).isEmpty();
  }
}
