package io.cairn.compute.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * Seeded inputs for the compute bench. {@code main TEXT_FILE BYTES} writes one text file of about
 * that size (bench/compute's large wordcount input).
 */
final class Inputs {
  private static final String[] WORDS = {
    "cairn", "block", "hello", "world", "wasm", "cid", "peer", "dag", "stone", "ridge", "  ", "\t"
  };

  private Inputs() {}

  public static void main(String[] args) throws IOException {
    Path file = Path.of(args[0]);
    try (OutputStream out = Files.newOutputStream(file)) {
      writeText(out, Long.parseLong(args[1]), 7);
    }
  }

  /** About {@code bytes} of seeded text in eight files of a folder. */
  static void writeText(Path dir, long bytes, long seed) throws IOException {
    Files.createDirectories(dir);
    for (int i = 0; i < 8; i++) {
      try (OutputStream out = Files.newOutputStream(dir.resolve("part-" + i + ".txt"))) {
        writeText(out, bytes / 8, seed + i);
      }
    }
  }

  private static void writeText(OutputStream out, long bytes, long seed) throws IOException {
    Random random = new Random(seed);
    StringBuilder line = new StringBuilder();
    long written = 0;
    byte[] chunk;
    while (written < bytes) {
      line.setLength(0);
      // A batch of lines at a time, so the generator is not the bottleneck.
      for (int l = 0; l < 256; l++) {
        int n = random.nextInt(14);
        for (int w = 0; w < n; w++) {
          line.append(WORDS[random.nextInt(WORDS.length)]).append(w + 1 < n ? " " : "");
        }
        line.append('\n');
      }
      chunk = line.toString().getBytes(StandardCharsets.US_ASCII);
      out.write(chunk);
      written += chunk.length;
    }
  }

  /** {@code tokens} NFT metadata files with seeded traits. */
  static void writeNftCollection(Path dir, int tokens, long seed) throws IOException {
    Random random = new Random(seed);
    String[] backgrounds = {"Blue", "Red", "Gold, shiny", "Caf\\u00e9 \\\"noir\\\"", "Green"};
    String[] eyes = {"Laser", "Sleepy", "Wide", "Closed", "3D", "Hypno"};
    String[] hats = {"Crown", "Cap", "Beanie", "Halo", "None"};
    Files.createDirectories(dir);
    for (int i = 0; i < tokens; i++) {
      String attributes =
          String.join(
              ", ",
              List.of(
                  attribute("Background", '"' + backgrounds[random.nextInt(5)] + '"'),
                  attribute("Eyes", '"' + eyes[random.nextInt(eyes.length)] + '"'),
                  attribute("Hat", '"' + hats[random.nextInt(hats.length)] + '"'),
                  attribute("Level", Integer.toString(1 + random.nextInt(50))),
                  attribute("Legendary", random.nextInt(20) == 0 ? "true" : "false")));
      String json =
          ("{\"name\": \"Token #%d\", \"description\": \"A cairn on a ridge, number %d of the"
                  + " collection.\", \"image\": \"ipfs://x/%d.png\",\n \"attributes\": [%s]}\n")
              .formatted(i, i, i, attributes);
      Files.writeString(dir.resolve("%05d.json".formatted(i)), json);
    }
  }

  private static String attribute(String trait, String jsonValue) {
    return "{\"trait_type\": \"" + trait + "\", \"value\": " + jsonValue + "}";
  }

  /** {@code rows} labelled Iris rows: the given CSV's rows with seeded noise, header first. */
  static void writeIrisRows(Path file, byte[] csv, int rows, long seed) throws IOException {
    List<String> lines = new String(csv, StandardCharsets.UTF_8).lines().toList();
    Random random = new Random(seed);
    try (BufferedWriter out = Files.newBufferedWriter(file)) {
      out.write(lines.getFirst());
      out.write('\n');
      for (int r = 0; r < rows; r++) {
        String[] f = lines.get(1 + random.nextInt(lines.size() - 1)).split(",");
        for (int i = 0; i < f.length - 1; i++) {
          double v = Double.parseDouble(f[i]) + (random.nextInt(21) - 10) / 100.0;
          out.write(String.format(java.util.Locale.ROOT, "%.2f,", v));
        }
        out.write(f[f.length - 1]);
        out.write('\n');
      }
    }
  }
}
