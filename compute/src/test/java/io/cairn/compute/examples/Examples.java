package io.cairn.compute.examples;

import io.cairn.compute.wasm.WasmJob;
import io.cairn.compute.wasm.WasmOutcome;
import io.cairn.compute.wasm.WasmRunner;
import io.cairn.storage.BlockStore;
import io.cairn.storage.Cid;
import io.cairn.storage.unixfs.FileSystemSource;
import io.cairn.storage.unixfs.ImportListener;
import io.cairn.storage.unixfs.ImportOptions;
import io.cairn.storage.unixfs.UnixFsExporter;
import io.cairn.storage.unixfs.UnixFsImporter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The example programs under {@code compute/examples} as tests use them: their committed modules,
 * seeded input data sets written as host folders, and runs through {@link WasmRunner} over those
 * folders imported into a block store.
 */
final class Examples {
  static final byte[] SEED = "examples".getBytes(StandardCharsets.UTF_8);

  private Examples() {}

  /** The committed module {@code examples/NAME.wasm} from the compute jar's resources. */
  static byte[] module(String name) {
    try (InputStream in = Examples.class.getResourceAsStream("/examples/" + name + ".wasm")) {
      if (in == null) {
        throw new IllegalStateException("no resource /examples/" + name + ".wasm");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A test resource under {@code /examples/}. */
  static byte[] resource(String path) {
    try (InputStream in = Examples.class.getResourceAsStream("/examples/" + path)) {
      if (in == null) {
        throw new IllegalStateException("no resource /examples/" + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A text corpus: files of seeded words and lines, one in a sub-folder, one empty. */
  static void writeTextCorpus(Path dir, long seed) throws IOException {
    Random random = new Random(seed);
    String[] words = {"cairn", "block", "hello", "world", "wasm", "cid", "peer", "dag", "  ", "\t"};
    Files.createDirectories(dir.resolve("sub"));
    for (String name : List.of("b.txt", "a.txt", "sub/c.log", "sub/d.txt")) {
      StringBuilder text = new StringBuilder();
      int lines = 20 + random.nextInt(200);
      for (int l = 0; l < lines; l++) {
        int n = random.nextInt(12);
        for (int w = 0; w < n; w++) {
          text.append(words[random.nextInt(words.length)]).append(w + 1 < n ? " " : "");
        }
        if (l + 1 < lines || random.nextBoolean()) {
          text.append(random.nextInt(7) == 0 ? "\r\n" : "\n");
        }
      }
      Files.writeString(dir.resolve(name), text);
    }
    Files.write(dir.resolve("empty"), new byte[0]);
  }

  /** NFT metadata: seeded traits per token, and two malformed files the program must skip. */
  static void writeNftCollection(Path dir, int tokens, long seed) throws IOException {
    Random random = new Random(seed);
    String[] backgrounds = {"Blue", "Red", "Gold, shiny", "Caf\\u00e9 \\\"noir\\\"", "Green"};
    String[] eyes = {"Laser", "Sleepy", "Wide", "Closed", "3D", "Hypno"};
    Files.createDirectories(dir);
    for (int i = 0; i < tokens; i++) {
      List<String> attributes = new ArrayList<>();
      attributes.add(attribute("Background", '"' + backgrounds[random.nextInt(5)] + '"'));
      attributes.add(attribute("Eyes", '"' + eyes[random.nextInt(eyes.length)] + '"'));
      if (random.nextInt(4) == 0) {
        attributes.add(attribute("Hat", "\"Crown\""));
      }
      attributes.add(attribute("Level", Integer.toString(1 + random.nextInt(5))));
      attributes.add(attribute("Legendary", random.nextInt(20) == 0 ? "true" : "false"));
      String json =
          "{\"name\": \"Token #%d\", \"image\": \"ipfs://x/%d.png\",\n \"attributes\": [%s]}\n"
              .formatted(i, i, String.join(", ", attributes));
      Files.writeString(dir.resolve("%04d.json".formatted(i)), json);
    }
    Files.writeString(dir.resolve("0007-truncated.json"), "{\"name\": \"T\", \"attributes\": [{");
    Files.writeString(dir.resolve("0008-bad.json"), "{\"name\": \"T\", \"attributes\": 12}");
  }

  private static String attribute(String trait, String jsonValue) {
    return "{\"trait_type\": \"" + trait + "\", \"value\": " + jsonValue + "}";
  }

  /** Imports a host file or folder (recursively) into {@code blocks} and returns its root. */
  static Cid add(BlockStore blocks, Path path) {
    return new UnixFsImporter(blocks, ImportOptions.defaults())
        .importEntries(
            FileSystemSource.walk(
                List.of(path), FileSystemSource.WalkOptions.defaults().withRecursive(true)),
            ImportListener.NONE)
        .getLast()
        .cid();
  }

  /** Runs an example over host inputs (name to path) imported into {@code blocks}. */
  static WasmOutcome run(
      BlockStore blocks, Path scratch, String example, Map<String, Path> inputs, String... args) {
    Map<String, Cid> cids = new LinkedHashMap<>();
    inputs.forEach((name, path) -> cids.put(name, add(blocks, path)));
    List<String> argv = Stream.concat(Stream.of(example), Stream.of(args)).toList();
    WasmJob job = WasmJob.command(module(example), cids, SEED).withArgs(argv);
    return new WasmRunner(blocks, ImportOptions.defaults(), scratch).run(job);
  }

  static byte[] cat(BlockStore blocks, Cid file) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new UnixFsExporter(blocks).cat(file, 0, -1, out);
    return out.toByteArray();
  }

  static String output(BlockStore blocks, WasmOutcome outcome, String name) {
    Cid file = new UnixFsExporter(blocks).resolve(outcome.outputRoot(), name);
    return new String(cat(blocks, file), StandardCharsets.UTF_8);
  }

  static String stdout(BlockStore blocks, WasmOutcome outcome) {
    return new String(cat(blocks, outcome.stdout()), StandardCharsets.UTF_8);
  }

  static String stderr(BlockStore blocks, WasmOutcome outcome) {
    return new String(cat(blocks, outcome.stderr()), StandardCharsets.UTF_8);
  }
}
