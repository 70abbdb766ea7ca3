package io.cairn.compute.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.cairn.compute.wasm.WasmOutcome;
import io.cairn.storage.BlockStore;
import io.cairn.storage.BlockStores;
import io.cairn.storage.Storage;
import io.cairn.storage.StorageOptions;
import io.cairn.storage.Storages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example programs run by Cairn's WASM engine, their outputs checked against Java. */
@Tag("compute")
class ExamplesTest {
  @TempDir Path tmp;

  private final BlockStore blocks = BlockStores.memory();

  private Path iris(String name) throws IOException {
    Path file = tmp.resolve(name);
    Files.write(file, Examples.resource("iris/" + name));
    return file;
  }

  private WasmOutcome run(String example, Map<String, Path> inputs, String... args) {
    WasmOutcome outcome = Examples.run(blocks, tmp.resolve("scratch"), example, inputs, args);
    assertThat(outcome.status().toString())
        .as("%s: %s", example, Examples.stderr(blocks, outcome))
        .isEqualTo("done");
    return outcome;
  }

  @Test
  void wordcountCountsEveryFileAsJavaDoes() throws IOException {
    Path data = tmp.resolve("data");
    Examples.writeTextCorpus(data, 1);
    WasmOutcome outcome = run("wordcount", Map.of("data", data));
    String counts = Examples.output(blocks, outcome, "counts.txt");
    assertThat(counts).isEqualTo(ExpectedOutputs.wordcount(data, null));
    assertThat(counts.lines()).hasSize(6).last().asString().endsWith(" total");
    assertThat(Examples.stdout(blocks, outcome))
        .isEqualTo(counts.lines().toList().getLast() + "\n");
  }

  @Test
  void wordcountWithAPatternCountsMatchingLinesAsJavaDoes() throws IOException {
    Path data = tmp.resolve("data");
    Examples.writeTextCorpus(data, 2);
    String counts =
        Examples.output(blocks, run("wordcount", Map.of("data", data), "cid"), "counts.txt");
    assertThat(counts).isEqualTo(ExpectedOutputs.wordcount(data, "cid"));
    long matches = Long.parseLong(counts.lines().toList().getLast().split(" ")[3]);
    assertThat(matches).isPositive();
  }

  @Test
  void wordcountOfASingleFileNamesItDot() throws IOException {
    Path file = tmp.resolve("one.txt");
    Files.writeString(file, "one two\nthree");
    String counts = Examples.output(blocks, run("wordcount", Map.of("data", file)), "counts.txt");
    assertThat(counts).isEqualTo("1 3 13 .\n1 3 13 total\n");
  }

  @Test
  void nftRarityTableMatchesJavaAndSkipsMalformedFiles() throws IOException {
    Path metadata = tmp.resolve("metadata");
    Examples.writeNftCollection(metadata, 120, 3);
    WasmOutcome outcome = run("nft-rarity", Map.of("metadata", metadata));
    String table = Examples.output(blocks, outcome, "rarity.csv");
    assertThat(table).isEqualTo(ExpectedOutputs.rarity(metadata));
    assertThat(table)
        .contains("\nBackground,\"Gold, shiny\",")
        .contains("\nBackground,\"Café \"\"noir\"\"\",")
        .contains("\nLegendary,false,")
        .contains("\nLevel,3,");
    assertThat(Examples.stdout(blocks, outcome)).startsWith("120 files, 2 skipped, ");
    assertThat(Examples.stderr(blocks, outcome))
        .contains("skipping /inputs/metadata/0007-truncated.json: ")
        .contains("skipping /inputs/metadata/0008-bad.json: attributes is not an array");
  }

  @Test
  void mlpTrainsOnIrisAndPredictsTheHeldOutRows() throws IOException {
    WasmOutcome trained = run("mlp-train", Map.of("data", iris("iris-train.csv")));
    String weights = Examples.output(blocks, trained, "weights.txt");
    assertThat(weights)
        .startsWith("cairn-mlp 1\nlayers 4 8 3\nclasses setosa versicolor virginica\n");
    assertThat(Examples.stdout(blocks, trained)).contains("epoch 200 training accuracy ");
    Path weightsFile = tmp.resolve("weights.txt");
    Files.writeString(weightsFile, weights);

    WasmOutcome inferred =
        run("mlp-infer", Map.of("weights", weightsFile, "rows", iris("iris-holdout.csv")));
    Matcher accuracy =
        Pattern.compile("accuracy (\\d+)/(\\d+) = (\\S+)\n")
            .matcher(Examples.stdout(blocks, inferred));
    assertThat(accuracy.find()).isTrue();
    assertThat(Integer.parseInt(accuracy.group(2))).isEqualTo(30);
    assertThat(Double.parseDouble(accuracy.group(3))).isGreaterThanOrEqualTo(0.9);

    List<String> predictions =
        Examples.output(blocks, inferred, "predictions.csv").lines().toList();
    assertThat(predictions.getFirst()).isEqualTo("row,predicted,p_setosa,p_versicolor,p_virginica");
    List<String> rows = Files.readAllLines(iris("iris-holdout.csv"));
    JavaMlp model = JavaMlp.parse(weights);
    int correct = 0;
    for (int r = 1; r < rows.size(); r++) {
      String[] fields = rows.get(r).split(",");
      double[] x = Arrays.stream(fields, 0, 4).mapToDouble(Double::parseDouble).toArray();
      String[] predicted = predictions.get(r).split(",");
      assertThat(predicted[0]).isEqualTo(Integer.toString(r));
      assertThat(predicted[1]).as("row %d", r).isEqualTo(model.predict(x));
      double sum = 0;
      for (int c = 2; c < 5; c++) {
        sum += Double.parseDouble(predicted[c]);
      }
      assertThat(sum).isCloseTo(1.0, org.assertj.core.data.Offset.offset(2e-6));
      correct += predicted[1].equals(fields[4]) ? 1 : 0;
    }
    assertThat(accuracy.group(1)).isEqualTo(Integer.toString(correct));
  }

  @Test
  void eachExampleGivesTheSameOutputsTwiceAndInAnotherStore() throws IOException {
    Path data = tmp.resolve("data");
    Examples.writeTextCorpus(data, 4);
    Path metadata = tmp.resolve("metadata");
    Examples.writeNftCollection(metadata, 40, 5);
    Path weights = tmp.resolve("weights.txt");
    Files.writeString(
        weights,
        Examples.output(
            blocks, run("mlp-train", Map.of("data", iris("iris-train.csv"))), "weights.txt"));
    List<Object[]> cases = new ArrayList<>();
    cases.add(new Object[] {"wordcount", Map.of("data", data), new String[] {"hello"}});
    cases.add(new Object[] {"nft-rarity", Map.of("metadata", metadata), new String[0]});
    cases.add(
        new Object[] {"mlp-train", Map.of("data", iris("iris-train.csv")), new String[] {"50"}});
    cases.add(
        new Object[] {
          "mlp-infer", Map.of("weights", weights, "rows", iris("iris-holdout.csv")), new String[0]
        });
    try (Storage rocks = Storages.open(StorageOptions.defaults(tmp.resolve("repo")))) {
      for (Object[] c : cases) {
        String example = (String) c[0];
        @SuppressWarnings("unchecked")
        Map<String, Path> inputs = (Map<String, Path>) c[1];
        String[] args = (String[]) c[2];
        WasmOutcome first = run(example, inputs, args);
        WasmOutcome second = run(example, inputs, args);
        WasmOutcome other =
            Examples.run(rocks.blocks(), tmp.resolve("scratch"), example, inputs, args);
        assertThat(other.status().toString()).isEqualTo("done");
        for (WasmOutcome again : List.of(second, other)) {
          assertThat(again.outputRoot()).as(example).isNotNull().isEqualTo(first.outputRoot());
          assertThat(again.stdout()).as(example).isEqualTo(first.stdout());
          assertThat(again.stderr()).as(example).isEqualTo(first.stderr());
          assertThat(again.fuelUsed()).as(example).isEqualTo(first.fuelUsed());
        }
      }
    }
  }
}
