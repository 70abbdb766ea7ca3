package io.cairn.compute.examples;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;

/** What the example programs should write, computed in Java from the same host files. */
final class ExpectedOutputs {
  private ExpectedOutputs() {}

  /** wordcount's counts.txt for a folder: per file in name order, then the total. */
  static String wordcount(Path dir, String pattern) throws IOException {
    StringBuilder out = new StringBuilder();
    long[] total = new long[4];
    for (Path file : filesByName(dir)) {
      byte[] bytes = Files.readAllBytes(file);
      long[] c = counts(bytes, pattern);
      for (int i = 0; i < 4; i++) {
        total[i] += c[i];
      }
      out.append(line(c, pattern, dir.relativize(file).toString().replace('\\', '/')));
    }
    return out.append(line(total, pattern, "total")).toString();
  }

  private static String line(long[] c, String pattern, String name) {
    return pattern == null
        ? "%d %d %d %s\n".formatted(c[0], c[1], c[2], name)
        : "%d %d %d %d %s\n".formatted(c[0], c[1], c[2], c[3], name);
  }

  private static long[] counts(byte[] bytes, String pattern) {
    long lines = 0;
    long words = 0;
    boolean inWord = false;
    for (byte b : bytes) {
      lines += b == '\n' ? 1 : 0;
      boolean space = b == ' ' || b == '\t' || b == '\n' || b == 0x0b || b == '\f' || b == '\r';
      words += !space && !inWord ? 1 : 0;
      inWord = !space;
    }
    long matches = 0;
    if (pattern != null) {
      String text = new String(bytes, StandardCharsets.ISO_8859_1);
      String[] split = text.split("\n", -1);
      for (int i = 0; i < split.length; i++) {
        boolean isLine = i < split.length - 1 || !split[i].isEmpty();
        matches += isLine && split[i].contains(pattern) ? 1 : 0;
      }
    }
    return new long[] {lines, words, bytes.length, matches};
  }

  /** Regular files under dir, each level sorted by name, as the examples walk it. */
  static List<Path> filesByName(Path dir) throws IOException {
    if (Files.isRegularFile(dir)) {
      return List.of(dir);
    }
    List<Path> files = new ArrayList<>();
    List<Path> children;
    try (Stream<Path> list = Files.list(dir)) {
      children = list.sorted(Comparator.comparing((Path p) -> p.getFileName().toString())).toList();
    }
    for (Path child : children) {
      files.addAll(filesByName(child));
    }
    return files;
  }

  /** nft-rarity's rarity.csv: (trait, value) → files that have it, over the valid files. */
  static String rarity(Path dir) throws IOException {
    ObjectMapper json = new ObjectMapper();
    Map<String, Map<String, Integer>> table = new TreeMap<>();
    int files = 0;
    for (Path file : filesByName(dir)) {
      Set<List<String>> pairs = pairsOf(json, Files.readString(file));
      if (pairs == null) {
        continue;
      }
      files++;
      for (List<String> pair : pairs) {
        table
            .computeIfAbsent(pair.get(0), k -> new TreeMap<>())
            .merge(pair.get(1), 1, Integer::sum);
      }
    }
    StringBuilder out = new StringBuilder("trait_type,value,count,frequency\n");
    for (var trait : table.entrySet()) {
      for (var value : trait.getValue().entrySet()) {
        long count = value.getValue();
        long micro = (count * 2_000_000L + files) / (2L * files);
        out.append(csv(trait.getKey()))
            .append(',')
            .append(csv(value.getKey()))
            .append(',')
            .append(count)
            .append(",%d.%06d\n".formatted(micro / 1_000_000, micro % 1_000_000));
      }
    }
    return out.toString();
  }

  /** The file's distinct (trait_type, value) pairs, or null when it is not valid metadata. */
  private static Set<List<String>> pairsOf(ObjectMapper json, String text) {
    JsonNode doc;
    try {
      doc = json.readTree(text);
    } catch (JsonProcessingException e) {
      return null;
    }
    if (doc == null || !doc.isObject() || !doc.path("attributes").isArray()) {
      return null;
    }
    Set<List<String>> pairs = new LinkedHashSet<>();
    for (JsonNode attribute : doc.get("attributes")) {
      JsonNode trait = attribute.get("trait_type");
      JsonNode value = attribute.get("value");
      if (trait == null || !trait.isTextual() || value == null || value.isContainerNode()) {
        return null;
      }
      pairs.add(
          List.of(trait.textValue(), value.isTextual() ? value.textValue() : value.toString()));
    }
    return pairs;
  }

  private static String csv(String field) {
    if (field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\r' || c == '\n')) {
      return field;
    }
    return '"' + field.replace("\"", "\"\"") + '"';
  }
}
